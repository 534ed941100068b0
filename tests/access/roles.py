"""The demo roles the URL walk logs in as, and a helper to write expected statuses."""

ROLES = ("admin", "manager", "ic", "investee", "coinvestor", "haarlem", "rotterdam", "anonymous")


def expect(default: int, **per_role: int) -> dict[str, int]:
    """Expected status per role: `default` for every logged-in role, 302 (to the login page) for anonymous."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = 302
    table.update(per_role)
    return table
