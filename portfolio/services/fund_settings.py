"""A fund's settings that decide where money goes or how decisions are taken: its bank account and SEPA creditor id,
its committee's quorum rule, and the amount above which a manual payment needs a second manager. A manager asks for a
change (validated now); it is made only when a second manager of the fund approves it (fund.services.approvals, kinds
"portfolio.fund_bank_account", "portfolio.committee_rules" and "portfolio.manual_payment_threshold"). Each change is
filed on the fund itself, one pending change of each kind at a time.

Checks: the IBAN's and the creditor id's check digits (ISO 7064 mod 97-10), the BIC's format; a fixed quorum between
two members and the committee's size, no number for the rules that compute it; a threshold in whole cents, not
negative, at most the fund field's 12 whole digits.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fund.audit import audit_record, diff, snapshot
from fund.formatting import money
from fund.models import Fund, PendingChange, User
from fund.services.approvals import change_request
from fund.validators import bic_clean, creditor_id_clean, iban_clean
from portfolio.choices import AuditAction, QuorumRule
from portfolio.models import CommitteeRules, FundBankAccount
from portfolio.services.committee import ic_member_ids

BANK_ACCOUNT_KIND = "portfolio.fund_bank_account"
COMMITTEE_RULES_KIND = "portfolio.committee_rules"
MANUAL_PAYMENT_THRESHOLD_KIND = "portfolio.manual_payment_threshold"
THRESHOLD_LIMIT = Decimal("1000000000000")  # the fund's MoneyField: 14 digits, 2 of them cents
BANK_ACCOUNT_FIELDS = ("account_name", "iban", "bic", "creditor_id")
COMMITTEE_RULES_FIELDS = ("quorum_rule", "quorum_fixed")


def fund_bank_account_values(fund: Fund) -> dict[str, str]:
    """The fund's bank account as it stands (empty strings when it has none yet)."""
    account = FundBankAccount.objects.filter(fund=fund).first()
    return {name: getattr(account, name) if account else "" for name in BANK_ACCOUNT_FIELDS}


def committee_rules_values(fund: Fund) -> dict[str, Any]:
    """The fund's quorum rule as it stands (a simple majority when it has none)."""
    rules = CommitteeRules.objects.filter(fund=fund).first()
    if rules is None:
        return {"quorum_rule": QuorumRule.MAJORITY.value, "quorum_fixed": None}
    return {"quorum_rule": rules.quorum_rule, "quorum_fixed": rules.quorum_fixed}


def _bank_account_clean(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    cleaned = {"account_name": (values.get("account_name") or "").strip()}
    if not cleaned["account_name"]:
        errors["account_name"] = [_("Enter the account holder's name as the bank has it.")]
    elif len(cleaned["account_name"]) > 70:
        errors["account_name"] = [_("A SEPA file carries at most 70 characters of the account holder's name.")]
    for field, clean, required in (
        ("iban", iban_clean, True),
        ("bic", bic_clean, False),
        ("creditor_id", creditor_id_clean, False),
    ):
        raw = (values.get(field) or "").strip()
        if not raw:
            if required:
                errors[field] = [_("Enter the fund's IBAN.")]
            cleaned[field] = ""
            continue
        try:
            cleaned[field] = clean(raw)
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def fund_bank_account_change_request(
    *,
    actor: User,
    fund: Fund,
    account_name: str,
    iban: str,
    bic: str = "",
    creditor_id: str = "",
    reason: str,
) -> PendingChange:
    """Ask for the fund's bank account (holder, IBAN, BIC) and SEPA creditor id to become these; every field is
    checked now (on its field) and nothing changes until a second manager of the fund approves."""
    cleaned = _bank_account_clean({"account_name": account_name, "iban": iban, "bic": bic, "creditor_id": creditor_id})
    before = fund_bank_account_values(fund)
    if cleaned == before:
        raise ValidationError({"iban": [_("This is the fund's bank account already; change a field first.")]})
    return change_request(
        actor=actor, fund=fund, kind=BANK_ACCOUNT_KIND, payload=cleaned, before=before, reason=reason, target=fund
    )


def fund_bank_account_apply(change: PendingChange, approver: User) -> None:
    """What approving a portfolio.fund_bank_account change does: the fund's account becomes the approved one
    (checked again, as the rules may have changed since it was requested)."""
    values = _bank_account_clean(change.payload)
    account = FundBankAccount.objects.select_for_update().filter(fund=change.fund).first()
    before = snapshot(account, BANK_ACCOUNT_FIELDS) if account else {}
    if account is None:
        account = FundBankAccount(fund=change.fund)
    for name, value in values.items():
        setattr(account, name, value)
    account.save()
    audit_record(
        actor=approver,
        action=AuditAction.FUND_BANK_ACCOUNT_CHANGED,
        obj=change.fund,
        changes=diff(before, snapshot(account, BANK_ACCOUNT_FIELDS)),
    )


def _committee_rules_clean(fund: Fund, values: dict[str, Any]) -> dict[str, Any]:
    rule = values.get("quorum_rule")
    if rule not in QuorumRule.values:
        raise ValidationError({"quorum_rule": [_("Choose a quorum rule.")]})
    if rule != QuorumRule.FIXED:
        return {"quorum_rule": rule, "quorum_fixed": None}
    members = len(ic_member_ids(fund))
    raw = values.get("quorum_fixed")
    try:
        fixed: int | None = int(str(raw)) if raw not in (None, "") else None
    except ValueError:
        fixed = None
    if fixed is None or not 2 <= fixed <= members:
        raise ValidationError(
            {
                "quorum_fixed": [
                    _(
                        "A fixed quorum is a number of members between 2 and the committee's %(members)d members "
                        "(one member alone never decides)."
                    )
                    % {"members": members}
                ]
            }
        )
    return {"quorum_rule": rule, "quorum_fixed": fixed}


@transaction.atomic
def committee_rules_change_request(
    *, actor: User, fund: Fund, quorum_rule: str, quorum_fixed: int | None = None, reason: str
) -> PendingChange:
    """Ask for the committee's quorum rule to become this one; checked now (a fixed quorum between 2 and the number of
    committee members) and made when a second manager of the fund approves."""
    cleaned = _committee_rules_clean(fund, {"quorum_rule": quorum_rule, "quorum_fixed": quorum_fixed})
    before = committee_rules_values(fund)
    if cleaned == before:
        raise ValidationError({"quorum_rule": [_("This is the committee's quorum rule already.")]})
    return change_request(
        actor=actor, fund=fund, kind=COMMITTEE_RULES_KIND, payload=cleaned, before=before, reason=reason, target=fund
    )


def committee_rules_apply(change: PendingChange, approver: User) -> None:
    """What approving a portfolio.committee_rules change does: the fund's quorum rule becomes the approved one
    (checked again against the committee as it is now)."""
    values = _committee_rules_clean(change.fund, change.payload)
    rules = CommitteeRules.objects.select_for_update().filter(fund=change.fund).first()
    before = snapshot(rules, COMMITTEE_RULES_FIELDS) if rules else {}
    if rules is None:
        rules = CommitteeRules(fund=change.fund)
    rules.quorum_rule = values["quorum_rule"]
    rules.quorum_fixed = values["quorum_fixed"]
    rules.save()
    audit_record(
        actor=approver,
        action=AuditAction.FUND_COMMITTEE_RULES_CHANGED,
        obj=change.fund,
        changes=diff(before, snapshot(rules, COMMITTEE_RULES_FIELDS)),
    )


def committee_rules_describe(change: PendingChange) -> list[tuple[str, str, str]]:
    """The approver's rows for a quorum change: the rule by its label, a fixed number only where there is one."""
    labels = dict(QuorumRule.choices)

    def text(values: dict[str, Any]) -> str:
        rule = str(labels.get(values.get("quorum_rule") or "", values.get("quorum_rule") or "—"))
        fixed = values.get("quorum_fixed")
        return f"{rule}: {fixed}" if fixed else rule

    return [(_("Quorum rule"), text(change.before), text(change.payload))]


def _threshold_clean(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError({"threshold": [_("Enter the amount above which a manual payment needs approval.")]})
    if amount < 0:
        raise ValidationError(
            {"threshold": [_("The threshold cannot be negative; € 0.00 sends every manual payment for approval.")]}
        )
    if amount != amount.quantize(Decimal("0.01")) or amount >= THRESHOLD_LIMIT:
        raise ValidationError({"threshold": [_("Enter an amount in euros and whole cents, below one trillion.")]})
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def manual_payment_threshold_change_request(
    *, actor: User, fund: Fund, threshold: Decimal | None, reason: str
) -> PendingChange:
    """Ask for the amount above which a payment a manager types in needs a second manager to become `threshold`;
    checked now (not negative, whole cents) and made when a second manager of the fund approves. Lowering it asks
    for approval too: every change to a control goes past a second pair of eyes."""
    amount = _threshold_clean(threshold)
    current = fund.manual_payment_approval_threshold.amount
    if amount == current:
        raise ValidationError({"threshold": [_("This is the fund's threshold already.")]})
    return change_request(
        actor=actor,
        fund=fund,
        kind=MANUAL_PAYMENT_THRESHOLD_KIND,
        payload={"threshold": amount},
        before={"threshold": current},
        reason=reason,
        target=fund,
    )


def manual_payment_threshold_apply(change: PendingChange, approver: User) -> None:
    """What approving a portfolio.manual_payment_threshold change does: the fund's threshold becomes the approved
    amount; manual payments posted from then on are measured against it."""
    amount = _threshold_clean(change.payload.get("threshold"))
    fund = Fund.objects.select_for_update().get(pk=change.fund_id)
    before = fund.manual_payment_approval_threshold.amount
    fund.manual_payment_approval_threshold = amount
    fund.save(update_fields=["manual_payment_approval_threshold"])
    audit_record(
        actor=approver,
        action=AuditAction.FUND_MANUAL_PAYMENT_THRESHOLD_CHANGED,
        obj=fund,
        changes={"manual_payment_approval_threshold": [str(before), str(amount)]},
    )


def manual_payment_threshold_describe(change: PendingChange) -> list[tuple[str, str, str]]:
    """The approver's row: the threshold now and after approval, as amounts in the reader's language."""

    def shown(value: Any) -> str:
        return money(value) if value not in (None, "") else "—"

    return [
        (
            _("Manual payments need a second manager above"),
            shown(change.before.get("threshold")),
            shown(change.payload.get("threshold")),
        )
    ]
