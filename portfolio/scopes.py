"""Who sees which deal-flow rows; registered with fund.access in PortfolioConfig.ready().

- Applications (and their documents, questions, co-financing): admins; the managers of the application's fund;
  the applicant organisation's investee users (never another organisation's); the fund's IC members once the
  application is on one of their meetings' agendas.
- Due-diligence items: admins and the fund's managers only.
- IC meetings, agenda items and decisions: admins, the fund's managers and the fund's IC members.
- Loans: admins, the fund's managers, and the borrower's investee users; the same for their tranches, ledger,
  schedule versions, snapshots and condition waivers. Bank lines, imports and payment files: admins and the
  fund's managers.
"""

from django.db.models import Model, Q, QuerySet

from fund import access
from fund.access import register_scope


def _application_q(user, prefix: str = "") -> Q | None:
    if access.is_admin(user):
        return None
    return (
        Q(**{f"{prefix}fund__pk__in": access.managed_fund_ids(user)})
        | Q(**{f"{prefix}organisation__pk__in": access.investee_organisation_ids(user)})
        | Q(
            **{f"{prefix}fund__pk__in": access.ic_fund_ids(user), f"{prefix}agenda_items__isnull": False},
        )
    )


def scope_application(user, qs: QuerySet) -> QuerySet:
    q = _application_q(user)
    return qs if q is None else qs.filter(q).distinct()


def _via_application(user, qs: QuerySet) -> QuerySet:
    from portfolio.models import Application

    if access.is_admin(user):
        return qs
    return qs.filter(application__in=scope_application(user, Application.objects.all()).values("pk"))


def scope_dd_item(user, qs: QuerySet) -> QuerySet:
    """The due-diligence checklist is the fund's internal work: admins and the fund's managers."""
    if access.is_admin(user):
        return qs
    return qs.filter(application__fund__pk__in=access.managed_fund_ids(user))


def _committee_q(user, prefix: str) -> Q | None:
    if access.is_admin(user):
        return None
    return Q(**{f"{prefix}fund__pk__in": access.managed_fund_ids(user) | access.ic_fund_ids(user)})


def scope_meeting(user, qs: QuerySet) -> QuerySet:
    q = _committee_q(user, "")
    return qs if q is None else qs.filter(q)


def scope_agenda_item(user, qs: QuerySet) -> QuerySet:
    q = _committee_q(user, "meeting__")
    return qs if q is None else qs.filter(q)


def scope_decision(user, qs: QuerySet) -> QuerySet:
    q = _committee_q(user, "item__meeting__")
    return qs if q is None else qs.filter(q)


def scope_loan(user, qs: QuerySet) -> QuerySet:
    if access.is_admin(user):
        return qs
    return qs.filter(
        Q(fund__pk__in=access.managed_fund_ids(user)) | Q(organisation__pk__in=access.investee_organisation_ids(user))
    )


def _via_loan(user, qs: QuerySet) -> QuerySet:
    from portfolio.models import Loan

    if access.is_admin(user):
        return qs
    return qs.filter(loan__in=scope_loan(user, Loan.objects.all()).values("pk"))


def scope_condition_waiver(user, qs: QuerySet) -> QuerySet:
    """A condition's waiver requests: whoever sees the condition's loan."""
    from portfolio.models import Loan

    if access.is_admin(user):
        return qs
    return qs.filter(condition__loan__in=scope_loan(user, Loan.objects.all()).values("pk"))


def scope_bank_line(user, qs: QuerySet) -> QuerySet:
    """Rows of a fund's own (its bank account, its settings): admins and the fund's managers."""
    if access.is_admin(user):
        return qs
    return qs.filter(fund__pk__in=access.managed_fund_ids(user))


def register() -> None:
    from portfolio import models as m

    register_scope(m.Application, scope_application)
    model: type[Model]
    for model in (m.ApplicationDocument, m.Question, m.CoFinancing):
        register_scope(model, _via_application)
    register_scope(m.DueDiligenceItem, scope_dd_item)
    register_scope(m.ICMeeting, scope_meeting)
    register_scope(m.AgendaItem, scope_agenda_item)
    register_scope(m.ICDecision, scope_decision)
    register_scope(m.Loan, scope_loan)
    # a loan's servicing rows: whoever sees the loan (its investee reads its own ledger and schedule)
    for model in (
        m.ConditionPrecedent,
        m.Tranche,
        m.LedgerEntry,
        m.ScheduleVersion,
        m.LoanSnapshot,
        m.Restructuring,
        m.ImpactTarget,
    ):
        register_scope(model, _via_loan)
    register_scope(m.ConditionWaiver, scope_condition_waiver)
    for model in (m.BankLine, m.BankStatementImport, m.PaymentFile):
        register_scope(model, scope_bank_line)
    # a fund's own settings (due-diligence checklist, scoring criteria, quorum rule, bank account): its managers
    for model in (m.DueDiligenceTemplateItem, m.ScoringCriterion, m.CommitteeRules, m.FundBankAccount):
        register_scope(model, scope_bank_line)
