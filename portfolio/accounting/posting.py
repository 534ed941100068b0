"""What each source event posts: the rules of the fund's books (see docs/accounting.md).

Loan events post the difference in the loan's book position (`positions.py`) that the event makes:

    bank                  Dr  cash in − cash out
    loans receivable      Dr  change in outstanding principal
    write-off expense     Dr  principal written off
    interest income       Cr  interest the engine applied (+ arrears capitalised by a restructuring)
    fee / penalty income  Cr  fees / penalties the engine applied
    recoveries            Cr  money received on a written-off loan
    payments in advance   Cr  money received that the engine has not applied yet

A reversal posts what the loan's position loses by it: the mirror of the original, and any re-allocation of later
payments that the reversal causes. Capital movements: a commitment Dr uncalled commitments / Cr its contra (off
balance), a call the other way; a contribution Dr bank / Cr members' capital; a distribution the other way.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max
from django.utils.translation import gettext as _

from fund.choices import CapitalMovementKind
from fund.models import CapitalMovement, Fund, User
from portfolio.choices import LedgerEntryType
from portfolio.models import LedgerEntry, Loan

from .choices import AccountRole, JournalCode, PostingKind, SourceType
from .models import Account, JournalEntry, JournalLine
from .period_models import ClosedPeriod, ClosedPeriodStatus
from .periods import PeriodClosedError, period_closed_message, period_label
from .positions import NOTHING, LoanBookPosition, loan_book_position


class UnbalancedEntry(Exception):
    """A posting rule produced debits that differ from its credits: a bug, never saved."""


@dataclass(frozen=True)
class Line:
    role: AccountRole | None  # the chart's account for this purpose, or `account` itself (a manual line)
    amount: Decimal  # positive: debit; negative: credit
    description: str = ""
    loan: Loan | None = None
    member_id: int | None = None
    organisation_id: int | None = None
    account: Account | None = None


@dataclass
class Journal:
    """Writes balanced, numbered journal entries for one fund (the caller holds the fund's row lock)."""

    fund: Fund
    actor: User | None = None
    # an event of the loan or capital ledger dated in a closed period is posted on the first open day after it
    late_to_open: bool = False
    accounts: dict[str, Account] = field(init=False)
    last_numbers: dict[int, int] = field(init=False)
    closed: list[tuple[datetime.date, datetime.date]] = field(init=False)

    def __post_init__(self) -> None:
        self.closed = list(
            ClosedPeriod.objects.filter(fund=self.fund, status=ClosedPeriodStatus.CLOSED)
            .order_by("start")
            .values_list("start", "end")
        )
        self.accounts = {a.role: a for a in Account.objects.filter(fund=self.fund).exclude(role="")}
        rows = JournalEntry.objects.filter(fund=self.fund, number__isnull=False).values("fiscal_year")
        self.last_numbers = {row["fiscal_year"]: row["n"] for row in rows.annotate(n=Max("number"))}

    def write(
        self,
        *,
        journal: JournalCode,
        value_date: datetime.date,
        description: str,
        source_type: SourceType,
        source_id: int,
        kind: str,
        lines: list[Line],
        reverses: JournalEntry | None = None,
    ) -> JournalEntry:
        """One entry with its non-zero lines; an entry without lines is recorded unnumbered (nothing to book)."""
        lines = [line for line in lines if line.amount != 0]
        value_date, description = self._open_date(value_date, description)
        if sum((line.amount for line in lines), Decimal(0)) != 0:
            raise UnbalancedEntry(f"{source_type} {source_id} {kind}: {lines}")
        number = None
        if lines:
            number = self.last_numbers.get(value_date.year, 0) + 1
            self.last_numbers[value_date.year] = number
        entry = JournalEntry(
            fund=self.fund,
            journal=journal,
            fiscal_year=value_date.year,
            number=number,
            value_date=value_date,
            description=description[:200],
            source_type=source_type,
            source_id=source_id,
            kind=kind,
            reverses=reverses,
            posted_by=self.actor if getattr(self.actor, "pk", None) else None,
        )
        entry.save()
        JournalLine.objects.bulk_create(
            JournalLine(
                entry=entry,
                account=line.account or self.accounts[str(line.role)],
                debit=line.amount if line.amount > 0 else Decimal(0),
                credit=-line.amount if line.amount < 0 else Decimal(0),
                description=(line.description or description)[:200],
                loan=line.loan,
                member_id=line.member_id,
                organisation_id=line.organisation_id,
            )
            for line in lines
        )
        return entry

    def closed_period_of(self, day: datetime.date) -> tuple[datetime.date, datetime.date] | None:
        return next(((start, end) for start, end in self.closed if start <= day <= end), None)

    def _open_date(self, value_date: datetime.date, description: str) -> tuple[datetime.date, str]:
        """Refuse a value date in a closed period, or (`late_to_open`) move it to the first open day after it."""
        closed = self.closed_period_of(value_date)
        if closed is None:
            return value_date, description
        if not self.late_to_open:
            raise PeriodClosedError(period_closed_message(*closed))
        original = value_date
        while closed is not None:
            value_date = closed[1] + datetime.timedelta(days=1)
            closed = self.closed_period_of(value_date)
        note = _("value date %(date)s, in closed %(period)s") % {
            "date": original.isoformat(),
            "period": period_label(*self.closed_period_of(original) or (original, original)),
        }
        return value_date, f"{description} ({note})"


def loan_lines(loan: Loan, delta: LoanBookPosition, description: str) -> list[Line]:
    """The lines that move the books by `delta` of one loan (each with the loan and its organisation)."""
    moves = [
        (AccountRole.BANK, delta.cash_in - delta.cash_out),
        (AccountRole.LOANS_RECEIVABLE, delta.principal_outstanding),
        (AccountRole.WRITE_OFF_EXPENSE, delta.written_off),
        (AccountRole.INTEREST_INCOME, -(delta.interest + delta.capitalised)),
        (AccountRole.FEE_INCOME, -delta.fees),
        (AccountRole.PENALTY_INCOME, -delta.penalties),
        (AccountRole.RECOVERIES, -delta.recovered),
        (AccountRole.PAYMENTS_IN_ADVANCE, -delta.in_advance),
    ]
    return [Line(role, amount, description, loan, None, loan.organisation_id) for role, amount in moves]


def loan_entries_post(
    *,
    journal: Journal,
    loan: Loan,
    posted_ids: set[int | None],
    settled_on: datetime.date | None,
    up_to: datetime.date,
) -> int:
    """Post the loan's ledger entries up to `up_to` not yet posted, then what the engine applied since; returns
    the number of journal entries written."""
    entries: list[LedgerEntry] = list(getattr(loan, "prefetched_entries", None) or loan.ledger_entries.order_by("pk"))
    posted = [e for e in entries if e.pk in posted_ids]
    pending = sorted(
        (e for e in entries if e.pk not in posted_ids and e.value_date <= up_to), key=lambda e: (e.value_date, e.pk)
    )
    dates = [e.value_date for e in posted] + ([settled_on] if settled_on else [])
    book_date = max(dates) if dates else None
    before = loan_book_position(loan=loan, entries=posted, as_of=book_date) if book_date else NOTHING
    by_ledger_id = {
        e.source_id: e
        for e in JournalEntry.objects.filter(
            fund=journal.fund, source_type=SourceType.LOAN_LEDGER, source_id__in=[e.reverses_id for e in pending]
        )
    }
    count = 0
    for entry in pending:
        as_of = max(book_date, entry.value_date) if book_date else entry.value_date
        after = loan_book_position(loan=loan, entries=[*posted, entry], as_of=as_of)
        kind = PostingKind(entry.entry_type)
        description = f"{kind.label} {loan.reference}"
        written = journal.write(
            journal=JournalCode.LOANS,
            value_date=entry.value_date,
            description=description,
            source_type=SourceType.LOAN_LEDGER,
            source_id=entry.pk,
            kind=kind,
            lines=loan_lines(loan, after.minus(before), description),
            reverses=by_ledger_id.get(entry.reverses_id) if entry.entry_type == LedgerEntryType.REVERSAL else None,
        )
        by_ledger_id[entry.pk] = written
        count += 1 if written.number else 0
        posted.append(entry)
        before, book_date = after, as_of
    if book_date is not None and book_date < up_to:
        # money held for an installment is applied on its due date, without a ledger entry of its own
        after = loan_book_position(loan=loan, entries=posted, as_of=up_to)
        delta = after.minus(before)
        if not delta.is_zero:
            description = f"{PostingKind.SETTLEMENT.label} {loan.reference}"
            journal.write(
                journal=JournalCode.LOANS,
                value_date=up_to,
                description=description,
                source_type=SourceType.LOAN_SETTLEMENT,
                source_id=loan.pk,
                kind=f"{PostingKind.SETTLEMENT}:{up_to.isoformat()}",
                lines=loan_lines(loan, delta, description),
            )
            count += 1
    return count


_CAPITAL_SIDES = {
    # kind: (debit role, credit role, journal)
    CapitalMovementKind.COMMITMENT: (
        AccountRole.UNCALLED_COMMITMENTS,
        AccountRole.UNCALLED_COMMITMENTS_CONTRA,
        JournalCode.MEMORIAL,
    ),
    CapitalMovementKind.CALL: (
        AccountRole.UNCALLED_COMMITMENTS_CONTRA,
        AccountRole.UNCALLED_COMMITMENTS,
        JournalCode.MEMORIAL,
    ),
    CapitalMovementKind.CONTRIBUTION: (AccountRole.BANK, AccountRole.MEMBERS_CAPITAL, JournalCode.CAPITAL),
    CapitalMovementKind.DISTRIBUTION: (AccountRole.MEMBERS_CAPITAL, AccountRole.BANK, JournalCode.CAPITAL),
}


def capital_movement_post(*, journal: Journal, movement: CapitalMovement) -> int:
    """Post one movement of a member's capital account (a reversal carries a negated amount: the sides swap)."""
    debit, credit, code = _CAPITAL_SIDES[CapitalMovementKind(movement.kind)]
    amount = movement.amount.amount
    member = movement.member
    description = _("%(kind)s %(member)s") % {"kind": movement.get_kind_display(), "member": member.organisation}
    reverses = None
    if movement.reverses_id is not None:
        reverses = JournalEntry.objects.filter(
            fund=journal.fund, source_type=SourceType.CAPITAL_MOVEMENT, source_id=movement.reverses_id
        ).first()
    written = journal.write(
        journal=code,
        value_date=movement.value_date,
        description=description,
        source_type=SourceType.CAPITAL_MOVEMENT,
        source_id=movement.pk,
        kind=movement.kind,
        lines=[
            Line(debit, amount, description, None, member.pk, member.organisation_id),
            Line(credit, -amount, description, None, member.pk, member.organisation_id),
        ],
        reverses=reverses,
    )
    return 1 if written.number else 0
