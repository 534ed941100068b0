"""Who sees which impact rows; registered with fund.access in ImpactmetricsConfig.ready().

- admin: everything.
- fund manager: plans, requests, submissions, person records and SROI of the funds they manage; every outcome
  contract.
- investee: only its own organisation's rows.
- municipality officer: no row-level impact data; only its municipality's outcome contracts, and aggregates
  attributed to its municipality through the selectors.
- investment committee member, co-investor: no row-level impact data (fund-level aggregates only).
The metric catalog is public to every signed-in user.
"""

from django.db.models import Q, QuerySet

from fund import access


def _plan_q(user, prefix: str = "") -> Q | None:
    """Rows whose plan the user may see; None means all."""
    if access.is_admin(user):
        return None
    return Q(**{f"{prefix}fund__pk__in": access.managed_fund_ids(user)}) | Q(
        **{f"{prefix}organisation__pk__in": access.investee_organisation_ids(user)}
    )


def _filtered(qs: QuerySet, q: Q | None) -> QuerySet:
    return qs if q is None else qs.filter(q)


def scope_metric(user, qs: QuerySet) -> QuerySet:
    return qs


def scope_plan(user, qs: QuerySet) -> QuerySet:
    return _filtered(qs, _plan_q(user))


def scope_plan_metric(user, qs: QuerySet) -> QuerySet:
    return _filtered(qs, _plan_q(user, "plan__"))


def scope_request(user, qs: QuerySet) -> QuerySet:
    return _filtered(qs, _plan_q(user, "plan__"))


def scope_version(user, qs: QuerySet) -> QuerySet:
    return _filtered(qs, _plan_q(user, "request__plan__"))


def scope_value(user, qs: QuerySet) -> QuerySet:
    return _filtered(qs, _plan_q(user, "version__request__plan__"))


def scope_evidence(user, qs: QuerySet) -> QuerySet:
    return _filtered(qs, _plan_q(user, "version__request__plan__"))


def scope_period(user, qs: QuerySet) -> QuerySet:
    if access.is_admin(user):
        return qs
    return qs.filter(fund__pk__in=access.managed_fund_ids(user))


def scope_sroi(user, qs: QuerySet) -> QuerySet:
    return _filtered(qs, _plan_q(user, "plan__"))


def scope_person(user, qs: QuerySet) -> QuerySet:
    if access.is_admin(user):
        return qs
    return qs.filter(
        Q(organisation__impact_plans__fund__pk__in=access.managed_fund_ids(user))
        | Q(organisation__pk__in=access.investee_organisation_ids(user))
    ).distinct()


def scope_contract(user, qs: QuerySet) -> QuerySet:
    if access.is_admin(user) or access.managed_fund_ids(user):
        return qs
    return qs.filter(municipality__pk__in=access.officer_municipality_ids(user))


def register() -> None:
    from impactmetrics import models as m

    for model, func in (
        (m.Metric, scope_metric),
        (m.ImpactPlan, scope_plan),
        (m.PlanMetric, scope_plan_metric),
        (m.DataRequest, scope_request),
        (m.SubmissionVersion, scope_version),
        (m.MetricValue, scope_value),
        (m.Evidence, scope_evidence),
        (m.ReportingPeriod, scope_period),
        (m.SroiAnalysis, scope_sroi),
        (m.PersonRecord, scope_person),
        (m.OutcomeContract, scope_contract),
    ):
        access.register_scope(model, func)
