"""Paying a loan out: conditions precedent met with evidence or waived four-eyes, tranches approved four-eyes, the
pain.001 file, posting.

Four-eyes: the fund manager who requests a tranche or a condition's waiver can never approve it (here, in the
database constraints, and therefore in every page and API endpoint that calls these services). A tranche request is a
pending change of the fund's four-eyes mechanism (fund.services.approvals): approving it there or here runs
`tranche_approval_apply`, which does what approving a tranche always did.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from djmoney.money import Money

from fund.audit import audit_record
from fund.errors import DomainError
from fund.models import Fund, PendingChange, User
from fund.selectors import pending_change_for
from fund.services.approvals import change_approve, change_reject, change_request, change_withdraw
from portfolio.banking.sepa import CreditTransfer, Party, PaymentFileError, credit_transfer_file
from portfolio.choices import (
    ApprovalStatus,
    AuditAction,
    ChangeKind,
    ConditionStatus,
    LedgerEntryType,
    LoanStatus,
    PaymentFileKind,
    TrancheStatus,
    VersionBasis,
)
from portfolio.engine.serialize import money
from portfolio.models import ApplicationDocument, ConditionPrecedent, ConditionWaiver, Loan, PaymentFile, Tranche
from portfolio.services.contract import loan_terms_dict, schedule_version_create
from portfolio.services.ledger import ledger_post, loan_lock, loan_status_set
from portfolio.services.payee import borrower_iban_pending

FOUR_EYES_MESSAGE = "four_eyes"
# a loan whose conditions precedent can still be met or waived (they stand between it and its tranches)
CONDITION_STATUSES = (LoanStatus.APPROVED, LoanStatus.CONTRACTED, LoanStatus.ACTIVE)


def _condition_lock(condition: ConditionPrecedent) -> ConditionPrecedent:
    return ConditionPrecedent.objects.select_for_update().select_related("loan").get(pk=condition.pk)


def _condition_open_check(condition: ConditionPrecedent) -> None:
    if condition.status != ConditionStatus.OPEN:
        raise DomainError(
            _("This condition is %(status)s already.") % {"status": condition.get_status_display().lower()}
        )
    if condition.loan.status not in CONDITION_STATUSES:
        raise DomainError(
            _("Loan %(ref)s is %(status)s: its conditions precedent are closed.")
            % {"ref": condition.loan.reference, "status": condition.loan.get_status_display().lower()}
        )


@transaction.atomic
def condition_precedent_meet(
    *,
    actor: User,
    condition: ConditionPrecedent,
    evidence: str,
    evidence_document: ApplicationDocument | None = None,
) -> ConditionPrecedent:
    """Mark an open condition precedent met, with its evidence (a description, one of the loan's documents, or both).

    Guarantees: only an open condition of a loan not yet fully paid out is met; without evidence nothing changes.
    """
    condition = _condition_lock(condition)
    _condition_open_check(condition)
    errors: dict[str, list[str]] = {}
    if not evidence.strip() and evidence_document is None:
        errors["evidence"] = [_("Describe the evidence that the condition is met, or choose the document.")]
    if evidence_document is not None and evidence_document.application_id != condition.loan.application_id:
        errors["evidence_document"] = [_("Choose one of this loan's documents.")]
    if errors:
        raise ValidationError(errors)
    condition.status = ConditionStatus.MET
    condition.evidence = evidence.strip()
    condition.evidence_document = evidence_document
    condition.checked_by = actor
    condition.checked_at = timezone.now()
    condition.save()
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_CONDITION_MET,
        obj=condition.loan,
        changes={
            "condition": [None, condition.text],
            "status": [ConditionStatus.OPEN, ConditionStatus.MET],
            "evidence": [None, condition.evidence or None],
            "evidence_document": [None, str(evidence_document) if evidence_document else None],
        },
    )
    return condition


@transaction.atomic
def condition_waiver_request(*, actor: User, condition: ConditionPrecedent, reason: str) -> ConditionWaiver:
    """Ask to waive an open condition precedent, with the reason; another fund manager decides (four-eyes).

    Guarantees: the condition stays open until a second manager approves; one pending request per condition.
    """
    condition = _condition_lock(condition)
    _condition_open_check(condition)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the condition can be waived.")]})
    if condition.waivers.filter(status=ApprovalStatus.REQUESTED).exists():
        raise DomainError(_("A waiver of this condition has been requested already; another fund manager decides."))
    waiver = ConditionWaiver.objects.create(
        condition=condition, reason=reason.strip(), requested_by=actor, requested_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_CONDITION_WAIVER_REQUESTED,
        obj=condition.loan,
        changes={"condition": [None, condition.text], "reason": [None, waiver.reason]},
    )
    return waiver


def _waiver_decide_check(actor: User, waiver: ConditionWaiver) -> None:
    if waiver.status != ApprovalStatus.REQUESTED:
        raise DomainError(
            _("This waiver request has been %(status)s already.") % {"status": waiver.get_status_display().lower()}
        )
    if waiver.requested_by_id == actor.pk:
        raise DomainError(_("You requested this waiver; another fund manager must decide on it (four-eyes)."))


@transaction.atomic
def condition_waiver_approve(*, actor: User, waiver: ConditionWaiver) -> ConditionWaiver:
    """The second fund manager approves a waiver request: the condition is waived, the reason is its evidence.

    Guarantees: refused to the requester (here and by the database); only a still-open condition is waived.
    """
    waiver = ConditionWaiver.objects.select_for_update().get(pk=waiver.pk)
    _waiver_decide_check(actor, waiver)
    condition = _condition_lock(waiver.condition)
    _condition_open_check(condition)
    waiver.status = ApprovalStatus.APPROVED
    waiver.decided_by = actor
    waiver.decided_at = timezone.now()
    waiver.save()
    condition.status = ConditionStatus.WAIVED
    condition.evidence = waiver.reason
    condition.evidence_document = None
    condition.checked_by = actor
    condition.checked_at = waiver.decided_at
    condition.save()
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_CONDITION_WAIVED,
        obj=condition.loan,
        changes={
            "condition": [None, condition.text],
            "status": [ConditionStatus.OPEN, ConditionStatus.WAIVED],
            "reason": [None, waiver.reason],
            "requested_by": [None, str(waiver.requested_by)],
        },
    )
    return waiver


@transaction.atomic
def condition_waiver_reject(*, actor: User, waiver: ConditionWaiver) -> ConditionWaiver:
    """The second fund manager rejects a waiver request: the condition stays open (to be met with evidence).

    Guarantees: refused to the requester (here and by the database); the request is kept, marked rejected.
    """
    waiver = ConditionWaiver.objects.select_for_update().select_related("condition__loan").get(pk=waiver.pk)
    _waiver_decide_check(actor, waiver)
    waiver.status = ApprovalStatus.REJECTED
    waiver.decided_by = actor
    waiver.decided_at = timezone.now()
    waiver.save()
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_CONDITION_WAIVER_REJECTED,
        obj=waiver.condition.loan,
        changes={"condition": [None, waiver.condition.text], "reason": [None, waiver.reason]},
    )
    return waiver


def _next_tranche_number(loan: Loan) -> int:
    last = loan.tranches.order_by("-number").first()
    return (last.number + 1) if last else 1


@transaction.atomic
def tranche_request(*, actor: User, loan: Loan, amount: Decimal | None, planned_date: datetime.date | None) -> Tranche:
    """Ask for a part of the loan to be paid out; another fund manager approves it."""
    loan = loan_lock(loan)
    if loan.status not in (LoanStatus.CONTRACTED, LoanStatus.ACTIVE):
        raise DomainError(
            _("Only a contracted or active loan can be paid out (this one is %(status)s).")
            % {"status": loan.get_status_display().lower()}
        )
    committed = loan.tranches.exclude(status=TrancheStatus.CANCELLED).aggregate(total=Sum("amount"))["total"] or 0
    errors: dict[str, list[str]] = {}
    if amount is None or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        errors["amount"] = [_("Enter a positive amount in whole cents.")]
    elif committed + amount > loan.principal.amount:
        errors["amount"] = [
            _("The tranches would exceed the loan: %(left)s is left to pay out.")
            % {"left": money(loan.principal.amount - committed)}
        ]
    if planned_date is None:
        errors["planned_date"] = [_("Enter the planned payment date.")]
    if errors or amount is None or planned_date is None:  # a missing value is among the errors
        raise ValidationError(errors)
    number = _next_tranche_number(loan)
    tranche = Tranche.objects.create(
        loan=loan,
        number=number,
        amount=Money(amount, "EUR"),
        planned_date=planned_date,
        end_to_end_id=f"{loan.reference}-T{number}"[-35:],
        requested_by=actor,
        requested_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_TRANCHE_REQUESTED,
        obj=loan,
        changes={
            "tranche": [None, str(number)],
            "amount": [None, money(amount)],
            "planned_date": [None, str(planned_date)],
        },
    )
    change_request(
        actor=actor,
        fund=loan.fund,
        kind=ChangeKind.TRANCHE,
        payload={
            "tranche": number,
            "amount": money(amount),
            "planned_date": planned_date.isoformat(),
            "borrower_iban": loan.borrower_iban,
        },
        before={"paid_out_or_approved": money(Decimal(committed))},
        reason=_("Tranche %(n)s of loan %(ref)s") % {"n": number, "ref": loan.reference},
        target=tranche,
    )
    return tranche


def open_conditions(loan: Loan) -> list[ConditionPrecedent]:
    """The loan's conditions precedent neither met nor waived (a waiver still waiting for its decision is open)."""
    return [c for c in loan.conditions_precedent.all() if c.status == ConditionStatus.OPEN]


def tranche_blockers(tranche: Tranche) -> list[str]:
    """What stands between a tranche and its approval (open conditions precedent, missing IBAN)."""
    blockers = [_("Condition precedent still open: %(text)s") % {"text": c.text} for c in open_conditions(tranche.loan)]
    if not tranche.loan.borrower_iban:
        if borrower_iban_pending(tranche.loan):
            blockers.append(_("The borrower's IBAN awaits a second manager's approval."))
        else:
            blockers.append(_("The borrower's IBAN is missing from the contract."))
    return blockers


def _tranche_change(tranche: Tranche) -> PendingChange:
    change = pending_change_for(kind=ChangeKind.TRANCHE, target=tranche)
    if change is None:
        raise DomainError(_("This tranche has no request waiting for approval; ask for it again."))
    return change


@transaction.atomic
def tranche_approve(*, actor: User, tranche: Tranche) -> Tranche:
    """The second fund manager's approval of the tranche's pending change (`tranche_approval_apply`).

    Refused to the requester (four-eyes) and while a condition is open."""
    tranche = Tranche.objects.select_for_update().select_related("loan").get(pk=tranche.pk)
    if tranche.status != TrancheStatus.REQUESTED:
        raise DomainError(_("This tranche is %(status)s.") % {"status": tranche.get_status_display().lower()})
    if tranche.requested_by_id == actor.pk:
        raise DomainError(_("You requested this tranche; another fund manager must approve it (four-eyes)."))
    change_approve(actor=actor, change=_tranche_change(tranche))
    tranche.refresh_from_db()
    return tranche


def tranche_approval_apply(change: PendingChange, approver: User) -> None:
    """What approving a tranche does: it may be paid out (a payment file), once no condition is open."""
    tranche = Tranche.objects.select_for_update().select_related("loan").get(pk=change.target_id)
    if tranche.status != TrancheStatus.REQUESTED:
        raise DomainError(_("This tranche is %(status)s.") % {"status": tranche.get_status_display().lower()})
    if tranche.requested_by_id == approver.pk:
        raise DomainError(_("You requested this tranche; another fund manager must approve it (four-eyes)."))
    blockers = tranche_blockers(tranche)
    if blockers:
        raise DomainError(" ".join(blockers))
    tranche.status = TrancheStatus.APPROVED
    tranche.approved_by = approver
    tranche.approved_at = timezone.now()
    tranche.save()
    audit_record(
        actor=approver,
        action=AuditAction.LOAN_TRANCHE_APPROVED,
        obj=tranche.loan,
        changes={"tranche": [None, str(tranche.number)], "status": [TrancheStatus.REQUESTED, TrancheStatus.APPROVED]},
    )


def tranche_change_declined(change: PendingChange, actor: User) -> None:
    """On decline of a loan.tranche change (rejected by another manager or withdrawn by its requester, `actor`): the
    tranche is cancelled in the same transaction, so it no longer counts against the loan."""
    tranche = Tranche.objects.select_for_update().select_related("loan").get(pk=change.target_id)
    if tranche.status != TrancheStatus.REQUESTED:
        return
    tranche.status = TrancheStatus.CANCELLED
    tranche.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_TRANCHE_CANCELLED,
        obj=tranche.loan,
        changes={"tranche": [None, str(tranche.number)], "status": [TrancheStatus.REQUESTED, TrancheStatus.CANCELLED]},
    )


@transaction.atomic
def tranche_cancel(*, actor: User, tranche: Tranche) -> Tranche:
    tranche = Tranche.objects.select_for_update().select_related("loan").get(pk=tranche.pk)
    if tranche.status not in (TrancheStatus.REQUESTED, TrancheStatus.APPROVED):
        raise DomainError(_("A paid tranche cannot be cancelled."))
    before = tranche.status
    change = pending_change_for(kind=ChangeKind.TRANCHE, target=tranche) if before == TrancheStatus.REQUESTED else None
    if change is not None:
        # the request is taken back (its requester) or turned down (another manager): that cancels the tranche
        if change.requested_by_id == actor.pk:
            change_withdraw(actor=actor, change=change)
        else:
            change_reject(actor=actor, change=change, note=_("Tranche cancelled."))
        tranche.refresh_from_db()
        return tranche
    tranche.status = TrancheStatus.CANCELLED
    tranche.save()
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_TRANCHE_CANCELLED,
        obj=tranche.loan,
        changes={"tranche": [None, str(tranche.number)], "status": [before, TrancheStatus.CANCELLED]},
    )
    return tranche


@transaction.atomic
def tranche_payment_file(*, actor: User, fund: Fund, tranches: list[Tranche]) -> PaymentFile:
    """A pain.001 credit-transfer file for approved tranches, from the fund's account, validated against the XSD."""
    account = getattr(fund, "bank_account", None)
    if account is None:
        raise DomainError(_("The fund has no bank account on record; a payment file needs one."))
    if not tranches:
        raise DomainError(_("Choose at least one approved tranche."))
    tranches = list(
        Tranche.objects.select_for_update()
        .select_related("loan__organisation")
        .filter(pk__in=[t.pk for t in tranches])
        .order_by("pk")
    )
    for tranche in tranches:
        if tranche.status != TrancheStatus.APPROVED or tranche.loan.fund_id != fund.pk:
            raise DomainError(_("Tranche %(ref)s is not approved for this fund.") % {"ref": tranche.end_to_end_id})
        if not tranche.loan.borrower_iban:  # only ever an approved IBAN (portfolio.services.payee)
            raise DomainError(
                _("Loan %(ref)s has no approved payee IBAN; a payment file cannot be made for it.")
                % {"ref": tranche.loan.reference}
            )
    today = timezone.localdate()
    try:
        content = credit_transfer_file(
            debtor=Party(account.account_name, account.iban, account.bic),
            transfers=[
                CreditTransfer(
                    end_to_end_id=t.end_to_end_id,
                    amount=t.amount.amount,
                    creditor=Party(t.loan.organisation.legal_name[:70], t.loan.borrower_iban),
                    remittance=_("Loan %(ref)s tranche %(n)s") % {"ref": t.loan.reference, "n": t.number},
                    execution_date=max(t.planned_date, today),
                )
                for t in tranches
            ],
        )
    except PaymentFileError as exc:
        raise DomainError(str(exc)) from exc
    payment_file = PaymentFile.objects.create(
        fund=fund,
        kind=PaymentFileKind.CREDIT_TRANSFER,
        content=content.decode(),
        payments=len(tranches),
        total=sum((t.amount.amount for t in tranches), Decimal(0)),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.LOAN_PAYMENT_FILE,
        obj=fund,
        changes={"tranches": [None, ", ".join(t.end_to_end_id for t in tranches)]},
    )
    return payment_file


@transaction.atomic
def tranche_confirm(*, actor: User | None, tranche: Tranche, paid_on: datetime.date) -> Tranche:
    """The bank paid the tranche: post the disbursement and (re)generate the schedule.

    The first tranche starts the loan (contracted → active) on a schedule version from the payment date; a further
    tranche enters the ledger and a tranche version shows the schedule with it.
    """
    tranche = Tranche.objects.select_for_update().get(pk=tranche.pk)
    loan = loan_lock(tranche.loan)
    if tranche.status != TrancheStatus.APPROVED:
        raise DomainError(_("Only an approved tranche can be confirmed as paid."))
    if paid_on is None or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": [_("Enter the date the bank paid the tranche (not in the future).")]})
    first = loan.status == LoanStatus.CONTRACTED
    if loan.status not in (LoanStatus.CONTRACTED, LoanStatus.ACTIVE):
        raise DomainError(
            _("A %(status)s loan takes no more tranches.") % {"status": loan.get_status_display().lower()}
        )
    if first:
        if loan.first_due_date and loan.first_due_date <= paid_on:
            raise ValidationError({"paid_on": [_("The tranche must be paid before the first due date.")]})
        schedule_version_create(
            actor=actor,
            loan=loan,
            basis=VersionBasis.DISBURSEMENT,
            terms=loan_terms_dict(
                principal=tranche.amount.amount,
                rate=loan.annual_interest_rate,
                repayments=loan.term_months,
                disbursement_date=paid_on,
                first_due_date=loan.first_due_date,
                grace_principal=loan.grace_months,
            ),
            effective_from=paid_on,
            reason=_("Tranche %(n)s paid out on %(date)s") % {"n": tranche.number, "date": paid_on.isoformat()},
        )
        loan_status_set(actor=actor, loan=loan, target=LoanStatus.ACTIVE)
    tranche.status = TrancheStatus.PAID
    tranche.paid_on = paid_on
    tranche.save()
    ledger_post(
        actor=actor,
        loan=loan,
        entry_type=LedgerEntryType.DISBURSEMENT,
        value_date=paid_on,
        amount=tranche.amount.amount,
        tranche=tranche,
        note=tranche.end_to_end_id,
    )
    if not first:
        base = loan.schedule_versions.get(basis=VersionBasis.DISBURSEMENT)
        paid = loan.tranches.filter(status=TrancheStatus.PAID, paid_on__isnull=False).order_by("paid_on")
        base_pk = base_tranche_pk(loan)  # always one here: an earlier tranche started the loan
        if base_pk is not None:
            paid = paid.exclude(pk=base_pk)
        schedule_version_create(
            actor=actor,
            loan=loan,
            basis=VersionBasis.TRANCHE,
            terms={
                **base.terms,
                "disbursements": [
                    {"date": t.paid_on.isoformat(), "amount": money(t.amount.amount)} for t in paid if t.paid_on
                ],
            },
            effective_from=paid_on,
            reason=_("Tranche %(n)s paid out on %(date)s") % {"n": tranche.number, "date": paid_on.isoformat()},
        )
    return tranche


def base_tranche_pk(loan: Loan) -> int | None:
    """The tranche that started the loan (its amount is the first version's principal)."""
    first = loan.tranches.filter(status=TrancheStatus.PAID).order_by("paid_on", "pk").first()
    return first.pk if first else None
