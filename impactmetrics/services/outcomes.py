"""Place-based outcomes: anonymous person records, the social-assistance norm per year, and outcome payments."""

import datetime
import re
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from djmoney.money import Money

from fund.audit import audit_record
from fund.models import Organisation, User
from fund.money import money_round
from fund.services.postcodes import postcode_municipality, postcode_normalise
from impactmetrics.choices import AuditAction, BenefitCategory, OutcomePaymentStatus
from impactmetrics.models import BenefitNorm, OutcomeContract, OutcomePayment, PersonRecord

# A citizen service number (BSN) has nine digits (older ones eight); a reference must never be one, also not when it
# is written with spaces, dots or dashes between the digits.
_LOOKS_LIKE_BSN = re.compile(r"^\d{8,9}$")
_SEPARATORS = re.compile(r"[\s.\-]")
REFERENCE_MAX_LENGTH = 20


def _today() -> datetime.date:
    return timezone.localdate()


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
    elif _LOOKS_LIKE_BSN.match(_SEPARATORS.sub("", reference)):
        errors["reference"] = [
            _("This looks like a citizen service number (BSN); never store one. Use your own reference.")
        ]
    elif len(reference) > REFERENCE_MAX_LENGTH:
        errors["reference"] = [_("Keep the reference to at most %(n)d characters.") % {"n": REFERENCE_MAX_LENGTH}]
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
    if started_on > _today():
        errors["started_on"] = [_("Record a person once they have started work; this date is in the future.")]
    if ended_on is not None and ended_on < started_on:
        errors["ended_on"] = [_("The person cannot leave before starting.")]
    elif ended_on is not None and ended_on > _today():
        errors["ended_on"] = [_("Record that a person left once it has happened; this date is in the future.")]
    if errors or municipality is None:  # no municipality only with a postcode error
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
        action=AuditAction.PERSON_RECORD_ADDED,
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
    if ended_on > _today():
        raise ValidationError(
            {"ended_on": [_("Record that a person left once it has happened; this date is in the future.")]}
        )
    claimed = person.outcome_payments.select_related("contract").first()
    if claimed is not None and ended_on < retention_date(person, claimed.contract.retention_months):
        raise ValidationError(
            {
                "ended_on": [
                    _(
                        "An outcome payment was claimed for this person for %(n)d months in work; a leaving date "
                        "before %(day)s contradicts that claim. Ask the fund manager to correct the claim first."
                    )
                    % {
                        "n": claimed.contract.retention_months,
                        "day": retention_date(person, claimed.contract.retention_months),
                    }
                ]
            }
        )
    old = person.ended_on
    person.ended_on = ended_on
    person.save(update_fields=["ended_on"])
    audit_record(
        actor=actor,
        action=AuditAction.PERSON_RECORD_ENDED,
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
    audit_record(
        actor=actor, action=AuditAction.BENEFIT_NORM_SET, obj=norm, changes={str(year): [old, str(monthly_amount)]}
    )
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
    within the contract, and retained the contract's months by the claim date (which cannot lie in the future, or a
    person still in their first year could be claimed). The amount follows the person's prior benefit duration bucket.
    Reasons the person does not qualify are reported under `person`, a wrong date under `claimed_on`."""
    # Claims under one contract are made one at a time, so a person is never claimed twice.
    contract = OutcomeContract.objects.select_for_update().get(pk=contract.pk)
    errors: dict[str, list[str]] = {}
    if claimed_on > _today():
        errors["claimed_on"] = [_("A claim cannot be dated in the future.")]
    reasons: list[str] = []
    if person.benefit_category != BenefitCategory.BIJSTAND:
        reasons.append(_("The contract pays only for people who came from social assistance (bijstand)."))
    if person.municipality_id != contract.municipality_id:
        reasons.append(_("The person does not live in %(m)s.") % {"m": contract.municipality})
    if person.started_on < contract.start or (contract.end and person.started_on > contract.end):
        reasons.append(_("The person started work outside the contract's term."))
    if "claimed_on" not in errors and not is_retained(person, as_of=claimed_on, months=contract.retention_months):
        reasons.append(
            _("On the claim date the person has not been in work for %(n)d months.") % {"n": contract.retention_months}
        )
    if OutcomePayment.objects.filter(contract=contract, person=person).exists():
        reasons.append(_("This person has been claimed already."))
    rate = contract.rates.filter(bucket=person.benefit_duration).first()
    if rate is None:
        reasons.append(_("The contract has no amount for this benefit duration."))
    if reasons:
        errors["person"] = reasons
    if errors or rate is None:  # no rate only with a reason under `person`
        raise ValidationError(errors)
    payment = OutcomePayment.objects.create(
        contract=contract, person=person, amount=rate.amount, status=OutcomePaymentStatus.CLAIMED, claimed_on=claimed_on
    )
    audit_record(
        actor=actor,
        action=AuditAction.OUTCOME_PAYMENT_CLAIMED,
        obj=contract,
        changes={person.reference: [None, str(rate.amount)]},
    )
    return payment


@transaction.atomic
def outcome_payment_mark_paid(*, actor: User | None, payment: OutcomePayment, paid_on: datetime.date) -> OutcomePayment:
    """Record that the municipality paid a claim (on a date between the claim and today)."""
    payment = OutcomePayment.objects.select_for_update().select_related("person", "contract").get(pk=payment.pk)
    errors: dict[str, list[str]] = {}
    if payment.status == OutcomePaymentStatus.PAID:
        errors["payment"] = [_("This claim has been paid already.")]
    if paid_on < payment.claimed_on:
        errors["paid_on"] = [_("A claim cannot be paid before it was made.")]
    elif paid_on > _today():
        errors["paid_on"] = [_("A payment cannot be dated in the future.")]
    if errors:
        raise ValidationError(errors)
    payment.status, payment.paid_on = OutcomePaymentStatus.PAID, paid_on
    payment.save(update_fields=["status", "paid_on"])
    audit_record(
        actor=actor,
        action=AuditAction.OUTCOME_PAYMENT_PAID,
        obj=payment.contract,
        changes={payment.person.reference: ["claimed", "paid"]},
    )
    return payment
