"""Bank statements in, direct debits out: matching credits to loans, the reconciliation queue, pain.008.

Import rules: the whole file or nothing (a file or entry that cannot be read rejects the file, naming every problem);
each line is stored once under its import key, so importing the same statement again posts nothing twice; a credit
is matched by a loan reference in its end-to-end id or remittance, else by the payer's IBAN; one loan posts the
repayment, none or several send the line to the reconciliation queue, with the reason (`queue_reason`). A credit
quoting an RF reference is a member's payment of a capital call instead (portfolio.services.member_payments).

The queue is worked by a fund manager: assign a line to a loan (on a value date the loan accepts), split it across
loans (the parts add up to the line exactly, each a repayment), park it with a note, or set it aside as no loan
payment (with the reason). A line is never deleted; each step is an audit event on the line, its history.
Posting follows the rules of a manual repayment (`repayment_post`).
"""

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fund.audit import audit_record
from fund.errors import DomainError
from fund.models import Fund, User
from fund.uploads import BANK_STATEMENT_MAX_BYTES
from portfolio.banking.camt053 import camt053_parse
from portfolio.banking.mt940 import mt940_parse
from portfolio.banking.sepa import DirectDebit, Party, PaymentFileError, direct_debit_file
from portfolio.banking.statement import BankStatement, StatementFileError, StatementLine
from portfolio.choices import (
    QUEUED_LINE_STATUSES,
    SERVICED_STATUSES,
    AuditAction,
    BankLineStatus,
    EntrySource,
    LoanStatus,
    PaymentFileKind,
    QueueReason,
)
from portfolio.models import (
    BankLine,
    BankLinePart,
    BankStatementImport,
    FundBankAccount,
    LedgerEntry,
    Loan,
    PaymentFile,
)
from portfolio.selectors.loans import loan_dates, loan_state, with_servicing_data
from portfolio.services.ledger import repayment_post
from portfolio.services.member_payments import call_reference_quoted, member_payment_post, open_call_references

MATCHABLE = (*SERVICED_STATUSES, LoanStatus.WRITTEN_OFF)


class StatementImportError(DomainError):
    """The file was not imported; `problems` names each entry or line at fault."""

    def __init__(self, message: str, problems: list[str]):
        super().__init__(message)
        self.problems = problems


def statement_parse(content: bytes) -> tuple[str, list[BankStatement]]:
    """Read a CAMT.053 (XML) or MT940 file; raise StatementImportError naming what is wrong."""
    head = content.lstrip()[:200]
    try:
        if head.startswith(b"<") or head.startswith(b"\xef\xbb\xbf<"):
            return "camt053", camt053_parse(content)
        return "mt940", mt940_parse(content)
    except StatementFileError as exc:
        raise StatementImportError(exc.args[0], exc.problems or [exc.args[0]]) from exc


def _account_check(fund: Fund, statements: list[BankStatement]) -> None:
    """A statement is imported only on the page of the fund whose account it is for."""
    account = FundBankAccount.objects.filter(fund=fund).first()
    if account is None:
        raise StatementImportError(
            _("%(fund)s has no bank account yet; record it before importing statements.") % {"fund": fund},
            [_("Set up the fund's bank account (IBAN) in the back-office.")],
        )
    own = account.iban.replace(" ", "").upper()
    foreign = sorted({s.account_iban for s in statements if s.account_iban.replace(" ", "").upper() != own})
    if foreign:
        raise StatementImportError(
            _("This statement is for another account than %(fund)s's (%(iban)s); nothing was imported.")
            % {"fund": fund, "iban": own},
            [_("Statement for account %(iban)s.") % {"iban": iban} for iban in foreign],
        )


@dataclass(frozen=True)
class Match:
    status: str
    loan: Loan | None
    candidates: tuple[int, ...] = ()
    reason: str = ""


def line_match(line: StatementLine, loans: list[Loan]) -> Match:
    """Which loan a credit pays: by reference (end-to-end id, structured or free remittance), then by payer IBAN.

    Ambiguous means several loans; exactly one loan is always a match (even if it then cannot take the payment)."""
    text = " ".join((line.end_to_end_id, line.structured_reference, line.remittance)).upper()
    by_reference = [loan for loan in loans if loan.reference.upper() in text]
    if len(by_reference) == 1:
        return Match(BankLineStatus.MATCHED, by_reference[0])
    if len(by_reference) > 1:
        candidates = tuple(loan.pk for loan in by_reference)
        return Match(BankLineStatus.AMBIGUOUS, None, candidates, QueueReason.SEVERAL_BY_REFERENCE)
    payer = line.counterparty_iban.replace(" ", "").upper()
    by_iban = [loan for loan in loans if payer and loan.borrower_iban.upper() == payer]
    if len(by_iban) == 1:
        return Match(BankLineStatus.MATCHED, by_iban[0])
    if len(by_iban) > 1:
        return Match(BankLineStatus.AMBIGUOUS, None, tuple(loan.pk for loan in by_iban), QueueReason.SEVERAL_BY_PAYER)
    return Match(BankLineStatus.UNMATCHED, None, (), QueueReason.NO_LOAN)


def _short_date(day: datetime.date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else "—"


def _value_date_check(loan: Loan, value_date: datetime.date | None) -> None:
    """Refuse, naming the value date, a payment dated before the loan was paid out or before its current terms."""
    if value_date is None:
        raise ValidationError({"value_date": [_("Enter the value date.")]})
    dates = loan_dates(loan)
    problem = dates.problem(value_date)
    if problem == QueueReason.BEFORE_DISBURSEMENT:
        raise ValidationError(
            {
                "value_date": [
                    _("%(ref)s was paid out on %(date)s; choose a value date on or after it.")
                    % {"ref": loan.reference, "date": _short_date(dates.disbursed_on)}
                ]
            }
        )
    if problem == QueueReason.BEFORE_TERMS:
        raise ValidationError(
            {
                "value_date": [
                    _("%(ref)s runs on new terms from %(date)s; choose a value date on or after it.")
                    % {"ref": loan.reference, "date": _short_date(dates.terms_from)}
                ]
            }
        )


def _source(line: StatementLine) -> str:
    return EntrySource.DIRECT_DEBIT if line.mandate_id else EntrySource.BANK_STATEMENT


@transaction.atomic
def bank_statement_import(*, actor: User, fund: Fund, file_name: str, content: bytes) -> BankStatementImport:
    """Import a bank statement file for `fund`: post matched credits, queue the rest, skip what was imported before.

    Guarantees: all or nothing; a file over the size cap is refused before it is parsed; a line already imported
    (same import key) is counted as a duplicate and posts nothing; a matched line whose posting the engine refuses
    goes to the queue with the reason rather than failing.
    """
    if len(content) > BANK_STATEMENT_MAX_BYTES:
        message = _("The file is larger than %(limit)s.") % {"limit": filesizeformat(BANK_STATEMENT_MAX_BYTES)}
        raise StatementImportError(message, [message])
    file_format, statements = statement_parse(content)
    _account_check(fund, statements)
    keyed = [(key, line) for statement in statements for key, line in statement.keyed_lines()]
    known = set(BankLine.objects.filter(import_key__in=[key for key, _ in keyed]).values_list("import_key", flat=True))
    loans = list(Loan.objects.filter(fund=fund, status__in=MATCHABLE))
    call_references = open_call_references(fund)
    record = BankStatementImport.objects.create(
        fund=fund,
        file_name=file_name[:200],
        file_format=file_format,
        sha256=hashlib.sha256(content).hexdigest(),
        imported_by=actor,
        lines_read=len(keyed),
        warnings=[w for statement in statements for w in statement.warnings],
        closing_balance=next((s.closing_balance for s in reversed(statements) if s.closing_balance is not None), None),
        closing_date=max((line.booking_date for _key, line in keyed), default=None),
    )
    counts = {"matched": 0, "queued": 0, "duplicates": 0, "other": 0}
    for key, line in keyed:
        if key in known:
            counts["duplicates"] += 1
            continue
        known.add(key)
        bank_line = BankLine(
            statement_import=record,
            fund=fund,
            import_key=key,
            label=line.label[:120],
            account_iban=line.account_iban,
            booking_date=line.booking_date,
            value_date=line.value_date,
            amount=line.amount,
            end_to_end_id=line.end_to_end_id[:100],
            remittance=(line.structured_reference + " " + line.remittance).strip()[:500],
            counterparty_iban=line.counterparty_iban.replace(" ", "")[:34],
            counterparty_name=line.counterparty_name[:140],
        )
        if not line.is_credit or line.is_reversal:
            bank_line.status = BankLineStatus.DEBIT
            counts["other"] += 1
            bank_line.save()
            continue
        reference = call_reference_quoted(line, call_references)
        if reference:  # a member's payment of a capital call, never a loan repayment
            member_payment_post(actor=actor, bank_line=bank_line, reference=reference)
            bank_line.save()
            counts["matched" if bank_line.status == BankLineStatus.CONTRIBUTION else "queued"] += 1
            continue
        match = line_match(line, loans)
        bank_line.status, bank_line.loan, bank_line.candidates = match.status, match.loan, list(match.candidates)
        bank_line.queue_reason = match.reason
        if match.loan is not None:
            _matched_line_post(actor, bank_line, match.loan, _source(line))
        bank_line.save()
        counts["matched" if bank_line.status == BankLineStatus.MATCHED else "queued"] += 1
    for name, value in counts.items():
        setattr(record, name, value)
    record.save()
    audit_record(
        actor=actor,
        action=AuditAction.BANK_STATEMENT_IMPORTED,
        obj=fund,
        changes={"file": [None, record.file_name], **{name: [None, str(value)] for name, value in counts.items()}},
    )
    return record


def _matched_line_post(actor: User, bank_line: BankLine, loan: Loan, source: str) -> None:
    """Post a line that matched one loan; when the loan cannot take it, queue it saying why (still that one loan)."""
    value_date = min(bank_line.value_date, timezone.localdate())
    problem = loan_dates(loan).problem(value_date)
    if not problem:
        try:
            with transaction.atomic():
                bank_line.entry = repayment_post(
                    actor=actor,
                    loan=loan,
                    value_date=value_date,
                    amount=bank_line.amount,
                    source=source,
                    note=bank_line.label,
                )
            return
        except (ValidationError, DomainError) as exc:
            problem = QueueReason.REFUSED
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            bank_line.queue_detail = " ".join(messages)[:300]
    bank_line.status, bank_line.candidates, bank_line.queue_reason = BankLineStatus.NOT_POSTED, [loan.pk], problem


def _queued_line_lock(line: BankLine) -> BankLine:
    line = BankLine.objects.select_for_update().get(pk=line.pk)
    if line.status not in QUEUED_LINE_STATUSES:
        raise DomainError(
            _("This bank line has been dealt with already (%(status)s).")
            % {"status": line.get_status_display().lower()}
        )
    return line


def _line_resolve(line: BankLine, actor: User, status: str) -> None:
    line.status = status
    line.resolved_by = actor
    line.resolved_at = timezone.now()
    line.save()


def _fund_loan_check(line: BankLine, loan: Loan, field: str = "loan") -> None:
    if loan.fund_id != line.fund_id:
        raise ValidationError({field: [_("Choose a loan of the fund whose account received the money.")]})


@transaction.atomic
def bank_line_assign(*, actor: User, line: BankLine, loan: Loan, value_date: datetime.date | None = None) -> BankLine:
    """A fund manager says which loan a queued credit pays; the repayment is posted on `value_date` (by default the
    line's own).

    Guarantees: a value date before the loan was paid out (or before its current terms) is refused naming the
    field; the line keeps its bank value date and its reason for having been queued.
    """
    line = _queued_line_lock(line)
    _fund_loan_check(line, loan)
    value_date = value_date or line.value_date
    _value_date_check(loan, value_date)
    line.entry = repayment_post(
        actor=actor,
        loan=loan,
        value_date=value_date,
        amount=line.amount,
        source=EntrySource.BANK_STATEMENT,
        note=line.label,
    )
    line.loan = loan
    _line_resolve(line, actor, BankLineStatus.ASSIGNED)
    audit_record(
        actor=actor,
        action=AuditAction.BANK_LINE_ASSIGNED,
        obj=line,
        changes={
            "loan": [None, loan.reference],
            "value_date": [line.value_date.isoformat(), value_date.isoformat()],
            "amount": [None, f"{line.amount:.2f}"],
        },
    )
    return line


@transaction.atomic
def bank_line_split(
    *,
    actor: User,
    line: BankLine,
    parts: list[tuple[Loan, Decimal | None]],
    value_date: datetime.date | None = None,
) -> BankLine:
    """Split a queued credit across loans: each part a repayment on its loan, on `value_date` (the line's own by
    default).

    Guarantees: the parts add up to the line exactly, or nothing is posted; all parts post or none (one
    transaction); a refused part names its loan.
    """
    line = _queued_line_lock(line)
    value_date = value_date or line.value_date
    errors: list[str] = []
    if len(parts) < 2:
        errors.append(_("Split the line across at least two loans; to post it on one loan, assign it."))
    for number, (loan, amount) in enumerate(parts, 1):
        if amount is None or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            errors.append(_("Part %(n)s: enter a positive amount in whole cents.") % {"n": number})
        if loan.fund_id != line.fund_id:
            errors.append(_("Part %(n)s: choose a loan of the fund whose account received the money.") % {"n": number})
    total = sum((amount for _loan, amount in parts if amount is not None), Decimal(0))
    if not errors and total != line.amount:
        errors.append(
            _("The parts add up to %(total)s but the line is %(amount)s; they must add up to it exactly.")
            % {"total": f"{total:.2f}", "amount": f"{line.amount:.2f}"}
        )
    if errors:
        raise ValidationError({"parts": errors})
    checked = [(loan, amount) for loan, amount in parts if amount is not None]  # every amount was checked above
    for loan, amount in checked:
        _value_date_check(loan, value_date)
        try:
            entry = repayment_post(
                actor=actor,
                loan=loan,
                value_date=value_date,
                amount=amount,
                source=EntrySource.BANK_STATEMENT,
                note=line.label,
            )
        except ValidationError as exc:
            raise ValidationError(
                {field: [f"{loan.reference}: {m}" for m in messages] for field, messages in exc.message_dict.items()}
            ) from exc
        BankLinePart.objects.create(line=line, loan=loan, amount=amount, entry=entry)
    _line_resolve(line, actor, BankLineStatus.SPLIT)
    audit_record(
        actor=actor,
        action=AuditAction.BANK_LINE_SPLIT,
        obj=line,
        changes={
            "parts": [None, ", ".join(f"{loan.reference} {amount:.2f}" for loan, amount in parts)],
            "value_date": [line.value_date.isoformat(), value_date.isoformat()],
        },
    )
    return line


@transaction.atomic
def bank_line_park(*, actor: User, line: BankLine, note: str) -> BankLine:
    """Put a queued credit aside with a note (e.g. "asked the borrower"): it stays on the queue, marked parked."""
    line = _queued_line_lock(line)
    if not note.strip():
        raise ValidationError({"note": [_("Write down why the line waits, so a colleague can pick it up.")]})
    before = line.status
    line.status = BankLineStatus.PARKED
    line.note = note.strip()[:300]
    line.save()
    audit_record(
        actor=actor,
        action=AuditAction.BANK_LINE_PARKED,
        obj=line,
        changes={"status": [before, BankLineStatus.PARKED], "note": [None, line.note]},
    )
    return line


@transaction.atomic
def bank_line_ignore(*, actor: User, line: BankLine, reason: str) -> BankLine:
    """A queued credit that is no loan payment (e.g. a member's contribution): taken off the queue with a reason."""
    line = _queued_line_lock(line)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say what the money is, if not a loan payment.")]})
    before = line.status
    line.note = reason.strip()[:300]
    _line_resolve(line, actor, BankLineStatus.IGNORED)
    audit_record(
        actor=actor,
        action=AuditAction.BANK_LINE_IGNORED,
        obj=line,
        changes={"status": [before, BankLineStatus.IGNORED], "reason": [None, line.note]},
    )
    return line


@dataclass(frozen=True)
class DueCollection:
    loan: Loan
    installment: int
    due_date: datetime.date
    amount: Decimal
    mandate_signed_on: datetime.date


def collections_due(*, fund: Fund, start: datetime.date, end: datetime.date) -> list[DueCollection]:
    """What is still to be paid on the installments due in [start, end] of the fund's loans with a mandate."""
    loans = with_servicing_data(
        Loan.objects.filter(fund=fund, status__in=SERVICED_STATUSES)
        .exclude(mandate_reference="")
        .select_related("organisation")
    )
    due = []
    for loan in loans.order_by("reference"):
        if loan.mandate_signed_on is None:
            continue  # a mandate comes with its signing date (loan_contract_sign); without it, nothing is collected
        state = loan_state(loan=loan, as_of=max(min(end, timezone.localdate()), loan_start(loan)))
        for view in state.installments:
            if start <= view.due_date <= end and view.outstanding > 0:
                due.append(DueCollection(loan, view.number, view.due_date, view.outstanding, loan.mandate_signed_on))
    return due


def loan_start(loan: Loan) -> datetime.date:
    versions = getattr(loan, "prefetched_versions", None) or list(loan.schedule_versions.all())
    return min((v.effective_from for v in versions), default=timezone.localdate())


@transaction.atomic
def direct_debit_file_create(*, actor: User, fund: Fund, start: datetime.date, end: datetime.date) -> PaymentFile:
    """A pain.008 file collecting the installments due in [start, end] from the loans with a mandate."""
    account = getattr(fund, "bank_account", None)
    if account is None or not account.creditor_id:
        raise DomainError(_("The fund needs a bank account with a SEPA creditor id for direct debits."))
    if start > end:
        raise ValidationError({"end": [_("The period ends before it starts.")]})
    due = collections_due(fund=fund, start=start, end=end)
    if not due:
        raise DomainError(_("No installments with a mandate fall due in this period."))
    collected_before = set(
        LedgerEntry.objects.filter(loan__fund=fund, source=EntrySource.DIRECT_DEBIT).values_list("loan_id", flat=True)
    )
    earliest = timezone.localdate() + datetime.timedelta(days=2)
    try:
        content = direct_debit_file(
            creditor=Party(account.account_name, account.iban, account.bic),
            creditor_id=account.creditor_id,
            debits=[
                DirectDebit(
                    end_to_end_id=f"{c.loan.reference}-{c.installment}"[-35:],
                    amount=c.amount,
                    debtor=Party(c.loan.organisation.legal_name[:70], c.loan.borrower_iban),
                    mandate_id=c.loan.mandate_reference,
                    mandate_date=c.mandate_signed_on,
                    remittance=_("Loan %(ref)s installment %(n)s") % {"ref": c.loan.reference, "n": c.installment},
                    collection_date=max(c.due_date, earliest),
                    sequence_type="RCUR" if c.loan.pk in collected_before else "FRST",
                )
                for c in due
            ],
        )
    except PaymentFileError as exc:
        raise DomainError(str(exc)) from exc
    payment_file = PaymentFile.objects.create(
        fund=fund,
        kind=PaymentFileKind.DIRECT_DEBIT,
        content=content.decode(),
        payments=len(due),
        total=sum((c.amount for c in due), Decimal(0)),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.BANK_DIRECT_DEBIT_FILE,
        obj=fund,
        changes={"period": [None, f"{start} – {end}"], "collections": [None, str(len(due))]},
    )
    return payment_file
