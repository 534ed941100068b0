"""Place-based outcomes: anonymous person records, the social-assistance norm per year, and outcome payments."""

import datetime
import re
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from djmoney.money import Money

from fund.audit import audit_record
from fund.errors import DomainError
from fund.models import Organisation, User
from fund.money import money_round
from fund.services.postcodes import postcode_municipality, postcode_normalise
from impactmetrics.choices import BenefitCategory, OutcomePaymentStatus
from impactmetrics.models import BenefitNorm, OutcomeContract, OutcomePayment, PersonRecord

# A citizen service number (BSN) has nine digits; a reference must never be one.
_LOOKS_LIKE_BSN = re.compile(r"^\d{8,9}$")


@transaction.atomic
def person_record_add(
    *,
    actor: User | None,
    organisation: Organisation,
    reference: str,
    postcode: str,
    benefit_category: str,
    started_on: datetime.date,
    hours_per_week: Decimal,
    benefit_months: int = 0,
    in_target_register: bool = False,
    ended_on: datetime.date | None = None,
) -> PersonRecord:
    """Record a person the investee placed in work, without personal identifiers: the postcode is cut to its four
    digits (which give the municipality the outcome is attributed to)."""
    errors: dict[str, list[str]] = {}
    reference = reference.strip()
    if not reference:
        errors["reference"] = [_("Give the person your own short reference, e.g. W-017.")]
    elif _LOOKS_LIKE_BSN.match(reference.replace(" ", "")):
        errors["reference"] = [
            _("This looks like a citizen service number (BSN); never store one. Use your own reference.")
        ]
    elif PersonRecord.objects.filter(organisation=organisation, reference=reference).exists():
        errors["reference"] = [_("You used reference %(ref)s already.") % {"ref": reference}]
    municipality = None
    try:
        pc4 = postcode_normalise(postcode)[:4]
        municipality = postcode_municipality(pc4)
    except ValidationError as exc:
        errors["postcode"] = exc.messages
    if benefit_category not in BenefitCategory.values:
        errors["benefit_category"] = [_("Choose the benefit the person had before starting work.")]
    if benefit_months < 0 or benefit_months > 600:
        errors["benefit_months"] = [_("Enter the months on benefit before work, from 0 to 600.")]
    if not Decimal(0) < Decimal(hours_per_week) <= Decimal(60):
        errors["hours_per_week"] = [_("Enter the paid hours per week, more than 0 and at most 60.")]
    if ended_on is not None and ended_on < started_on:
        errors["ended_on"] = [_("The person cannot leave before starting.")]
    if errors:
        raise ValidationError(errors)
    person = PersonRecord.objects.create(
        organisation=organisation,
        reference=reference,
        pc4=pc4,
        municipality=municipality,
        benefit_category=benefit_category,
        benefit_months=benefit_months,
        in_target_register=in_target_register,
        started_on=started_on,
        ended_on=ended_on,
        hours_per_week=hours_per_week,
    )
    audit_record(
        actor=actor,
        action="person_record.added",
        obj=person,
        changes={"started_on": [None, str(started_on)], "municipality": [None, municipality.code]},
    )
    return person


@transaction.atomic
def person_record_end(*, actor: User | None, person: PersonRecord, ended_on: datetime.date) -> PersonRecord:
    """Record that the person left work on `ended_on`."""
    person = PersonRecord.objects.select_for_update().get(pk=person.pk)
    if ended_on < person.started_on:
        raise ValidationError({"ended_on": [_("The person cannot leave before starting.")]})
    old = person.ended_on
    person.ended_on = ended_on
    person.save(update_fields=["ended_on"])
    audit_record(
        actor=actor,
        action="person_record.ended",
        obj=person,
        changes={"ended_on": [str(old) if old else None, str(ended_on)]},
    )
    return person


@transaction.atomic
def benefit_norm_set(*, actor: User | None, year: int, monthly_amount: Decimal, source: str = "") -> BenefitNorm:
    """Set the monthly social-assistance norm (single adult) for a year."""
    if Decimal(monthly_amount) <= 0:
        raise ValidationError({"monthly_amount": [_("The norm must be more than zero.")]})
    existing = BenefitNorm.objects.filter(year=year).first()
    old = str(existing.monthly_amount.amount) if existing else None
    norm, _created = BenefitNorm.objects.update_or_create(
        year=year, defaults={"monthly_amount": Money(money_round(monthly_amount), "EUR"), "source": source}
    )
    audit_record(actor=actor, action="benefit_norm.set", obj=norm, changes={str(year): [old, str(monthly_amount)]})
    return norm


def retention_date(person: PersonRecord, months: int = 12) -> datetime.date:
    """The day the person has been in work `months` months."""
    return person.started_on + relativedelta(months=months)


def is_retained(person: PersonRecord, *, as_of: datetime.date, months: int = 12) -> bool:
    """Still employed `months` months after starting, seen on `as_of`."""
    reached = retention_date(person, months)
    return reached <= as_of and (person.ended_on is None or person.ended_on >= reached)


@transaction.atomic
def outcome_payment_claim(
    *, actor: User | None, contract: OutcomeContract, person: PersonRecord, claimed_on: datetime.date
) -> OutcomePayment:
    """Claim the outcome payment for a person: from social assistance, living in the contract's municipality, started
    within the contract, and retained the contract's months by the claim date. The amount follows the person's prior
    benefit duration bucket."""
    errors: list[str] = []
    if person.benefit_category != BenefitCategory.BIJSTAND:
        errors.append(_("The contract pays only for people who came from social assistance (bijstand)."))
    if person.municipality_id != contract.municipality_id:
        errors.append(_("The person does not live in %(m)s.") % {"m": contract.municipality})
    if person.started_on < contract.start or (contract.end and person.started_on > contract.end):
        errors.append(_("The person started work outside the contract's term."))
    if not is_retained(person, as_of=claimed_on, months=contract.retention_months):
        errors.append(_("The person has not been in work for %(n)d months yet.") % {"n": contract.retention_months})
    if OutcomePayment.objects.filter(contract=contract, person=person).exists():
        errors.append(_("This person has been claimed already."))
    rate = contract.rates.filter(bucket=person.benefit_duration).first()
    if rate is None:
        errors.append(_("The contract has no amount for this benefit duration."))
    if errors:
        raise DomainError(" ".join(str(e) for e in errors))
    payment = OutcomePayment.objects.create(
        contract=contract, person=person, amount=rate.amount, status=OutcomePaymentStatus.CLAIMED, claimed_on=claimed_on
    )
    audit_record(
        actor=actor,
        action="outcome_payment.claimed",
        obj=contract,
        changes={person.reference: [None, str(rate.amount)]},
    )
    return payment


@transaction.atomic
def outcome_payment_mark_paid(*, actor: User | None, payment: OutcomePayment, paid_on: datetime.date) -> OutcomePayment:
    """Record that the municipality paid a claim."""
    payment = OutcomePayment.objects.select_for_update().get(pk=payment.pk)
    if payment.status == OutcomePaymentStatus.PAID:
        raise DomainError(_("This claim has been paid already."))
    if paid_on < payment.claimed_on:
        raise ValidationError({"paid_on": [_("A claim cannot be paid before it was made.")]})
    payment.status, payment.paid_on = OutcomePaymentStatus.PAID, paid_on
    payment.save(update_fields=["status", "paid_on"])
    audit_record(
        actor=actor,
        action="outcome_payment.paid",
        obj=payment.contract,
        changes={payment.person.reference: ["claimed", "paid"]},
    )
    return payment
