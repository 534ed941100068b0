"""Demo impact data: plans for every demo investee and three years of quarterly reports (SIF ZKIJ since its start).

Variety on purpose: some reports came in late, some were returned and corrected, one has a large jump that the
investee explained, one approved report was corrected later with a reason, and the latest quarter is partly still
open (Buurtkeuken's among them, overdue) or waiting for review. Person records, an outcome contract for Rotterdam and
an SROI analysis complete the picture.

The approved history is written in bulk (with its historical submission and approval times); the special cases go
through the services, like real use. Idempotent: a plan that exists is left as it is.
"""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from demo.funds import INVESTEES, second_manager
from fund.models import Fund, Municipality, Organisation, User
from impactmetrics.choices import Frequency, RequestStatus, VersionStatus
from impactmetrics.models import (
    BenefitNorm,
    DataRequest,
    ImpactPlan,
    Metric,
    MetricValue,
    OutcomeContract,
    OutcomePayment,
    OutcomeRate,
    PersonRecord,
    SroiAnalysis,
    SubmissionVersion,
)
from impactmetrics.services.catalog import metric_catalog_load
from impactmetrics.services.outcomes import outcome_payment_claim, outcome_payment_mark_paid, person_record_add
from impactmetrics.services.plans import PlanMetricSpec, impact_plan_create
from impactmetrics.services.requests import reporting_periods_ensure
from impactmetrics.services.sroi import OutcomeAssumptions, sroi_analysis_create
from impactmetrics.services.submissions import (
    SubmissionInput,
    submission_approve,
    submission_correction_start,
    submission_return,
    submission_submit,
)

D = datetime.date
NORM_2025_SOURCE = "Bijstandsnorm alleenstaande 21 jaar tot AOW-leeftijd, 1 januari 2025 (Rijksoverheid)"
LAST_END = D(2026, 9, 30)  # the latest quarter in the demo: 2026-Q3, due 31 October 2026
FIRST_END = {"sif-rotterdam": D(2023, 12, 31), "sif-zkij": D(2025, 6, 30)}

JOBS = [
    "OD9151",
    "OI8869",
    "OI4038",
    "SIF-DISTANCE",
    "SIF-DIST-SHARE",
    "PI3687",
    "SIF-PLACED",
    "SIF-INWORK",
    "SIF-RET12",
    "SIF-BANEN",
]
CIRCULAR = [
    "OD9151",
    "SIF-DISTANCE",
    "SIF-DIST-SHARE",
    "SIF-PLACED",
    "OI7549",
    "SIF-WASTE",
    "OI6709",
    "OI2535",
    "SIF-RECYCLED-SHARE",
]
CLIENTS = ["OD9151", "SIF-DISTANCE", "SIF-DIST-SHARE", "SIF-PLACED", "PI4060", "PI7098", "PI9465", "PI3527"]
CIRCULAR_WORDS = ("Kringloop", "Upcycle", "Textielhub", "Circulair", "Fiets", "Groene", "Zonnepanelen", "Energie")
CLIENT_WORDS = ("Taalhuis", "Digitaal", "Schuldhulp", "Kinderopvang", "Zorg", "Buurthuis")
HALF_YEARLY = {"Groene Daken Rotterdam B.V.", "Zonnepanelen Samen Coöperatie U.A."}
YEARLY = {"Schuldhulp Start B.V."}
BUURTKEUKEN = "Buurtkeuken Delfshaven B.V."
RETURNED = {"Fietsfabriek Zuid B.V.", "Spaarne Werkt B.V.", "Maaltijdmakers Rotterdam B.V."}
JUMP = "Havenwerk Leer-werkbedrijf B.V."
CORRECTED = "Stichting Werkplaats Feijenoord"
LATE = {"Zorgcafé Charlois B.V.", "Taalhuis Werkt B.V.", "Textielhub Beverwijk B.V."}
STILL_OPEN = {BUURTKEUKEN, "Kinderopvang Samen B.V.", "Strandwerk Zandvoort B.V.", "Heemskerk Zorgt B.V."}
WAITING_REVIEW = {"Digitaal Erbij B.V.", "Kennemer Klusbedrijf B.V.", "Bakkerij De Kans B.V."}


def _metric_set(legal_name: str) -> list[str]:
    if any(word in legal_name for word in CIRCULAR_WORDS):
        return CIRCULAR
    if any(word in legal_name for word in CLIENT_WORDS):
        return CLIENTS
    return JOBS


def _quarter_ends(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    ends, year, quarter = [], first.year, (first.month - 1) // 3
    while True:
        month = 3 * quarter + 3
        end = (D(year + month // 12, month % 12 + 1, 1)) - datetime.timedelta(days=1)
        if end > last:
            return ends
        ends.append(end)
        quarter += 1
        if quarter == 4:
            year, quarter = year + 1, 0


class _Series:
    """A plausible, gently moving set of values per quarter for one investee (deterministic per KvK number)."""

    def __init__(self, kvk: str):
        self.rng = random.Random(int(kvk))
        self.employees = self.rng.randint(8, 30)
        self.distance_share = Decimal(self.rng.randint(40, 70)) / 100
        self.in_work_from_bijstand = max(1, self.employees // 4)
        self.waste = Decimal(self.rng.randint(20, 60))

    def quarter(self, months: int = 3) -> dict[str, Decimal]:
        growth = self.rng.choice((0, 0, 1, 1, 2))
        if self.rng.random() < 0.15:
            growth = -1
        self.employees = max(5, self.employees + growth)
        e = self.employees
        distance = int(e * self.distance_share)
        permanent = max(1, int(e * Decimal("0.6")))
        self.in_work_from_bijstand = min(distance, self.in_work_from_bijstand + self.rng.choice((0, 0, 1)))
        placed_per_quarter = self.rng.randint(2, 3)
        clients = self.rng.randint(80, 100)
        self.waste = self.waste * Decimal(self.rng.choice(("1.00", "1.05", "1.08", "0.97")))
        produced = (self.waste * Decimal("0.6")).quantize(Decimal("0.1"))
        per = months // 3
        return {
            "OD9151": Decimal(e),
            "OI8869": Decimal(permanent),
            "OI4038": Decimal(max(0, permanent // 5)),
            "SIF-DISTANCE": Decimal(distance),
            "PI3687": Decimal(max(growth, 0) * per),
            "SIF-PLACED": Decimal(placed_per_quarter * per),
            "SIF-INWORK": Decimal(self.in_work_from_bijstand),
            "SIF-RET12": Decimal(max(0, self.in_work_from_bijstand - 2)),
            "SIF-BANEN": (Decimal(distance) * Decimal("24") / Decimal("25.5")).quantize(Decimal("0.1")),
            "OI7549": (self.waste * per).quantize(Decimal("0.1")),
            "SIF-WASTE": (self.waste * Decimal("0.4") * per).quantize(Decimal("0.1")),
            "OI6709": produced * per,
            "OI2535": (produced * Decimal("0.7")).quantize(Decimal("0.1")) * per,
            "PI4060": Decimal(clients * per),
            "PI7098": Decimal(int(clients * 0.6) * per),
            "PI9465": Decimal(self.rng.randint(6, 10) * per),
        }


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def _as_text(values: dict[str, Decimal], codes: list[str]) -> dict[str, str | Decimal]:
    return {c: values[c] for c in codes if c in values}  # numbers are taken exactly, like numeric spreadsheet cells


def _plans(funds: dict[str, Fund]) -> list[ImpactPlan]:
    plans = []
    for legal_name, *_rest in INVESTEES:
        organisation = Organisation.objects.get(legal_name=legal_name)
        fund = funds["sif-rotterdam"] if organisation.municipality.code == "GM0599" else funds["sif-zkij"]
        existing = ImpactPlan.objects.filter(organisation=organisation, fund=fund).first()
        if existing:
            plans.append(existing)
            continue
        codes = _metric_set(legal_name)
        series = _Series(organisation.kvk_number)
        start = FIRST_END[fund.slug].replace(day=1, month=FIRST_END[fund.slug].month - 2)
        targets = {
            "OD9151": {y: Decimal(series.employees + 2 * (y - 2023)) for y in (2024, 2025, 2026)},
            "SIF-PLACED": {y: Decimal(10) for y in (2024, 2025, 2026)},
            "SIF-DISTANCE": {
                y: Decimal(int(series.employees * series.distance_share) + y - 2023) for y in (2024, 2025, 2026)
            },
        }
        frequency = (
            Frequency.HALF_YEARLY
            if legal_name in HALF_YEARLY
            else Frequency.YEARLY
            if legal_name in YEARLY
            else Frequency.QUARTERLY
        )
        plans.append(
            impact_plan_create(
                actor=None,
                organisation=organisation,
                fund=fund,
                start_date=start,
                frequency=frequency,
                target_group=(
                    "Mensen uit de bijstand en jongeren zonder startkwalificatie"
                    if codes is not CIRCULAR
                    else "Mensen met een afstand tot de arbeidsmarkt, in banen in reparatie en recycling"
                ),
                impact_thesis="Betaald, duurzaam werk voor mensen die de arbeidsmarkt laat liggen.",
                metrics=[
                    PlanMetricSpec(
                        code=code,
                        baseline_value=Decimal(series.employees) if code == "OD9151" else None,
                        baseline_date=start if code == "OD9151" else None,
                        targets=targets.get(code, {}),
                    )
                    for code in codes
                ],
            )
        )
    return plans


def _history(plan: ImpactPlan, manager: User, investee: User | None, reviewer: User) -> None:
    """Approved reports up to the quarter before the last, written in bulk with their historical times."""
    fund = plan.fund
    periods = {p.end: p for p in reporting_periods_ensure(fund=fund, until=LAST_END + datetime.timedelta(days=1))}
    metrics = {
        m.code: m
        for m in Metric.objects.filter(code__in=[pm.metric.code for pm in plan.plan_metrics.select_related("metric")])
    }
    entered = [c for c, m in metrics.items() if m.is_entered]
    series = _Series(plan.organisation.kvk_number)
    legal_name = plan.organisation.legal_name
    for end in _quarter_ends(FIRST_END[fund.slug], LAST_END):
        values = series.quarter(plan.months)
        if end.month % plan.months:
            continue
        start = D(end.year, end.month - plan.months + 1, 1) if plan.months < 12 else D(end.year, 1, 1)
        period = periods[end]
        if end == LAST_END or (end == D(2026, 6, 30) and legal_name in RETURNED | {JUMP}):
            _special(plan, period, start, values, entered, manager, investee, reviewer)
            continue
        late = legal_name in LATE and end.month == 6
        submitted = period.due_date + datetime.timedelta(days=12 if late else -5)
        approved = submitted + datetime.timedelta(days=6)
        request = DataRequest.objects.create(
            plan=plan,
            period=period,
            period_start=start,
            period_end=end,
            due_date=period.due_date,
            status=RequestStatus.APPROVED,
            submitted_at=_moment(submitted),
            approved_at=_moment(approved),
        )
        version = SubmissionVersion.objects.create(
            request=request,
            number=1,
            status=VersionStatus.APPROVED,
            created_by=investee,
            submitted_by=investee,
            submitted_at=_moment(submitted),
            reviewed_by=manager,
            reviewed_at=_moment(approved),
            approved_at=_moment(approved),
        )
        MetricValue.objects.bulk_create(
            [MetricValue(version=version, metric=metrics[c], value=values[c]) for c in entered if c in values]
        )


def _special(plan, period, start, values, entered, manager, investee, reviewer) -> None:
    """The latest quarters, through the services: open, waiting, returned and corrected, or explained."""
    legal_name = plan.organisation.legal_name
    request = DataRequest.objects.create(
        plan=plan, period=period, period_start=start, period_end=period.end, due_date=period.due_date
    )
    if legal_name in STILL_OPEN and period.end == LAST_END:
        return  # overdue: the investee has not reported yet
    actor = investee or manager
    raw = _as_text(values, entered)
    explanations = dict.fromkeys(entered, "Seasonal variation.")
    if legal_name == JUMP and period.end != LAST_END:
        raw["OD9151"] = str(int(values["OD9151"] * Decimal("1.7")))
        raw["OI8869"] = str(int(values["OI8869"] * Decimal("1.7")))
        explanations["OD9151"] = "We took over the staff of the port canteen that closed in May (22 people)."
    if legal_name in RETURNED and period.end != LAST_END:
        wrong = raw | {"OD9151": str(int(values["OD9151"]) + 10)}
        first = submission_submit(actor=actor, request=request, data=SubmissionInput(wrong, {}, explanations))
        submission_return(
            actor=manager,
            version=first,
            comments={"OD9151": "Your payroll summary shows 10 fewer employees; please check."},
        )
    version = submission_submit(actor=actor, request=request, data=SubmissionInput(raw, {}, explanations))
    if legal_name in WAITING_REVIEW and period.end == LAST_END:
        return
    # a manager who typed the figures for the investee has the other manager approve them (four eyes)
    submission_approve(actor=reviewer if actor == manager else manager, version=version)


def _correction(manager: User, reviewer: User) -> None:
    """An approved report corrected later, with a reason: the old version stays in the history."""
    request = DataRequest.objects.filter(plan__organisation__legal_name=CORRECTED, period_end=D(2026, 3, 31)).first()
    if request is None or request.versions.count() > 1:
        return
    version = submission_correction_start(
        actor=manager, request=request, reason="The payroll provider corrected the March headcount."
    )
    raw = {v.metric.code: v.value for v in version.values.select_related("metric") if v.value is not None}
    raw["OD9151"] += 1
    explanations = dict.fromkeys(raw, "Correction.")
    corrected = submission_submit(actor=manager, request=request, data=SubmissionInput(raw, {}, explanations))
    # the manager typed the correction, so the other manager approves it (four eyes)
    submission_approve(actor=reviewer, version=corrected, comment="Correction checked against the payroll summary.")


PERSONS = [
    # (investee, reference, postcode, benefit, months on benefit, started, ended, hours, in doelgroepregister)
    (BUURTKEUKEN, "BK-01", "3026 AK", "bijstand", 30, D(2024, 2, 1), None, "24", False),
    (BUURTKEUKEN, "BK-02", "3021 GR", "bijstand", 80, D(2024, 5, 1), None, "32", True),
    (BUURTKEUKEN, "BK-03", "3111 AB", "bijstand", 14, D(2024, 9, 1), D(2025, 3, 31), "20", False),
    (BUURTKEUKEN, "BK-04", "3083 MT", "wajong", 0, D(2025, 1, 6), None, "25.5", True),
    (BUURTKEUKEN, "BK-05", "3074 JC", "bijstand", 8, D(2025, 11, 3), None, "28", False),
    ("Havenwerk Leer-werkbedrijf B.V.", "HW-1", "3087 BM", "bijstand", 50, D(2024, 1, 8), None, "36", False),
    ("Havenwerk Leer-werkbedrijf B.V.", "HW-2", "3082 AA", "bijstand", 20, D(2024, 4, 2), None, "36", False),
    ("Havenwerk Leer-werkbedrijf B.V.", "HW-3", "3201 AA", "ww", 6, D(2024, 6, 3), None, "32", False),
    ("Havenwerk Leer-werkbedrijf B.V.", "HW-4", "3085 EZ", "bijstand", 66, D(2025, 2, 3), None, "25.5", True),
    ("Stichting Werkplaats Feijenoord", "WF-1", "3071 SC", "bijstand", 40, D(2024, 3, 4), None, "20", True),
    ("Stichting Werkplaats Feijenoord", "WF-2", "3072 AP", "bijstand", 100, D(2024, 10, 1), D(2025, 2, 28), "20", True),
    ("Spaarne Werkt B.V.", "SW-1", "2031 CC", "bijstand", 26, D(2025, 4, 1), None, "32", False),
    ("Spaarne Werkt B.V.", "SW-2", "2034 LN", "bijstand", 70, D(2025, 5, 1), None, "25.5", True),
    ("Spaarne Werkt B.V.", "SW-3", "1971 EN", "ww", 3, D(2025, 6, 2), None, "36", False),
    ("Velsen Aan Het Werk Stichting", "VW-1", "1972 GA", "bijstand", 36, D(2025, 4, 7), None, "24", False),
    ("Velsen Aan Het Werk Stichting", "VW-2", "2011 XL", "bijstand", 12, D(2025, 5, 5), None, "30", False),
    ("Velsen Aan Het Werk Stichting", "VW-3", "1941 EK", "wia", 0, D(2025, 9, 1), None, "20", True),
]


def _persons() -> None:
    for legal_name, ref, postcode, benefit, months, started, ended, hours, register in PERSONS:
        organisation = Organisation.objects.get(legal_name=legal_name)
        if PersonRecord.objects.filter(organisation=organisation, reference=ref).exists():
            continue
        person_record_add(
            actor=None,
            organisation=organisation,
            reference=ref,
            postcode=postcode,
            benefit_category=benefit,
            benefit_months=months,
            started_on=started,
            ended_on=ended,
            hours_per_week=Decimal(hours),
            in_target_register=register,
        )


def _outcome_contract() -> None:
    rotterdam = Municipality.objects.get(code="GM0599")
    contract, created = OutcomeContract.objects.get_or_create(
        municipality=rotterdam, name="Prestatiecontract Werk Rotterdam", defaults={"start": D(2024, 1, 1)}
    )
    if not created:
        return
    for bucket, amount in (("lt1", "1500.00"), ("1-2", "3000.00"), ("2-5", "5000.00"), ("5+", "7500.00")):
        OutcomeRate.objects.create(contract=contract, bucket=bucket, amount=Money(Decimal(amount), "EUR"))
    first = PersonRecord.objects.get(reference="BK-01")
    second = PersonRecord.objects.get(reference="HW-1")
    paid = outcome_payment_claim(actor=None, contract=contract, person=first, claimed_on=D(2025, 2, 10))
    outcome_payment_mark_paid(actor=None, payment=paid, paid_on=D(2025, 3, 14))
    outcome_payment_claim(actor=None, contract=contract, person=second, claimed_on=D(2025, 1, 20))
    assert OutcomePayment.objects.filter(contract=contract).count() == 2


def _sroi() -> None:
    plan = ImpactPlan.objects.get(organisation__legal_name=BUURTKEUKEN)
    if SroiAnalysis.objects.filter(plan=plan).exists():
        return
    sroi_analysis_create(
        actor=None,
        plan=plan,
        title="Buurtkeuken 2025: mensen aan het werk",
        investment=Decimal("150000"),
        discount_rate=Decimal("3.5"),
        outcomes=[
            OutcomeAssumptions(
                name="Mensen uit de bijstand naar betaald werk",
                quantity=Decimal(10),
                quantity_source="Goedgekeurde plaatsingen uit de bijstand 2025 (afgerond)",
                proxy=Decimal(20000),
                proxy_source="Jaarlijkse publieke kosten van bijstand en begeleiding per persoon (schatting gemeente)",
                deadweight=Decimal(25),
                displacement=Decimal(10),
                attribution=Decimal(20),
                drop_off=Decimal(30),
                duration_years=3,
            )
        ],
    )


@transaction.atomic
def demo_seed() -> None:
    """Create the demo impact data, or leave it as it is where it exists already."""
    if not settings.DEMO_MODE:
        raise RuntimeError("The demo data set can only be loaded with the demo settings (DEMO_MODE).")
    if not Metric.objects.exists():  # a transactional test flushed the catalog its migration loaded
        metric_catalog_load()
        BenefitNorm.objects.get_or_create(
            year=2025, defaults={"monthly_amount": Money(Decimal("1345.45"), "EUR"), "source": NORM_2025_SOURCE}
        )
    funds = {f.slug: f for f in Fund.objects.filter(slug__in=FIRST_END)}
    manager = User.objects.get(email="manager@sif.example")
    reviewer = second_manager(list(funds.values()))
    investee_user = User.objects.get(email="investee@sif.example")
    for plan in _plans(funds):
        if plan.requests.exists():
            continue
        user = investee_user if plan.organisation.legal_name == BUURTKEUKEN else None
        _history(plan, manager, user, reviewer)
    _correction(manager, reviewer)
    _persons()
    _outcome_contract()
    _sroi()
