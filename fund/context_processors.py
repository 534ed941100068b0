"""Template context every page needs: the user's role names for the navigation."""

from fund.access import can_edit_organisations, role_names


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_roles": role_names(user), "nav_can_edit_organisations": can_edit_organisations(user)}
