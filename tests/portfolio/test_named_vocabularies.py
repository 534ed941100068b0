"""The loan engine's statuses and policy values and the choices a fund manager picks from name the same things: a value
added on one side only would show as a raw code on a page or be refused by the engine."""

import pytest
from django.utils import translation

from fund import choices as fund_choices
from fund.audit import action_label
from impactmetrics import choices as impact_choices
from portfolio import choices
from portfolio.engine import statuses as engine
from portfolio.engine.errors import TransactionError
from portfolio.engine.transactions import Policy
from portfolio.transitions import APPLICATION_TRANSITIONS
from reporting import choices as reporting_choices


def values(vocabulary) -> set[str]:
    return {str(member.value) for member in vocabulary}


@pytest.mark.parametrize(
    ("django_choices", "engine_values"),
    [
        (choices.InstallmentStatus, engine.InstallmentStatus),
        (choices.Allocation, engine.Allocation),
        (choices.Prepayment, engine.Prepayment),
        (choices.EarlyPayment, engine.EarlyPayment),
    ],
)
def test_every_engine_value_has_a_label_and_every_choice_is_known_to_the_engine(django_choices, engine_values):
    assert values(django_choices) == values(engine_values)


def test_every_way_a_loan_ends_in_the_engine_is_a_loan_status_and_an_aging_bucket():
    # overpaid is a repaid loan that paid too much: the loan status and the bucket say "repaid"
    ended = values(engine.StatementStatus) - {"active", "overpaid"}
    assert ended == {"repaid", "written_off"}
    assert ended <= values(choices.LoanStatus)
    assert ended <= values(choices.AgingBucket)
    assert choices.aging_bucket(400, engine.StatementStatus.OVERPAID) == choices.AgingBucket.REPAID
    assert choices.aging_bucket(400, engine.StatementStatus.WRITTEN_OFF) == choices.AgingBucket.WRITTEN_OFF


def test_a_loans_stored_policy_reaches_the_engine_as_its_named_values():
    policy = Policy(
        allocation="principal_interest_penalties_fees", prepayment="pay_ahead", early_payment="principal_first"
    )
    assert policy.allocation is engine.Allocation.PRINCIPAL_INTEREST_PENALTIES_FEES
    assert policy.prepayment is engine.Prepayment.PAY_AHEAD
    assert policy.early_payment is engine.EarlyPayment.PRINCIPAL_FIRST
    with pytest.raises(TransactionError, match="must be one of reduce_installment, reduce_term, pay_ahead"):
        Policy(prepayment="shorter")


@pytest.mark.parametrize("app_choices", [fund_choices, impact_choices, choices, reporting_choices])
def test_the_history_panel_names_every_audit_action_of_every_app(app_choices):
    with translation.override("en"):
        for action in app_choices.AuditAction:
            assert action_label(action) == str(action.label)
            # a row stored before the actions had names reads the same
            assert action_label(action.value) == str(action.label)


def test_audit_actions_keep_the_strings_existing_rows_hold():
    assert choices.AuditAction.LOAN_CONDITION_MET == "loan.condition_met"
    assert fund_choices.AuditAction.CAPITAL_CALL_ISSUED == "capital_call.issued"
    with translation.override("en"):
        assert action_label("loan.condition_met") == "Condition precedent met"
        assert action_label("loan.repayment") == "Repayment"


def test_every_posting_status_change_and_capital_movement_has_a_named_audit_action():
    # the services record these as "<prefix>.<value>": each one must be a member, or recording it would fail
    assert {f"loan.{value}" for value in choices.LedgerEntryType.values} <= values(choices.AuditAction)
    targets = set().union(*APPLICATION_TRANSITIONS.values())
    assert {f"application.{target}" for target in targets} <= values(choices.AuditAction)
    assert {f"ic.decision_{outcome}" for outcome in choices.DecisionOutcome.values} <= values(choices.AuditAction)
    kinds = fund_choices.CapitalMovementKind.values
    assert {f"capital.{kind}" for kind in kinds} <= values(fund_choices.AuditAction)
