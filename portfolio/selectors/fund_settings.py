"""A fund's settings as its settings page shows them: the values in force (the threshold for manual payments is the
fund's own field), the changes to them awaiting approval, and
the due-diligence checklist and scoring criteria."""

from dataclasses import dataclass

from fund.models import Fund, PendingChange
from fund.selectors import pending_change_for
from portfolio.choices import QuorumRule
from portfolio.models import CommitteeRules, DueDiligenceTemplateItem, FundBankAccount, ScoringCriterion
from portfolio.services.fund_settings import BANK_ACCOUNT_KIND, COMMITTEE_RULES_KIND, MANUAL_PAYMENT_THRESHOLD_KIND


@dataclass(frozen=True)
class FundSettings:
    """bank_account: None until one is approved; quorum_rule_label: the rule in force (a simple majority when the
    fund has none), with quorum_fixed only for a fixed number."""

    bank_account: FundBankAccount | None
    quorum_rule_label: str
    quorum_fixed: int | None
    pending_bank_account: PendingChange | None
    pending_committee_rules: PendingChange | None
    pending_manual_payment_threshold: PendingChange | None
    dd_checklist: list[DueDiligenceTemplateItem]
    scoring_criteria: list[ScoringCriterion]


def fund_settings(*, fund: Fund) -> FundSettings:
    """The fund's bank account, creditor id and quorum rule, their pending changes, its due-diligence checklist and
    scoring criteria (in their order, inactive ones included): seven queries."""
    rules = CommitteeRules.objects.filter(fund=fund).first()
    rule = QuorumRule(rules.quorum_rule) if rules else QuorumRule.MAJORITY
    return FundSettings(
        bank_account=FundBankAccount.objects.filter(fund=fund).first(),
        quorum_rule_label=str(rule.label),
        quorum_fixed=rules.quorum_fixed if rules and rule == QuorumRule.FIXED else None,
        pending_bank_account=pending_change_for(kind=BANK_ACCOUNT_KIND, target=fund),
        pending_committee_rules=pending_change_for(kind=COMMITTEE_RULES_KIND, target=fund),
        pending_manual_payment_threshold=pending_change_for(kind=MANUAL_PAYMENT_THRESHOLD_KIND, target=fund),
        dd_checklist=list(DueDiligenceTemplateItem.objects.filter(fund=fund)),
        scoring_criteria=list(ScoringCriterion.objects.filter(fund=fund)),
    )
