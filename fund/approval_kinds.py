"""The registry of four-eyes kinds: each app declares, from its AppConfig.ready, what a kind of change is called, who
may approve it, what approving it does and how the approver sees it. The services (fund.services.approvals) and the
access scope read it; it imports neither."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from fund.choices import Role
from fund.errors import FourEyesError
from fund.models import PendingChange, User

# (field label, old value, new value) as the approver reads them side by side
DescribeRow = tuple[str, str, str]
ApplyFunc = Callable[[PendingChange, User], None]
DeclineFunc = Callable[[PendingChange, User], None]
DescribeFunc = Callable[[PendingChange], list[DescribeRow]]

DEFAULT_CHECKER_ROLES = frozenset({Role.FUND_MANAGER.value})


@dataclass(frozen=True)
class ApprovalKind:
    """What one kind of change is called, who may approve it, what approving it does and how it is shown."""

    name: str
    label: Promise | str
    apply: ApplyFunc
    checker_roles: frozenset[str]
    describe: DescribeFunc | None = None
    on_decline: DeclineFunc | None = None


KINDS: dict[str, ApprovalKind] = {}  # filled at start-up only


def approval_kind_register(
    kind: str,
    *,
    label: Promise | str,
    apply: ApplyFunc,
    checker_roles: frozenset[str] | None = None,
    describe: DescribeFunc | None = None,
    on_decline: DeclineFunc | None = None,
) -> None:
    """Declare a kind of change (call it from the owning app's AppConfig.ready).

    `apply(change, approver)` makes the change from `change.payload`; it runs inside the approval's transaction and
    may raise a DomainError or ValidationError to refuse (nothing is then approved). `checker_roles` are the roles
    (held for the change's fund; "admin" for administrators) that may approve or reject; default fund manager.
    `describe(change)` gives the rows of the approver's side-by-side view; default: `before` against `payload`.
    `on_decline(change, actor)` runs inside the transaction that rejects (actor: the checker) or withdraws (actor: the
    requester) the change, for a kind whose request also lives in a row of its own that must be closed with it."""
    KINDS[kind] = ApprovalKind(
        name=kind,
        label=label,
        apply=apply,
        checker_roles=checker_roles if checker_roles is not None else DEFAULT_CHECKER_ROLES,
        describe=describe,
        on_decline=on_decline,
    )


def approval_kind(kind: str) -> ApprovalKind:
    """The registered kind named `kind`; a FourEyesError when no app registered it."""
    try:
        return KINDS[kind]
    except KeyError as exc:
        raise FourEyesError(_("“%(kind)s” is not a kind of change that can be requested.") % {"kind": kind}) from exc


def approval_kinds() -> dict[str, ApprovalKind]:
    """Every registered kind by name."""
    return dict(KINDS)


def approval_kind_label(kind: str) -> str:
    """The readable name of a kind (its code when no app registered it)."""
    registered = KINDS.get(kind)
    return str(registered.label) if registered else kind
