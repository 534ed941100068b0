"""DRF permission that applies the access module's route policy to API views (default deny)."""

from rest_framework.permissions import BasePermission

from fund.access import policy_permits


class ScopedAccess(BasePermission):
    """Allows an API view only to the roles in its `allowed_roles`; a view without them is closed to everyone."""

    def has_permission(self, request, view) -> bool:
        roles = getattr(view, "allowed_roles", None)
        if not roles:  # default deny: a view that names no roles lets nobody in
            return False
        return policy_permits(request.user, frozenset(roles))
