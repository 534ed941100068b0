"""Every write to the fund's books: its chart of accounts and the automatic posting of the loan and capital ledgers.

`books_post` is idempotent: each source event is posted once, keyed by (fund, source type, source id, kind) under a
unique constraint, so running it again, twice at once, or nightly and on demand posts nothing twice.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fund import formatting
from fund.audit import audit_record
from fund.errors import field_error
from fund.models import CapitalMovement, Fund, PendingChange, User
from fund.services.approvals import change_request
from portfolio.choices import AuditAction
from portfolio.models import Loan
from portfolio.selectors.loans import with_servicing_data

from .chart import DEFAULT_CHART
from .choices import JournalCode, PostingKind, SourceType
from .models import Account, JournalEntry
from .periods import period_closed_message
from .posting import Journal, Line, capital_movement_post, loan_entries_post


@transaction.atomic
def chart_of_accounts_create(*, actor: User | None, fund: Fund) -> list[Account]:
    """Give `fund` every account of the default chart it lacks (none twice); returns the accounts created."""
    have = set(Account.objects.filter(fund=fund).values_list("role", flat=True))
    taken = set(Account.objects.filter(fund=fund).values_list("number", flat=True))
    created = []
    for template in DEFAULT_CHART:
        if template.role in have:
            continue
        number = template.number
        while number in taken:  # the fund renumbered another account onto the template's number
            number = f"{number}1"
        created.append(
            Account.objects.create(
                fund=fund, role=template.role, number=number, kind=template.kind, rgs_code=template.rgs_code
            )
        )
        taken.add(number)
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.BOOKS_CHART_CREATED,
            obj=fund,
            changes={"accounts": [None, ", ".join(a.number for a in created)]},
        )
    return created


@transaction.atomic
def account_number_set(*, actor: User, account: Account, number: str) -> Account:
    """Give an account the number the fund's bookkeeping package knows it by (unique in the fund; audited)."""
    number = number.strip()
    if not number:
        raise field_error("number", _("Enter the account number."))
    if len(number) > 20 or not all(c.isalnum() or c in ".-" for c in number):
        raise field_error("number", _("Use at most 20 letters, digits, dots or hyphens."))
    account = Account.objects.select_for_update().get(pk=account.pk)
    if number == account.number:
        return account
    if Account.objects.filter(fund_id=account.fund_id, number=number).exclude(pk=account.pk).exists():
        raise field_error("number", _("Account %(number)s exists already in this fund.") % {"number": number})
    before = account.number
    account.number = number
    account.save(update_fields=["number"])
    audit_record(
        actor=actor,
        action=AuditAction.BOOKS_ACCOUNT_NUMBER_CHANGED,
        obj=account.fund,
        changes={"account": [None, account.role or account.name], "number": [before, number]},
    )
    return account


@transaction.atomic
def books_post(*, fund: Fund, up_to: datetime.date, actor: User | None = None) -> int:
    """Post every loan-ledger entry and capital movement of `fund` with a value date up to `up_to` not yet posted.

    Guarantees: every journal entry balances; each source event is posted once (a re-run posts nothing new); loans
    receivable per loan equals the engine's outstanding principal on the last date posted for it; one fund is posted
    by one caller at a time (the fund row is locked). Returns the number of journal entries written.
    """
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    chart_of_accounts_create(actor=actor, fund=fund)
    journal = Journal(fund=fund, actor=actor, late_to_open=True)
    with translation.override(settings.LANGUAGE_CODE):  # descriptions are kept in the books' language
        posted = _loans_post(journal, fund, up_to) + _capital_post(journal, fund, up_to)
    if posted:
        audit_record(
            actor=actor,
            action=AuditAction.BOOKS_POSTED,
            obj=fund,
            changes={"up_to": [None, up_to.isoformat()], "entries": [None, str(posted)]},
        )
    return posted


def _loans_post(journal: Journal, fund: Fund, up_to: datetime.date) -> int:
    posted_ids = set(
        JournalEntry.objects.filter(fund=fund, source_type=SourceType.LOAN_LEDGER).values_list("source_id", flat=True)
    )
    settled: dict[int, datetime.date] = {}
    for loan_id, kind in JournalEntry.objects.filter(fund=fund, source_type=SourceType.LOAN_SETTLEMENT).values_list(
        "source_id", "kind"
    ):
        if loan_id is not None:
            # the date the engine settled to is in the kind: the value date moves past a closed period
            value_date = datetime.date.fromisoformat(kind.rsplit(":", 1)[1])
            settled[loan_id] = max(value_date, settled.get(loan_id, value_date))
    loans = with_servicing_data(Loan.objects.filter(fund=fund, ledger_entries__isnull=False).distinct())
    count = 0
    for loan in loans.select_related("organisation").order_by("pk"):
        count += loan_entries_post(
            journal=journal, loan=loan, posted_ids=posted_ids, settled_on=settled.get(loan.pk), up_to=up_to
        )
    return count


def _capital_post(journal: Journal, fund: Fund, up_to: datetime.date) -> int:
    posted_ids = set(
        JournalEntry.objects.filter(fund=fund, source_type=SourceType.CAPITAL_MOVEMENT).values_list(
            "source_id", flat=True
        )
    )
    movements = (
        CapitalMovement.objects.filter(member__fund=fund, value_date__lte=up_to)
        .exclude(pk__in=posted_ids)
        .select_related("member__organisation")
        .order_by("value_date", "pk")
    )
    count = 0
    for movement in movements:
        count += capital_movement_post(journal=journal, movement=movement)
    return count


MANUAL_ENTRY_KIND = "portfolio.manual_journal_entry"
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class ManualLine:
    """One line a manager typed: an account of the fund, a debit or a credit, and what it is for."""

    account: Account
    debit: Decimal
    credit: Decimal
    description: str = ""


def _manual_clean(fund: Fund, value_date: datetime.date | None, description: str, lines: list[ManualLine]) -> None:
    errors: dict[str, list[str]] = {}
    if value_date is None:
        errors["value_date"] = [_("Enter the value date.")]
    elif value_date > timezone.localdate():
        errors["value_date"] = [_("The value date cannot lie in the future.")]
    else:
        closed = Journal(fund=fund).closed_period_of(value_date)
        if closed is not None:
            errors["value_date"] = [period_closed_message(*closed)]
    if not description.strip():
        errors["description"] = [_("Say what the entry is for.")]
    if len(lines) < 2:
        errors["lines"] = [_("An entry needs at least two lines.")]
    for line in lines:
        if line.account.fund_id != fund.pk:
            errors["lines"] = [_("Use the fund's own accounts.")]
        elif (line.debit > 0) == (line.credit > 0) or line.debit < 0 or line.credit < 0:
            errors["lines"] = [_("Each line has either a debit or a credit, greater than zero.")]
        elif line.debit != line.debit.quantize(_CENT) or line.credit != line.credit.quantize(_CENT):
            errors["lines"] = [_("Enter the amounts in whole cents.")]
    if "lines" not in errors:
        debit = sum((line.debit for line in lines), Decimal(0))
        credit = sum((line.credit for line in lines), Decimal(0))
        if debit != credit:
            errors["lines"] = [
                _("Debits (%(debit)s) and credits (%(credit)s) must be equal.")
                % {"debit": formatting.number(debit, 2), "credit": formatting.number(credit, 2)}
            ]
    if errors:
        raise ValidationError(errors)


def manual_entry_request(
    *,
    actor: User,
    fund: Fund,
    value_date: datetime.date | None,
    description: str,
    lines: list[ManualLine],
    reason: str,
) -> PendingChange:
    """Ask for a manual journal entry (operating costs, a correction); checked now (balanced, in cents, the fund's
    accounts, not in the future) and posted only when a second manager of the fund approves (four eyes)."""
    _manual_clean(fund, value_date, description, lines)
    assert value_date is not None  # checked above
    payload = {
        "value_date": value_date.isoformat(),
        "description": description.strip(),
        "lines": [
            {"account": line.account.pk, "debit": str(line.debit), "credit": str(line.credit), "text": line.description}
            for line in lines
        ],
    }
    return change_request(
        actor=actor, fund=fund, kind=MANUAL_ENTRY_KIND, payload=payload, before={}, reason=reason, target=fund
    )


@transaction.atomic
def manual_entry_apply(change: PendingChange, approver: User) -> None:
    """What approving a manual journal entry does: post it in the memorial journal (checked again), once."""
    fund = Fund.objects.select_for_update().get(pk=change.fund_id)
    payload = change.payload
    accounts = {a.pk: a for a in Account.objects.filter(fund=fund)}
    lines = []
    for row in payload["lines"]:
        account = accounts.get(int(row["account"]))
        if account is None:
            raise ValidationError({"lines": [_("Use the fund's own accounts.")]})
        lines.append(ManualLine(account, Decimal(row["debit"]), Decimal(row["credit"]), row.get("text", "")))
    value_date = datetime.date.fromisoformat(payload["value_date"])
    _manual_clean(fund, value_date, payload["description"], lines)
    journal = Journal(fund=fund, actor=approver)
    journal.write(
        journal=JournalCode.MEMORIAL,
        value_date=value_date,
        description=payload["description"],
        source_type=SourceType.MANUAL,
        source_id=change.pk,
        kind=PostingKind.MANUAL,
        lines=[
            Line(None, line.debit - line.credit, line.description or payload["description"], account=line.account)
            for line in lines
        ],
    )


def manual_entry_describe(change: PendingChange) -> list[tuple[str, str, str]]:
    """The approver's view of a manual entry: date, description and each line as account, debit and credit."""
    accounts = {a.pk: a for a in Account.objects.filter(fund_id=change.fund_id)}
    payload = change.payload
    rows = [
        (
            str(_("Value date")),
            "—",
            date_format(datetime.date.fromisoformat(payload["value_date"]), "SHORT_DATE_FORMAT"),
        ),
        (str(_("Description")), "—", payload["description"]),
    ]
    for row in payload["lines"]:
        account = accounts.get(int(row["account"]))
        name = str(account) if account else str(row["account"])
        debit, credit = Decimal(row["debit"]), Decimal(row["credit"])
        side = _("Debit") if debit > 0 else _("Credit")
        rows.append((name, "—", f"{side} {formatting.number(max(debit, credit), 2)} {row.get('text', '')}".strip()))
    return rows
