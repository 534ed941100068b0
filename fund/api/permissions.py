"""DRF permission that applies the access module's route policy to API views (default deny)."""

from rest_framework.permissions import BasePermission

from fund.access import policy_permits


class ScopedAccess(BasePermission):
    """Allows an API view only to the roles in its `allowed_roles`; a view without them is closed to everyone."""

    def has_permission(self, request, view) -> bool:
        roles = getattr(view, "allowed_roles", None)
        return bool(roles) and policy_permits(request.user, frozenset(roles))
