"""Template context every page needs: the user's role names for the navigation (none while the login waits for its
second step: those pages would not open)."""

from fund.access import can_edit_organisations, role_names
from fund.two_factor import pending_step


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if pending_step(request) is not None:
        return {"nav_hidden": True}
    return {"nav_roles": role_names(user), "nav_can_edit_organisations": can_edit_organisations(user)}
