"""The one table of allowed status moves per aggregate. Only the named services in portfolio.services move a status."""

from django.utils.translation import gettext as _

from fund.errors import DomainError
from portfolio.choices import ApplicationStatus as S
from portfolio.choices import LoanStatus

# from status → the statuses it may move to
APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.SCREENING, S.DECLINED, S.WITHDRAWN}),
    S.SCREENING: frozenset({S.DUE_DILIGENCE, S.DECLINED, S.WITHDRAWN}),
    S.DUE_DILIGENCE: frozenset({S.IC, S.SCREENING, S.DECLINED, S.WITHDRAWN}),
    S.IC: frozenset({S.APPROVED, S.DECLINED, S.DUE_DILIGENCE, S.WITHDRAWN}),
    S.APPROVED: frozenset(),
    S.DECLINED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

# The order of the pipeline, used by the board and the funnel.
PIPELINE = (S.SUBMITTED, S.SCREENING, S.DUE_DILIGENCE, S.IC)


def application_transition_check(current: str, target: str) -> None:
    """Raise a DomainError unless an application may move from `current` to `target`."""
    if target not in APPLICATION_TRANSITIONS.get(current, frozenset()):
        raise DomainError(
            _("An application cannot move from “%(current)s” to “%(target)s”.")
            % {"current": S(current).label, "target": S(target).label}
        )


# --- loans -----------------------------------------------------------------------------------------------------------

LOAN_TRANSITIONS: dict[str, frozenset[str]] = {
    LoanStatus.APPROVED: frozenset({LoanStatus.CONTRACTED}),
    LoanStatus.CONTRACTED: frozenset({LoanStatus.ACTIVE}),
    LoanStatus.ACTIVE: frozenset({LoanStatus.RESTRUCTURED, LoanStatus.REPAID, LoanStatus.WRITTEN_OFF}),
    LoanStatus.RESTRUCTURED: frozenset({LoanStatus.REPAID, LoanStatus.WRITTEN_OFF}),
    LoanStatus.REPAID: frozenset({LoanStatus.ACTIVE, LoanStatus.RESTRUCTURED}),  # a reversed payment reopens it
    LoanStatus.WRITTEN_OFF: frozenset(),
}


def loan_transition_check(current: str, target: str) -> None:
    """Raise a DomainError unless a loan may move from `current` to `target`."""
    if target not in LOAN_TRANSITIONS.get(current, frozenset()):
        raise DomainError(
            _("A loan cannot move from “%(current)s” to “%(target)s”.")
            % {"current": LoanStatus(current).label, "target": LoanStatus(target).label}
        )
