"""Period end of the fund's books: the interest accrual on performing loans and the loan-loss provision.

`period_end_post(fund=..., as_of=...)` posts, once per period end date (keyed like `books_post` by a unique
(fund, source type, source id, kind)):

    accrual           Dr accrued interest receivable / Cr interest income, per performing loan (DPD <= 90): the
                      interest the engine accrued for the days since the last due date, to the cent (the figure a
                      payoff quote adds); loans more than 90 days past due are non-accrual
    accrual reversal  the mirror, dated the first day of the next period (the interest is booked when received)
    provision         per loan, Dr provision expense / Cr loan-loss allowance by the difference between the
                      allowance the loan needs (outstanding principal x its bucket's rate, or its override) and the
                      allowance the books hold for it on that date; a release posts the other way
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fund import formatting
from fund.audit import audit_record
from fund.models import Fund, PendingChange, User
from fund.money import money_round
from fund.services.approvals import change_request
from portfolio.choices import AgingBucket, AuditAction
from portfolio.engine.statuses import StatementStatus
from portfolio.models import Loan
from portfolio.selectors.loans import NOT_DISBURSED, loan_state, with_servicing_data
from portfolio.services.arrears import snapshots_take

from .choices import AccountRole, JournalCode, PostingKind, SourceType
from .models import JournalEntry, JournalLine
from .period_models import LoanProvisionOverride, ProvisionBucket, ProvisionRate
from .periods import PeriodClosedError, period_closed_message
from .posting import Journal, Line

ZERO = Decimal("0.00")
_CENT = Decimal("0.01")
NON_ACCRUAL_DAYS = 90  # a loan more than this many days past due accrues nothing
DEFAULT_PROVISION_RATES: dict[str, Decimal] = {
    ProvisionBucket.CURRENT: Decimal("1"),
    ProvisionBucket.DPD_1_30: Decimal("3"),
    ProvisionBucket.DPD_31_60: Decimal("10"),
    ProvisionBucket.DPD_61_90: Decimal("25"),
    ProvisionBucket.DPD_91_180: Decimal("50"),
    ProvisionBucket.DPD_OVER_180: Decimal("100"),
}
PROVISION_RATES_KIND = "portfolio.provision_rates"
PROVISION_OVERRIDE_KIND = "portfolio.loan_provision_override"


def _key(kind: PostingKind, as_of: datetime.date) -> str:
    return f"{kind}:{as_of.isoformat()}"


# --- reads ------------------------------------------------------------------------------------------------------------


def provision_rates(*, fund: Fund) -> dict[str, Decimal]:
    """The fund's rate per aging bucket (percent of outstanding principal): its own, else the default."""
    rates = dict(DEFAULT_PROVISION_RATES)
    rates.update({row.bucket: row.rate for row in ProvisionRate.objects.filter(fund=fund)})
    return rates


@dataclass(frozen=True)
class LoanPeriodEnd:
    """One loan at a period end: what it accrues and the allowance it needs."""

    loan_id: int
    reference: str
    organisation: str
    outstanding_principal: Decimal
    days_past_due: int
    bucket: str
    accrues: bool
    accrued_interest: Decimal  # zero for a non-accrual loan
    rate: Decimal  # percent
    override_reason: str
    allowance_needed: Decimal
    allowance_held: Decimal  # what the books hold for it on the date, before this period end's provision

    @property
    def provision_movement(self) -> Decimal:
        return self.allowance_needed - self.allowance_held


def allowance_by_loan(*, fund: Fund, as_of: datetime.date) -> dict[int, Decimal]:
    """The loan-loss allowance the books hold per loan on `as_of` (credit balance, one query)."""
    amount: DecimalField[Decimal, Decimal] = DecimalField(max_digits=18, decimal_places=2)
    rows = (
        JournalLine.objects.filter(
            entry__fund=fund,
            entry__value_date__lte=as_of,
            account__role=AccountRole.LOAN_LOSS_ALLOWANCE,
            loan__isnull=False,
        )
        .values("loan_id")
        .annotate(
            held=Coalesce(Sum("credit"), Value(ZERO), output_field=amount)
            - Coalesce(Sum("debit"), Value(ZERO), output_field=amount)
        )
    )
    return {row["loan_id"]: money_round(row["held"]) for row in rows}  # to the cent: SQLite sums as floats


def period_end_figures(*, fund: Fund, as_of: datetime.date) -> list[LoanPeriodEnd]:
    """Every paid-out loan of `fund` on `as_of`: the engine's accrued interest and the allowance it needs."""
    rates = provision_rates(fund=fund)
    overrides = {o.loan_id: o for o in LoanProvisionOverride.objects.filter(loan__fund=fund)}
    held = allowance_by_loan(fund=fund, as_of=as_of)
    loans = with_servicing_data(Loan.objects.filter(fund=fund, ledger_entries__isnull=False).distinct())
    out = []
    for loan in loans.select_related("organisation").order_by("pk"):
        state = loan_state(loan=loan, as_of=as_of)
        if state.status == NOT_DISBURSED:
            continue
        ended = state.bucket in (AgingBucket.REPAID, AgingBucket.WRITTEN_OFF)
        accrues = not ended and state.status != StatementStatus.WRITTEN_OFF and state.days_past_due <= NON_ACCRUAL_DAYS
        override = overrides.get(loan.pk)
        rate = ZERO if ended else (override.rate if override else rates[state.bucket])
        needed = (state.outstanding_principal * rate / 100).quantize(_CENT, rounding=ROUND_HALF_UP)
        out.append(
            LoanPeriodEnd(
                loan_id=loan.pk,
                reference=loan.reference,
                organisation=str(loan.organisation),
                outstanding_principal=state.outstanding_principal,
                days_past_due=state.days_past_due,
                bucket=state.bucket,
                accrues=accrues,
                accrued_interest=state.accrued_interest if accrues else ZERO,
                rate=rate,
                override_reason=override.reason if override and not ended else "",
                allowance_needed=ZERO if ended else needed,
                allowance_held=held.get(loan.pk, ZERO),
            )
        )
    return out


@dataclass(frozen=True)
class PeriodEndDone:
    accrual: JournalEntry | None
    provision: JournalEntry | None


def period_end_done(*, fund: Fund, as_of: datetime.date) -> PeriodEndDone:
    """The accrual and provision entries of the period end `as_of`, if posted."""
    entries = {
        e.kind: e
        for e in JournalEntry.objects.filter(
            fund=fund,
            source_type=SourceType.PERIOD_END,
            kind__in=[_key(PostingKind.ACCRUAL, as_of), _key(PostingKind.PROVISION, as_of)],
        )
    }
    return PeriodEndDone(
        accrual=entries.get(_key(PostingKind.ACCRUAL, as_of)),
        provision=entries.get(_key(PostingKind.PROVISION, as_of)),
    )


# --- writes -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def period_end_post(*, fund: Fund, as_of: datetime.date, actor: User | None = None) -> int:
    """Run the period end of `fund` on `as_of`: post the books up to it, take the loans' snapshots, post the
    interest accrual (with its reversal on the next day) and the provision movement. Returns the number of journal
    entries written; a re-run for the same date posts nothing (each entry is keyed by the date)."""
    from .services import books_post

    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    done = period_end_done(fund=fund, as_of=as_of)
    closed = Journal(fund=fund).closed_period_of(as_of)
    if closed is not None:
        if done.accrual is not None and done.provision is not None:
            return 0  # run before the close: nothing to post, nothing to refuse
        raise PeriodClosedError(period_closed_message(*closed))  # before anything is posted, in the reader's language
    count = books_post(fund=fund, up_to=as_of, actor=actor)
    snapshots_take(fund=fund, dates=[as_of])
    if done.accrual is not None and done.provision is not None:
        return count
    figures = period_end_figures(fund=fund, as_of=as_of)
    journal = Journal(fund=fund, actor=actor)
    written = 0
    with translation.override(settings.LANGUAGE_CODE):
        when = date_format(as_of, "SHORT_DATE_FORMAT")
        if done.accrual is None:
            description = _("Interest accrued to %(date)s") % {"date": when}
            lines = []
            for f in figures:
                lines += [
                    Line(AccountRole.ACCRUED_INTEREST, f.accrued_interest, f"{description} {f.reference}", None),
                    Line(AccountRole.INTEREST_INCOME, -f.accrued_interest, f"{description} {f.reference}", None),
                ]
            lines = _with_loans(lines, figures)
            accrual = journal.write(
                journal=JournalCode.MEMORIAL,
                value_date=as_of,
                description=description,
                source_type=SourceType.PERIOD_END,
                source_id=fund.pk,
                kind=_key(PostingKind.ACCRUAL, as_of),
                lines=lines,
            )
            reversal_text = _("Interest accrued to %(date)s reversed") % {"date": when}
            reversal = journal.write(
                journal=JournalCode.MEMORIAL,
                value_date=as_of + datetime.timedelta(days=1),
                description=reversal_text,
                source_type=SourceType.PERIOD_END,
                source_id=fund.pk,
                kind=_key(PostingKind.ACCRUAL_REVERSAL, as_of),
                lines=[
                    Line(line.role, -line.amount, line.description, line.loan, None, line.organisation_id)
                    for line in lines
                ],
                reverses=accrual,
            )
            written += (1 if accrual.number else 0) + (1 if reversal.number else 0)
        if done.provision is None:
            description = _("Loan-loss provision at %(date)s") % {"date": when}
            lines = []
            for f in figures:
                lines += [
                    Line(AccountRole.PROVISION_EXPENSE, f.provision_movement, f"{description} {f.reference}", None),
                    Line(AccountRole.LOAN_LOSS_ALLOWANCE, -f.provision_movement, f"{description} {f.reference}", None),
                ]
            provision = journal.write(
                journal=JournalCode.MEMORIAL,
                value_date=as_of,
                description=description,
                source_type=SourceType.PERIOD_END,
                source_id=fund.pk,
                kind=_key(PostingKind.PROVISION, as_of),
                lines=_with_loans(lines, figures),
            )
            written += 1 if provision.number else 0
    audit_record(
        actor=actor,
        action=AuditAction.BOOKS_PERIOD_END_POSTED,
        obj=fund,
        changes={
            "as_of": [None, as_of.isoformat()],
            # written as amounts ("€ 1102.91") so the history panel shows them in the reader's language
            "accrued_interest": [None, f"€ {sum((f.accrued_interest for f in figures), ZERO)}"],
            "allowance": [None, f"€ {sum((f.allowance_needed for f in figures), ZERO)}"],
        },
    )
    return count + written


def _with_loans(lines: list[Line], figures: list[LoanPeriodEnd]) -> list[Line]:
    """The lines with each loan's dimension (two lines per loan, in the order of `figures`)."""
    loans = Loan.objects.in_bulk([f.loan_id for f in figures])
    out = []
    for index, line in enumerate(lines):
        loan = loans[figures[index // 2].loan_id]
        out.append(Line(line.role, line.amount, line.description, loan, None, loan.organisation_id))
    return out


# --- the rate table and per-loan overrides, under four eyes ----------------------------------------------------------


def _rate_clean(value: Decimal | None, field: str) -> Decimal:
    if value is None:
        raise ValidationError({field: [_("Enter a rate between 0 and 100 %.")]})
    if not Decimal(0) <= value <= Decimal(100) or value != value.quantize(_CENT):
        raise ValidationError({field: [_("Enter a rate between 0 and 100 %, with at most two decimals.")]})
    return value


def provision_rates_request(*, actor: User, fund: Fund, rates: dict[str, Decimal | None], reason: str) -> PendingChange:
    """Ask for a new provision rate table for `fund`; it applies when a second manager approves."""
    clean = {bucket: _rate_clean(rates.get(bucket), f"rate_{bucket}") for bucket in ProvisionBucket.values}
    current = provision_rates(fund=fund)
    if clean == current:
        raise ValidationError({"reason": [_("The rates are the ones in force already.")]})
    return change_request(
        actor=actor,
        fund=fund,
        kind=PROVISION_RATES_KIND,
        payload={"rates": {b: str(r) for b, r in clean.items()}},
        before={"rates": {b: str(r) for b, r in current.items()}},
        reason=reason,
        target=fund,
    )


@transaction.atomic
def provision_rates_apply(change: PendingChange, approver: User) -> None:
    """What approving a rate table does: store each bucket's rate for the fund (audited)."""
    fund = Fund.objects.select_for_update().get(pk=change.fund_id)
    before = provision_rates(fund=fund)
    for bucket, rate in change.payload["rates"].items():
        ProvisionRate.objects.update_or_create(fund=fund, bucket=bucket, defaults={"rate": Decimal(rate)})
    audit_record(
        actor=approver,
        action=AuditAction.BOOKS_PROVISION_RATES_CHANGED,
        obj=fund,
        changes={  # written as percentages ("2.5 %") so the history panel shows them in the reader's language
            b: [f"{before[b]} %", f"{r} %"] for b, r in change.payload["rates"].items() if Decimal(r) != before[b]
        },
    )


def provision_rates_describe(change: PendingChange) -> list[tuple[str, str, str]]:
    before = change.before.get("rates", {})
    return [
        (
            str(ProvisionBucket(bucket).label),
            f"{formatting.number(Decimal(before[bucket]), 2)} %" if bucket in before else "—",
            f"{formatting.number(Decimal(rate), 2)} %",
        )
        for bucket, rate in change.payload["rates"].items()
    ]


def provision_override_request(*, actor: User, loan: Loan, rate: Decimal | None, reason: str) -> PendingChange:
    """Ask for a provision rate for one loan in place of its bucket's (none: back to the bucket's); four eyes."""
    current = LoanProvisionOverride.objects.filter(loan=loan).first()
    payload = {"rate": None if rate is None else str(_rate_clean(rate, "rate")), "reason": (reason or "").strip()}
    return change_request(
        actor=actor,
        fund=loan.fund,
        kind=PROVISION_OVERRIDE_KIND,
        payload=payload,
        before={"rate": str(current.rate) if current else None},
        reason=reason,
        target=loan,
    )


@transaction.atomic
def provision_override_apply(change: PendingChange, approver: User) -> None:
    """What approving a loan's provision rate does: set (or remove) its override, audited."""
    loan = Loan.objects.select_for_update().get(pk=int(change.target_id))
    rate = change.payload["rate"]
    before = LoanProvisionOverride.objects.filter(loan=loan).first()
    if rate is None:
        LoanProvisionOverride.objects.filter(loan=loan).delete()
    else:
        LoanProvisionOverride.objects.update_or_create(
            loan=loan, defaults={"rate": Decimal(rate), "reason": change.payload["reason"][:300]}
        )
    audit_record(
        actor=approver,
        action=AuditAction.BOOKS_PROVISION_OVERRIDE_SET,
        obj=loan,
        changes={
            "rate": [f"{before.rate} %" if before else None, f"{rate} %"],
            "reason": [None, change.payload["reason"]],
        },
    )


def provision_override_describe(change: PendingChange) -> list[tuple[str, str, str]]:
    loan = Loan.objects.filter(pk=int(change.target_id)).first()
    before, after = change.before.get("rate"), change.payload["rate"]

    def shown(rate: str | None) -> str:
        return _("the bucket's rate") if rate is None else f"{formatting.number(Decimal(rate), 2)} %"

    return [
        (str(_("Provision rate for %(loan)s") % {"loan": loan.reference if loan else "—"}), shown(before), shown(after))
    ]
