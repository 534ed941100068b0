"""Where a loan's money is paid: the borrower's payee IBAN, set only with a second manager's approval.

`Loan.borrower_iban` holds only an approved IBAN, so every payment file (pain.001) and direct debit (pain.008) built
from it carries an approved IBAN. An IBAN counts as approved when it is the organisation's own IBAN (itself set
four-eyes, fund.organisation_iban) or when a second manager approved it for the loan (kind "portfolio.borrower_iban").
Until then the loan has no payee IBAN and its tranches cannot be approved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fund.audit import audit_record
from fund.models import PendingChange, User
from fund.selectors import pending_change_for
from fund.services.approvals import change_request
from fund.validators import iban_clean
from portfolio.choices import AuditAction
from portfolio.models import Loan

BORROWER_IBAN_KIND = "portfolio.borrower_iban"


def borrower_iban_pending(loan: Loan) -> PendingChange | None:
    """The loan's payee IBAN change awaiting a second manager, if any."""
    return pending_change_for(kind=BORROWER_IBAN_KIND, target=loan)


@transaction.atomic
def borrower_iban_change_request(*, actor: User, loan: Loan, iban: str, reason: str) -> PendingChange:
    """Ask for `iban` to become the loan's payee IBAN (checked now, on the field "borrower_iban"); the loan keeps the
    one it has (possibly none) until a second manager of the loan's fund approves."""
    try:
        cleaned = iban_clean(iban)
    except ValidationError as exc:
        raise ValidationError({"borrower_iban": exc.messages}) from exc
    if cleaned == loan.borrower_iban:
        raise ValidationError({"borrower_iban": [_("This is the loan's payee IBAN already.")]})
    return change_request(
        actor=actor,
        fund=loan.fund,
        kind=BORROWER_IBAN_KIND,
        payload={"borrower_iban": cleaned},
        before={"borrower_iban": loan.borrower_iban},
        reason=reason,
        target=loan,
    )


def borrower_iban_apply(change: PendingChange, approver: User) -> None:
    """What approving a portfolio.borrower_iban change does: the loan pays to (and collects from) the approved IBAN."""
    loan = Loan.objects.select_for_update().get(pk=change.target_id)
    before = loan.borrower_iban
    loan.borrower_iban = iban_clean(change.payload["borrower_iban"])
    loan.save(update_fields=["borrower_iban"])
    audit_record(
        actor=approver,
        action=AuditAction.LOAN_BORROWER_IBAN_CHANGED,
        obj=loan,
        changes={"borrower_iban": [before or None, loan.borrower_iban]},
    )
