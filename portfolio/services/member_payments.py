"""Members' money through the fund's bank account: contributions recognised on imported statements by the RF reference
of their call line, reminders for calls not paid by their due date, and distribution payouts (pain.001, four eyes).

Recognising a contribution: a credit quoting an RF reference (the structured creditor reference of a CAMT.053
transaction, <CdtrRefInf><Ref>, or anywhere in its remittance or an MT940 description; spaces and lower case
tolerated) is a member's payment, never a loan repayment (loans are paid with their loan reference). When the
reference is an open call line of the fund and the amount is at most what is outstanding on it, the amount is
recorded as the member's contribution against the call (fund.services.capital.capital_call_payment_record): in full
or, for less, as a partial payment. An overpayment or a reference of no call line joins the reconciliation queue with
that reason, and nothing is recorded.
"""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from djmoney.money import Money

from fund.audit import audit_record
from fund.choices import AuditAction as FundAuditAction
from fund.choices import CapitalMovementKind, Role
from fund.creditor_reference import (
    creditor_reference_compact,
    creditor_reference_format,
    creditor_reference_in,
    creditor_reference_is_valid,
)
from fund.errors import DomainError
from fund.formatting import date as short_date
from fund.formatting import money
from fund.models import CapitalCallReminder, CapitalMovement, Distribution, Fund, PendingChange, RoleAssignment, User
from fund.selectors import CallLine, capital_call_lines
from fund.services.approvals import change_request
from fund.services.capital import CallOverpaid, CallReferenceUnknown, capital_call_payment_record
from portfolio.banking.sepa import CreditTransfer, Party, PaymentFileError, credit_transfer_file
from portfolio.banking.statement import StatementLine
from portfolio.choices import AuditAction, BankLineStatus, PaymentFileKind, QueueReason
from portfolio.models import BankLine, FundBankAccount, PaymentFile

DISTRIBUTION_PAYOUT_KIND = "portfolio.distribution_payout"

# An RF reference as people type it: RF, two check digits, then letters and digits, spaces anywhere between.
_RF_QUOTED = re.compile(r"RF\s*\d\s*\d(?:\s*[A-Z0-9]){1,21}")


def call_reference_quoted(line: StatementLine, known: set[str]) -> str:
    """The RF reference a credit quotes (compact), or "" when it quotes none.

    The structured creditor reference first; then the free text, where a known call line's reference is looked for
    whatever its spacing, and else the longest well-formed RF reference (valid check digits) written there."""
    structured = creditor_reference_compact(line.structured_reference)
    if structured.startswith("RF") and creditor_reference_is_valid(structured):
        return structured
    text = " ".join((line.remittance, line.end_to_end_id, line.structured_reference))
    for reference in known:
        if creditor_reference_in(reference, text):
            return reference
    for match in _RF_QUOTED.finditer(text.upper()):
        candidate = re.sub(r"\s+", "", match.group(0))
        for end in range(len(candidate), 4, -1):  # the match may run on into the next word
            if creditor_reference_is_valid(candidate[:end]):
                return candidate[:end]
    return ""


def open_call_references(fund: Fund) -> set[str]:
    """The RF references of the fund's call lines (one query)."""
    return set(
        CapitalMovement.objects.filter(
            member__fund=fund, kind=CapitalMovementKind.CALL, reference__startswith="RF"
        ).values_list("reference", flat=True)
    )


def member_payment_post(*, actor: User | None, bank_line: BankLine, reference: str) -> None:
    """Record the credit on `bank_line` as the contribution paid with `reference`, or queue it saying why.

    Sets the line's status (contribution, or unmatched with the reason) and its contribution; the caller saves it."""
    try:
        with transaction.atomic():
            bank_line.contribution = capital_call_payment_record(
                actor=actor,
                fund=bank_line.fund,
                reference=reference,
                amount=bank_line.amount,
                value_date=bank_line.value_date,
                note=bank_line.label,
            )
        bank_line.status = BankLineStatus.CONTRIBUTION
        bank_line.queue_reason = ""
        return
    except CallOverpaid as exc:
        bank_line.queue_reason, bank_line.queue_detail = QueueReason.CALL_OVERPAID, str(exc)[:300]
    except CallReferenceUnknown as exc:
        bank_line.queue_reason, bank_line.queue_detail = QueueReason.UNKNOWN_CALL_REFERENCE, str(exc)[:300]
    except (ValidationError, DomainError) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        bank_line.queue_reason, bank_line.queue_detail = QueueReason.REFUSED, " ".join(messages)[:300]
    bank_line.status = BankLineStatus.UNMATCHED


def _co_investors(member_id: int) -> list[User]:
    return [
        r.user
        for r in RoleAssignment.objects.select_related("user").filter(
            role=Role.CO_INVESTOR, member_id=member_id, user__is_active=True
        )
    ]


def call_reminders_due(*, today: datetime.date, interval_days: int) -> list[CallLine]:
    """Call lines with money outstanding after their due date, not reminded in the last `interval_days` days."""
    return [
        line
        for line in capital_call_lines()
        if line.outstanding > 0
        and line.due_date < today
        and (line.last_reminded_on is None or (today - line.last_reminded_on).days >= interval_days)
    ]


@transaction.atomic
def capital_call_reminders_send(*, today: datetime.date, interval_days: int, language: str = "nl") -> int:
    """E-mail the co-investors of each member whose call share is outstanding after its due date, at most once per
    `interval_days` days per call line; each reminder is a CapitalCallReminder row and an audit event on the member.
    Returns the number of call lines reminded. Safe to run more than once a day (one reminder per line a day)."""
    if interval_days < 1:
        raise ValidationError({"interval_days": [_("Remind at most once a day.")]})
    lines = call_reminders_due(today=today, interval_days=interval_days)
    accounts = {a.fund_id: a for a in FundBankAccount.objects.filter(fund_id__in={line.fund_id for line in lines})}
    funds = {f.pk: f for f in Fund.objects.filter(pk__in={line.fund_id for line in lines})}
    emails = []
    for line in lines:
        users = _co_investors(line.member_id)
        CapitalCallReminder.objects.create(
            line_id=line.line_id, sent_on=today, outstanding=Money(line.outstanding, "EUR"), recipients=len(users)
        )
        fund = funds[line.fund_id]
        audit_record(
            actor=None,
            action=FundAuditAction.CAPITAL_CALL_REMINDED,
            obj=CapitalMovement.objects.get(pk=line.line_id).member,
            changes={"capital_call": [None, f"{line.call_number}: € {line.outstanding} · {line.reference}"]},
        )
        account = accounts.get(line.fund_id)
        with translation.override(language):
            subject = _("%(fund)s: reminder, capital call %(number)s is due") % {
                "fund": fund.name,
                "number": line.call_number,
            }
            body = _(
                "%(member)s has not yet paid all of its share of capital call %(number)s of %(fund)s, due on "
                "%(due)s.\n\nOutstanding: %(amount)s\nPay to: %(iban)s (%(holder)s)\nPayment reference: "
                "%(reference)s\n\nPlease quote the payment reference exactly, so that the payment is recognised.\n"
            ) % {
                "member": line.member_name,
                "number": line.call_number,
                "fund": fund.name,
                "due": short_date(line.due_date),
                "amount": money(line.outstanding),
                "iban": account.iban if account else "—",
                "holder": account.account_name if account else fund.name,
                "reference": creditor_reference_format(line.reference),
            }
        emails += [EmailMessage(subject=subject, body=body, to=[user.email]) for user in users]

    def send() -> None:
        with get_connection() as connection:
            connection.send_messages(emails)

    transaction.on_commit(send)
    return len(lines)


def _payable_shares(distribution: Distribution) -> list[CapitalMovement]:
    """The member shares of a distribution still standing (a reversed share is not paid)."""
    return list(
        distribution.movements.filter(reverses__isnull=True, reversed_by__isnull=True)
        .select_related("member__organisation")
        .order_by("pk")
    )


@transaction.atomic
def distribution_payout_request(*, actor: User, distribution: Distribution, reason: str) -> PendingChange:
    """Ask a second manager to approve the payout file of a distribution: one credit transfer per member share to
    the member's approved IBAN (the organisation's, itself set under four eyes), from the fund's approved account.

    Refused now, naming them, when the fund has no bank account or a member has no approved IBAN; and when the
    distribution was paid out already."""
    fund = distribution.fund
    if PaymentFile.objects.filter(distribution=distribution).exists():
        raise DomainError(_("This distribution has a payout file already."))
    if not FundBankAccount.objects.filter(fund=fund).exists():
        raise DomainError(_("The fund has no bank account on record; a payment file needs one."))
    shares = _payable_shares(distribution)
    missing = [s.member.organisation.display_name for s in shares if not s.member.organisation.iban]
    if missing:
        raise DomainError(
            _("These members have no approved IBAN, so they cannot be paid: %(names)s.") % {"names": ", ".join(missing)}
        )
    total = sum((s.amount.amount for s in shares), Decimal(0))
    return change_request(
        actor=actor,
        fund=fund,
        kind=DISTRIBUTION_PAYOUT_KIND,
        payload={"distribution": distribution.number, "payments": len(shares), "total": total},
        before={},
        reason=reason,
        target=distribution,
    )


def distribution_payout_apply(change: PendingChange, approver: User) -> None:
    """What approving a distribution payout does: the pain.001 file (validated against its XSD) is made, paying each
    member's share to its approved IBAN; the requester never sees it made by themselves."""
    distribution = Distribution.objects.select_for_update().select_related("fund").get(pk=change.target_id)
    if PaymentFile.objects.filter(distribution=distribution).exists():
        raise DomainError(_("This distribution has a payout file already."))
    fund = distribution.fund
    account = FundBankAccount.objects.filter(fund=fund).first()
    if account is None:
        raise DomainError(_("The fund has no bank account on record; a payment file needs one."))
    shares = _payable_shares(distribution)
    reference = f"{fund.slug.upper()}-D{distribution.number}"
    try:
        content = credit_transfer_file(
            debtor=Party(account.account_name, account.iban, account.bic),
            transfers=[
                CreditTransfer(
                    end_to_end_id=f"{reference}-{s.member_id}"[-35:],
                    amount=s.amount.amount,
                    creditor=Party(s.member.organisation.legal_name[:70], s.member.organisation.iban),
                    remittance=_("Distribution %(number)s of %(fund)s") % {"number": distribution.number, "fund": fund},
                    execution_date=max(distribution.value_date, timezone.localdate()),
                )
                for s in shares
            ],
        )
    except PaymentFileError as exc:
        raise DomainError(str(exc)) from exc
    PaymentFile.objects.create(
        fund=fund,
        kind=PaymentFileKind.DISTRIBUTION,
        content=content.decode(),
        payments=len(shares),
        total=sum((s.amount.amount for s in shares), Decimal(0)),
        distribution=distribution,
        created_by=approver,
    )
    audit_record(
        actor=approver,
        action=AuditAction.DISTRIBUTION_PAYOUT_FILE,
        obj=fund,
        changes={"distribution": [None, f"{distribution.number}: {len(shares)}"]},
    )
