"""Deal-flow reads that the pages, the API and the reports share: the pipeline board, the funnel, an application's
scores and the IC memo. Plain dataclasses out, a fixed number of queries."""

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from fund.choices import Theme
from fund.models import Fund
from fund.money import ratio_of, round_half_up
from portfolio.choices import (
    DD_FINISHED,
    ApplicationStatus,
    CriterionKind,
)
from portfolio.engine.errors import EngineError
from portfolio.engine.schedule import Schedule, generate_schedule
from portfolio.engine.terms import Terms
from portfolio.models import Application, ApplicationStatusChange, Score
from portfolio.transitions import PIPELINE

ZERO = Decimal("0.00")
DEFAULT_PROPOSED_RATE = Decimal("4.000")


# ---- pipeline board -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PipelineCard:
    pk: int
    reference: str
    organisation: str
    municipality: str
    amount: Decimal
    themes: tuple[str, ...]
    days_in_status: int
    days_since_submission: int
    risk_grade: str


@dataclass(frozen=True)
class PipelineColumn:
    status: str
    label: str
    cards: list[PipelineCard]
    total: Decimal

    @property
    def count(self) -> int:
        return len(self.cards)


@dataclass(frozen=True)
class PipelineFilters:
    theme: str = ""
    municipality: str = ""  # CBS code
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    min_age_days: int | None = None  # submitted at least this many days ago


def pipeline_board(
    *, applications: QuerySet[Application], filters: PipelineFilters, now: datetime.datetime | None = None
) -> list[PipelineColumn]:
    """The open applications in `applications` by pipeline status, filtered; one query whatever their number.

    Age is counted in whole days since submission; days in status since the last status change."""
    now = now or timezone.now()
    qs = applications.filter(status__in=PIPELINE).select_related("organisation__municipality")
    if filters.municipality:
        qs = qs.filter(organisation__municipality__code=filters.municipality)
    if filters.min_amount is not None:
        qs = qs.filter(amount_requested__gte=filters.min_amount)
    if filters.max_amount is not None:
        qs = qs.filter(amount_requested__lte=filters.max_amount)
    if filters.min_age_days is not None:
        qs = qs.filter(submitted_at__lte=now - datetime.timedelta(days=filters.min_age_days))
    qs = qs.only(
        "pk",
        "reference",
        "status",
        "amount_requested",
        "amount_requested_currency",
        "themes",
        "risk_grade",
        "submitted_at",
        "status_changed_at",
        "organisation__legal_name",
        "organisation__trade_name",
        "organisation__municipality__name",
    ).order_by("submitted_at", "pk")
    cards: dict[str, list[PipelineCard]] = {status: [] for status in PIPELINE}
    for app in qs:
        # JSON containment is not portable to SQLite (the demo database), so the theme filter runs here.
        if filters.theme and filters.theme not in app.themes:
            continue
        cards[app.status].append(
            PipelineCard(
                pk=app.pk,
                reference=app.reference,
                organisation=app.organisation.display_name,
                municipality=app.organisation.municipality.name,
                amount=app.amount_requested.amount,
                themes=tuple(app.themes),
                days_in_status=(now - (app.status_changed_at or now)).days,
                days_since_submission=(now - (app.submitted_at or now)).days,
                risk_grade=app.risk_grade,
            )
        )
    return [
        PipelineColumn(
            status=status,
            label=str(ApplicationStatus(status).label),
            cards=cards[status],
            total=sum((c.amount for c in cards[status]), ZERO),
        )
        for status in PIPELINE
    ]


# ---- scores ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreLine:
    criterion_id: int
    kind: str
    name: str
    weight: Decimal
    value: int | None
    note: str


@dataclass(frozen=True)
class ScoreSummary:
    """Weighted scores per kind: Σ(weight × score) / Σ(weight) over the scored criteria, on the 1–5 scale."""

    lines: list[ScoreLine]
    credit: Decimal | None
    impact: Decimal | None


def application_scores(*, application: Application) -> ScoreSummary:
    """Every active criterion of the fund with this application's score (if any) and the weighted averages."""
    criteria = application.fund.scoring_criteria.filter(is_active=True).annotate(
        value=Subquery(Score.objects.filter(application=application, criterion=OuterRef("pk")).values("value")[:1]),
        note=Subquery(Score.objects.filter(application=application, criterion=OuterRef("pk")).values("note")[:1]),
    )
    lines = [ScoreLine(c.pk, c.kind, c.name, c.weight, c.value, c.note or "") for c in criteria]
    averages = {}
    for kind in CriterionKind.values:
        scored = [line for line in lines if line.kind == kind and line.value is not None]
        weight = sum((line.weight for line in scored), Decimal(0))
        averages[kind] = ratio_of(sum((line.weight * (line.value or 0) for line in scored), Decimal(0)), weight)
    return ScoreSummary(lines=lines, credit=averages[CriterionKind.CREDIT], impact=averages[CriterionKind.IMPACT])


# ---- IC memo --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedTerms:
    amount: Decimal
    annual_interest_rate: Decimal
    term_months: int
    grace_months: int
    instrument: str
    disbursement_date: datetime.date
    rate_is_default: bool


@dataclass(frozen=True)
class ICMemo:
    """Everything the committee reads about one application, from the application and the engine's schedule."""

    application: Application
    generated_at: datetime.datetime
    organisation_labels: list[str]
    themes: list[str]
    metrics: list[str]
    co_financing: list[Any]
    co_financing_total: Decimal
    terms: ProposedTerms
    schedule: Schedule | None
    schedule_error: str
    scores: ScoreSummary
    checks: list[Any]
    dd_items: list[Any]
    dd_done: int
    questions_open: int
    questions: list[Any] = field(default_factory=list)

    @property
    def total_project(self) -> Decimal:
        return self.terms.amount + self.co_financing_total


def _first_of_next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def proposed_terms(application: Application, today: datetime.date) -> ProposedTerms:
    """The terms put to the committee: as requested, at the manager's proposed rate (or the default rate)."""
    rate = application.proposed_rate
    return ProposedTerms(
        amount=application.amount_requested.amount,
        annual_interest_rate=rate if rate is not None else DEFAULT_PROPOSED_RATE,
        term_months=application.term_months,
        grace_months=application.grace_months,
        instrument=application.get_instrument_display(),
        disbursement_date=_first_of_next_month(today),
        rate_is_default=rate is None,
    )


def proposed_schedule(terms: ProposedTerms) -> tuple[Schedule | None, str]:
    """The engine's monthly schedule for the proposed terms (grace on principal), or the engine's objection."""
    try:
        schedule = generate_schedule(
            Terms(
                principal=terms.amount,
                annual_interest_rate=terms.annual_interest_rate,
                repayments=terms.term_months,
                disbursement_date=terms.disbursement_date,
                grace_principal=terms.grace_months,
            )
        )
    except EngineError as error:
        return None, f"{error.field}: {error.message}"
    return schedule, ""


def ic_memo(*, application: Application, today: datetime.date | None = None) -> ICMemo:
    """The IC memo of `application` (organisation, financials, proposed terms and schedule, co-financing, impact
    thesis, scores, eligibility and due-diligence status). A fixed number of queries."""
    today = today or timezone.localdate()
    application = (
        Application.objects.select_related("fund", "organisation__municipality")
        .prefetch_related("organisation__labels", "co_financing", "eligibility_checks", "dd_items__owner", "questions")
        .get(pk=application.pk)
    )
    co_financing = list(application.co_financing.all())
    dd_items = list(application.dd_items.all())
    questions = list(application.questions.all())
    terms = proposed_terms(application, today)
    schedule, error = proposed_schedule(terms)
    return ICMemo(
        application=application,
        generated_at=timezone.now(),
        organisation_labels=[str(label) for label in application.organisation.labels.all() if label.held_on(today)],
        themes=[str(Theme(t).label) for t in application.themes if t in Theme.values],
        metrics=[str(metric) for metric in application.metrics.order_by("code")],
        co_financing=co_financing,
        co_financing_total=sum((c.amount.amount for c in co_financing), ZERO),
        terms=terms,
        schedule=schedule,
        schedule_error=error,
        scores=application_scores(application=application),
        checks=list(application.eligibility_checks.all()),
        dd_items=dd_items,
        dd_done=sum(item.status in DD_FINISHED for item in dd_items),
        questions_open=sum(q.answered_at is None for q in questions),
        questions=questions,
    )


# ---- funnel ---------------------------------------------------------------------------------------------------------

FUNNEL_STAGES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SCREENING,
    ApplicationStatus.DUE_DILIGENCE,
    ApplicationStatus.IC,
    ApplicationStatus.APPROVED,
)
FUNNEL_LABELS = {
    ApplicationStatus.SUBMITTED: "received",
    ApplicationStatus.SCREENING: "screened",
    ApplicationStatus.DUE_DILIGENCE: "due_diligence",
    ApplicationStatus.IC: "committee",
    ApplicationStatus.APPROVED: "approved",
}


@dataclass(frozen=True)
class FunnelStage:
    """Applications received in the period that reached this stage (ever entered it).

    conversion: count / count of the previous stage (None for the first stage or an empty previous stage).
    median_days: median whole days from entering this stage to first leaving it, over those that left it
    (None when none has left it yet). Amounts are the amounts requested."""

    key: str
    status: str
    count: int
    amount: Decimal
    conversion: Decimal | None
    median_days: Decimal | None

    @property
    def conversion_percent(self) -> Decimal | None:
        return None if self.conversion is None else round_half_up(self.conversion * 100, 1)


@dataclass(frozen=True)
class Funnel:
    fund_slug: str
    start: datetime.date
    end: datetime.date
    stages: list[FunnelStage]
    declined: int
    withdrawn: int
    disbursed: int | None  # counted by loan servicing once loans are disbursed


def _entered(stage: str) -> Subquery:
    return Subquery(
        ApplicationStatusChange.objects.filter(application=OuterRef("pk"), to_status=stage)
        .order_by("at")
        .values("at")[:1]
    )


def _left(stage: str) -> Subquery:
    return Subquery(
        ApplicationStatusChange.objects.filter(application=OuterRef("pk"), from_status=stage)
        .order_by("at")
        .values("at")[:1]
    )


def application_funnel(*, fund: Fund, start: datetime.date, end: datetime.date) -> Funnel:
    """The funnel of the applications `fund` received (submitted) from `start` to `end` inclusive.

    Counts and amounts are aggregated in SQL (one query); the medians come from one more query of the stage
    entry and exit times (medians are not portable SQL)."""
    tz = timezone.get_current_timezone()
    lower = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    upper = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    received = Application.objects.filter(fund=fund, submitted_at__gte=lower, submitted_at__lt=upper)
    annotated = received.annotate(
        **{f"in_{s}": _entered(s) for s in FUNNEL_STAGES},
        **{f"out_{s}": _left(s) for s in FUNNEL_STAGES if s != ApplicationStatus.APPROVED},
    )
    money: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)
    aggregates: dict[str, Any] = {}
    for s in FUNNEL_STAGES:
        reached = Q(**{f"in_{s}__isnull": False})
        aggregates[f"n_{s}"] = Count("pk", filter=reached)
        aggregates[f"a_{s}"] = Coalesce(Sum("amount_requested", filter=reached), Value(ZERO), output_field=money)
    aggregates["declined"] = Count("pk", filter=Q(status=ApplicationStatus.DECLINED))
    aggregates["withdrawn"] = Count("pk", filter=Q(status=ApplicationStatus.WITHDRAWN))
    totals = annotated.aggregate(**aggregates)
    spans = list(annotated.values(*[f"in_{s}" for s in FUNNEL_STAGES], *[f"out_{s}" for s in FUNNEL_STAGES[:-1]]))
    stages = []
    previous = None
    for s in FUNNEL_STAGES:
        count = totals[f"n_{s}"]
        days = [
            (row[f"out_{s}"] - row[f"in_{s}"]).days
            for row in spans
            if s != ApplicationStatus.APPROVED and row[f"in_{s}"] and row[f"out_{s}"]
        ]
        stages.append(
            FunnelStage(
                key=FUNNEL_LABELS[s],
                status=s,
                count=count,
                amount=Decimal(totals[f"a_{s}"]).quantize(Decimal("0.01")),
                conversion=ratio_of(count, previous, places=4),
                median_days=Decimal(str(statistics.median(days))) if days else None,
            )
        )
        previous = count
    return Funnel(
        fund_slug=fund.slug,
        start=start,
        end=end,
        stages=stages,
        declined=totals["declined"],
        withdrawn=totals["withdrawn"],
        disbursed=None,
    )
