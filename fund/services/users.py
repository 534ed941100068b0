"""Users and their role assignments, as changed in the back-office: every change is written to the audit trail."""

from django.db import transaction

from fund.audit import audit_record, diff, snapshot
from fund.choices import AuditAction
from fund.models import AuditEvent, RoleAssignment, User

USER_AUDIT_FIELDS = ("email", "full_name", "is_active", "is_staff", "is_superuser")


def user_state(user: User) -> dict[str, str | None]:
    """What the audit trail compares of a user: its flags and its roles, each role as "code · scope" (in no
    language), read from the database."""
    roles = sorted(
        f"{r.role} · {r.fund or r.organisation or r.member or r.municipality}"
        if (r.fund_id or r.organisation_id or r.member_id or r.municipality_id)
        else str(r.role)
        for r in RoleAssignment.objects.filter(user=user).select_related(
            "fund", "organisation", "member__organisation", "member__fund", "municipality"
        )
    )
    return snapshot(user, USER_AUDIT_FIELDS) | {"roles": "; ".join(roles) or None}


@transaction.atomic
def user_change_record(*, actor: User | None, user: User, before: dict[str, str | None] | None) -> AuditEvent | None:
    """Write what an administrator changed on `user` (its flags, its role assignments) as one audit event: "created"
    when `before` is None, else the fields whose value changed; nothing when nothing changed."""
    changes = diff(before or {}, user_state(user))
    if before is not None and not changes:
        return None
    action = AuditAction.USER_CREATED if before is None else AuditAction.USER_CHANGED
    return audit_record(actor=actor, action=action, obj=user, changes=changes)
