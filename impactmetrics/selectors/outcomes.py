"""What a municipality reads: its residents placed in work, retained, hours, gross benefits avoided, outcome payments.

Every person record is attributed to the one municipality of its postcode area, so totals over municipalities never
double count. Gross benefits avoided = months off social assistance × that year's monthly norm: gross, because the
net effect on the municipal budget is smaller (other allowances, in-work benefits, people who would have found work
anyway)."""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet

from fund.models import Municipality
from fund.money import money_round, percent_of
from impactmetrics.choices import BenefitCategory, BenefitDuration, OutcomePaymentStatus
from impactmetrics.models import BenefitNorm, OutcomeContract, OutcomePayment, OutcomeRate, PersonRecord
from impactmetrics.services.outcomes import is_retained, retention_date

BANENAFSPRAAK_HOURS = Decimal("25.5")

# Metrics the enterprises also report for their own workforce, wherever people live. On a municipality's pages the
# person records of its residents answer these questions (see residents_placed_in_work), so the reported totals are
# not shown there: one definition of "placed in work" per page, never two numbers for the same words.
PERSON_RECORD_METRICS = ("SIF-PLACED", "SIF-INWORK", "SIF-RET12", "SIF-BANEN")


def residents_placed_in_work(
    *,
    municipality: Municipality,
    start: datetime.date,
    end: datetime.date,
    persons: QuerySet[PersonRecord] | None = None,
) -> int:
    """How many residents of `municipality` were placed in work in [start, end]: the definition every page of a
    municipality uses. A resident is placed in work when an investee's person record shows them starting paid work
    on a day in the period; they are a resident by the postcode where they live (not where the enterprise is), and
    each person record counts once, in one municipality, whatever benefit they had before (one query)."""
    records = persons if persons is not None else PersonRecord.objects.all()
    return records.filter(municipality=municipality, started_on__gte=start, started_on__lte=end).count()


@dataclass(frozen=True)
class BenefitsAvoided:
    months: int
    amount: Decimal
    # Years with no norm of their own, and the year whose norm was used instead.
    substituted: dict[int, int]


def _norm_for(year: int, norms: dict[int, Decimal]) -> tuple[Decimal, int]:
    earlier = [y for y in norms if y <= year]
    used = max(earlier) if earlier else min(norms)
    return norms[used], used


def benefit_norms() -> dict[int, Decimal]:
    """{year: monthly social-assistance norm} (one query)."""
    return {n.year: n.monthly_amount.amount for n in BenefitNorm.objects.all()}


def gross_benefits_avoided(
    *, persons: list[PersonRecord], as_of: datetime.date, norms: dict[int, Decimal] | None = None
) -> BenefitsAvoided:
    """Whole months each person from social assistance has been in work up to `as_of` (or leaving), each month valued
    at the norm of the year it starts in; a year without a norm uses the latest earlier year's (or the first known).
    `norms` (from benefit_norms()) saves the query when called for several groups."""
    norms = benefit_norms() if norms is None else norms
    months, amount, substituted = 0, Decimal(0), {}
    if not norms:
        return BenefitsAvoided(0, Decimal("0.00"), {})
    for person in persons:
        if person.benefit_category != BenefitCategory.BIJSTAND or person.started_on > as_of:
            continue
        stop = min(person.ended_on or as_of, as_of) + datetime.timedelta(days=1)
        month = 0
        while person.started_on + relativedelta(months=month + 1) <= stop:
            year = (person.started_on + relativedelta(months=month)).year
            norm, used = _norm_for(year, norms)
            if used != year:
                substituted[year] = used
            amount += norm
            months += 1
            month += 1
    return BenefitsAvoided(months=months, amount=money_round(amount), substituted=substituted)


@dataclass(frozen=True)
class PlaceOutcomes:
    """Residents of a municipality placed in work by the investees, as of a date."""

    municipality: str
    as_of: datetime.date
    placed: int
    by_benefit: dict[str, int]
    from_bijstand_by_duration: dict[str, int]
    in_work: int
    started_12_months_ago: int
    retained_12_months: int
    hours_per_week: Decimal
    banenafspraak_jobs: Decimal
    benefits_avoided: BenefitsAvoided

    @property
    def retention_rate(self) -> Decimal | None:
        """Retained 12 months as a share (%) of those who started at least 12 months ago."""
        return percent_of(self.retained_12_months, self.started_12_months_ago, places=1)


def place_outcomes(
    *, municipality: Municipality, as_of: datetime.date, persons: QuerySet[PersonRecord] | None = None
) -> PlaceOutcomes:
    """The municipality's figures from the person records attributed to it (two queries)."""
    records = list(
        (persons if persons is not None else PersonRecord.objects.all()).filter(
            municipality=municipality, started_on__lte=as_of
        )
    )
    return _place(municipality.name, records, as_of, benefit_norms())


def _place(label: str, records: list[PersonRecord], as_of: datetime.date, norms: dict[int, Decimal]) -> PlaceOutcomes:
    active = [p for p in records if p.ended_on is None or p.ended_on >= as_of]
    eligible = [p for p in records if retention_date(p) <= as_of]
    register_hours = sum((p.hours_per_week for p in active if p.in_target_register), Decimal(0))
    return PlaceOutcomes(
        municipality=label,
        as_of=as_of,
        placed=len(records),
        by_benefit=dict(Counter(p.benefit_category for p in records)),
        from_bijstand_by_duration={
            bucket: sum(
                1 for p in records if p.benefit_category == BenefitCategory.BIJSTAND and p.benefit_duration == bucket
            )
            for bucket in BenefitDuration.values
        },
        in_work=len(active),
        started_12_months_ago=len(eligible),
        retained_12_months=sum(1 for p in eligible if is_retained(p, as_of=as_of)),
        hours_per_week=sum((p.hours_per_week for p in active), Decimal(0)),
        banenafspraak_jobs=(register_hours / BANENAFSPRAAK_HOURS).quantize(Decimal("0.1")),
        benefits_avoided=gross_benefits_avoided(persons=records, as_of=as_of, norms=norms),
    )


@dataclass(frozen=True)
class RegionPlaceOutcomes:
    """A labour-market region's residents placed in work: the region's total and each municipality's share. Every
    person record belongs to one municipality, so the municipalities add up to the region."""

    total: PlaceOutcomes
    municipalities: list[PlaceOutcomes]


def region_place_outcomes(
    *, region_name: str, municipalities: list[Municipality], as_of: datetime.date, persons: QuerySet[PersonRecord]
) -> RegionPlaceOutcomes:
    """The region's figures from the person records attributed to its municipalities, with one row per municipality
    that has any (two queries, whatever the number of municipalities)."""
    records = list(persons.filter(municipality__in=[m.pk for m in municipalities], started_on__lte=as_of))
    norms = benefit_norms()
    by_municipality: dict[int, list[PersonRecord]] = {}
    for record in records:
        by_municipality.setdefault(record.municipality_id, []).append(record)
    return RegionPlaceOutcomes(
        total=_place(region_name, records, as_of, norms),
        municipalities=[
            _place(m.name, by_municipality[m.pk], as_of, norms) for m in municipalities if m.pk in by_municipality
        ],
    )


@dataclass(frozen=True)
class PersonRow:
    """A person record as the investee's list shows it, with its 12-month retention seen on `as_of`."""

    person: PersonRecord
    retention_date: datetime.date
    # "retained", "left" (before 12 months), or "running" (not 12 months in work yet)
    retention: str


def person_rows(*, persons: QuerySet[PersonRecord], as_of: datetime.date) -> list[PersonRow]:
    """The person records, newest start first, with the municipality each is attributed to (one query)."""
    rows = []
    for person in persons.select_related("municipality").order_by("-started_on", "reference"):
        reached = retention_date(person)
        if is_retained(person, as_of=as_of):
            retention = "retained"
        elif person.ended_on is not None and person.ended_on < reached:
            retention = "left"
        else:
            retention = "running"
        rows.append(PersonRow(person=person, retention_date=reached, retention=retention))
    return rows


@dataclass(frozen=True)
class OutcomePaymentLine:
    reference: str
    organisation: str
    bucket: str
    amount: Decimal
    status: str  # "due" (retained, not claimed yet), "claimed" or "paid"


@dataclass(frozen=True)
class OutcomePaymentSummary:
    contract: str
    lines: list[OutcomePaymentLine]

    def total(self, status: str) -> Decimal:
        return sum((line.amount for line in self.lines if line.status == status), Decimal("0.00"))

    @property
    def due(self) -> Decimal:
        return self.total("due")

    @property
    def claimed(self) -> Decimal:
        return self.total(OutcomePaymentStatus.CLAIMED)

    @property
    def paid(self) -> Decimal:
        return self.total(OutcomePaymentStatus.PAID)


def outcome_payments_summary(*, contract: OutcomeContract, as_of: datetime.date) -> OutcomePaymentSummary:
    """Per person under the contract: due (retained the contract's months by `as_of`, not yet claimed), claimed or
    paid, with the amount of the person's prior-benefit-duration bucket (three queries)."""
    return outcome_payments_summaries(contracts=[contract], as_of=as_of)[0]


def outcome_payments_summaries(
    *, contracts: list[OutcomeContract], as_of: datetime.date
) -> list[OutcomePaymentSummary]:
    """outcome_payments_summary for each contract, over every person record (what the municipality reads, whoever
    placed them); three queries for any number of contracts."""
    return [
        OutcomePaymentSummary(
            contract=summary.contract.name,
            lines=[
                OutcomePaymentLine(line.reference, line.organisation, line.bucket, line.amount, line.status)
                for line in summary.lines
            ],
        )
        for summary in contract_summaries(contracts=list(contracts), as_of=as_of, persons=PersonRecord.objects.all())
    ]


@dataclass(frozen=True)
class ClaimLine:
    """One person under an outcome contract on the manager's claim page."""

    person_id: int
    payment_id: int | None
    reference: str
    organisation: str
    started_on: datetime.date
    retention_date: datetime.date
    bucket: str
    amount: Decimal
    status: str  # "due", "claimed" or "paid"
    claimed_on: datetime.date | None
    paid_on: datetime.date | None


@dataclass(frozen=True)
class ContractSummary:
    contract: OutcomeContract
    lines: list[ClaimLine]

    def total(self, status: str) -> Decimal:
        return sum((line.amount for line in self.lines if line.status == status), Decimal("0.00"))

    @property
    def due(self) -> Decimal:
        return self.total("due")

    @property
    def claimed(self) -> Decimal:
        return self.total(OutcomePaymentStatus.CLAIMED)

    @property
    def paid(self) -> Decimal:
        return self.total(OutcomePaymentStatus.PAID)


def contract_summaries(
    *, contracts: list[OutcomeContract], as_of: datetime.date, persons: QuerySet[PersonRecord]
) -> list[ContractSummary]:
    """Per contract, the people it concerns among `persons` (the caller's scope): due (retained the contract's months
    by `as_of`, not yet claimed, with the amount of the person's bucket), claimed or paid (with the claimed amount).
    The same rules as outcome_payments_summary; three queries for any number of contracts."""
    contract_ids = [c.pk for c in contracts]
    rates: dict[int, dict[str, Decimal]] = {c.pk: {} for c in contracts}
    for rate in OutcomeRate.objects.filter(contract__in=contract_ids):
        rates[rate.contract_id][rate.bucket] = rate.amount.amount
    payments = {(p.contract_id, p.person_id): p for p in OutcomePayment.objects.filter(contract__in=contract_ids)}
    candidates = list(
        persons.filter(
            municipality__in=[c.municipality_id for c in contracts], benefit_category=BenefitCategory.BIJSTAND
        )
        .select_related("organisation")
        .order_by("started_on", "pk")
    )
    out = []
    for contract in contracts:
        lines = []
        for person in candidates:
            if person.municipality_id != contract.municipality_id or person.started_on < contract.start:
                continue
            if contract.end and person.started_on > contract.end:
                continue
            payment = payments.get((contract.pk, person.pk))
            bucket = person.benefit_duration
            if payment is not None:
                amount, status = payment.amount.amount, payment.status
            elif is_retained(person, as_of=as_of, months=contract.retention_months) and bucket in rates[contract.pk]:
                amount, status = rates[contract.pk][bucket], "due"
            else:
                continue
            lines.append(
                ClaimLine(
                    person_id=person.pk,
                    payment_id=payment.pk if payment else None,
                    reference=person.reference,
                    organisation=person.organisation.display_name,
                    started_on=person.started_on,
                    retention_date=retention_date(person, contract.retention_months),
                    bucket=bucket,
                    amount=amount,
                    status=status,
                    claimed_on=payment.claimed_on if payment else None,
                    paid_on=payment.paid_on if payment else None,
                )
            )
        out.append(ContractSummary(contract=contract, lines=lines))
    return out


@dataclass(frozen=True)
class ContractTotals:
    """What is due, claimed and paid under a list of contracts together."""

    due: Decimal
    claimed: Decimal
    paid: Decimal


def contract_totals(*, summaries: list[ContractSummary]) -> ContractTotals:
    """The sums of contract_summaries' lines by status (no query)."""
    return ContractTotals(
        due=sum((s.due for s in summaries), Decimal("0.00")),
        claimed=sum((s.claimed for s in summaries), Decimal("0.00")),
        paid=sum((s.paid for s in summaries), Decimal("0.00")),
    )


def claimable_persons(*, summary: ContractSummary) -> QuerySet[PersonRecord]:
    """The people that can be claimed for under the contract now (due: retained, not claimed), by reference."""
    return (
        PersonRecord.objects.filter(pk__in=[line.person_id for line in summary.lines if line.status == "due"])
        .select_related("organisation")
        .order_by("reference")
    )


def open_claims(*, summary: ContractSummary) -> QuerySet[OutcomePayment]:
    """The contract's claims the municipality has not paid yet, for the people in the summary, oldest first."""
    return (
        summary.contract.payments.filter(
            status=OutcomePaymentStatus.CLAIMED, person__in=[line.person_id for line in summary.lines]
        )
        .select_related("person")
        .order_by("claimed_on")
    )
