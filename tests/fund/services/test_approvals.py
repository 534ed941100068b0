"""Four eyes as one mechanism: a change waits for a second manager of the fund; its requester can never decide on it.

The kind used here (the fund's report delay) is registered by the test itself, so the mechanism is tested on its own;
the fund settings, payee IBANs and loan changes have their own tests."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fund.choices import AuditAction, Role
from fund.errors import DomainError, FourEyesError
from fund.models import AuditEvent, ChangeState, Fund, PendingChange, RoleAssignment, User
from fund.selectors import pending_change_for, pending_changes_for
from fund.services.approvals import (
    approval_kind_register,
    change_approve,
    change_reject,
    change_request,
    change_rows,
    change_withdraw,
)

pytestmark = pytest.mark.django_db

KIND = "test.report_delay"


def _apply(change: PendingChange, approver: User) -> None:
    Fund.objects.filter(pk=change.fund_id).update(report_delay_days=int(change.payload["report_delay_days"]))


@pytest.fixture(autouse=True)
def _kind():
    approval_kind_register(KIND, label="Report delay", apply=_apply)


@pytest.fixture
def manager2(demo) -> User:
    return User.objects.get(email="manager2@sif.example")


def _request(demo, actor=None, days: int = 20) -> PendingChange:
    fund = demo.rotterdam_fund
    return change_request(
        actor=actor or demo.manager,
        fund=fund,
        kind=KIND,
        payload={"report_delay_days": days},
        before={"report_delay_days": fund.report_delay_days},
        reason="The auditor needs three weeks.",
    )


def test_a_requested_change_changes_nothing_until_a_second_manager_approves(demo, manager2):
    change = _request(demo)
    demo.rotterdam_fund.refresh_from_db()
    assert demo.rotterdam_fund.report_delay_days == 15  # the demo's default
    assert change.state == ChangeState.PENDING

    change_approve(actor=manager2, change=change)

    demo.rotterdam_fund.refresh_from_db()
    assert demo.rotterdam_fund.report_delay_days == 20
    change.refresh_from_db()
    assert (change.state, change.decided_by) == (ChangeState.APPROVED, manager2)
    actions = list(
        AuditEvent.objects.filter(
            # the fund's own events: a loan or tranche with the same primary key has change events too
            content_type=ContentType.objects.get_for_model(Fund),
            object_id=str(demo.rotterdam_fund.pk),
            action__startswith="change.",
        ).values_list("action", flat=True)
    )
    assert sorted(actions) == sorted([AuditAction.CHANGE_REQUESTED, AuditAction.CHANGE_APPROVED])


def test_the_requester_can_never_approve_or_reject_their_own_change(demo):
    change = _request(demo)
    with pytest.raises(FourEyesError, match=r"You requested this change; another manager must approve it\."):
        change_approve(actor=demo.manager, change=change)
    with pytest.raises(FourEyesError, match="You requested this change"):
        change_reject(actor=demo.manager, change=change, note="Never mind.")
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING


def test_four_eyes_errors_are_domain_errors_the_pages_already_show():
    assert issubclass(FourEyesError, DomainError)


def test_only_a_manager_of_that_fund_decides(demo, manager2):
    change = _request(demo)
    for outsider in (demo.ic, demo.coinvestor, demo.admin):  # admin holds no fund-manager role for the fund
        with pytest.raises(FourEyesError, match="You may not decide"):
            change_approve(actor=outsider, change=change)
    RoleAssignment.objects.filter(user=manager2, fund=demo.rotterdam_fund).delete()
    manager2 = User.objects.get(pk=manager2.pk)  # roles are cached per user object
    with pytest.raises(FourEyesError, match="You may not decide"):
        change_approve(actor=manager2, change=change)


def test_only_someone_who_manages_the_fund_can_request(demo):
    with pytest.raises(FourEyesError, match="You cannot request changes"):
        _request(demo, actor=demo.ic)


def test_a_change_needs_a_reason(demo):
    with pytest.raises(ValidationError) as caught:
        change_request(
            actor=demo.manager, fund=demo.rotterdam_fund, kind=KIND, payload={"x": 1}, before={}, reason="  "
        )
    assert "reason" in caught.value.message_dict


def test_an_unknown_kind_is_refused(demo):
    with pytest.raises(FourEyesError, match="not a kind of change"):
        change_request(
            actor=demo.manager, fund=demo.rotterdam_fund, kind="no.such", payload={}, before={}, reason="Because."
        )


def test_a_second_pending_change_of_the_same_kind_is_refused_until_the_first_is_decided(demo, manager2):
    first = _request(demo)
    with pytest.raises(FourEyesError, match="already awaiting approval"):
        _request(demo, actor=manager2, days=30)
    change_reject(actor=manager2, change=first, note="Fifteen days is the agreement with the members.")
    second = _request(demo, days=30)
    assert second.state == ChangeState.PENDING


def test_a_rejected_change_changes_nothing_and_says_why(demo, manager2):
    change = _request(demo)
    with pytest.raises(ValidationError):
        change_reject(actor=manager2, change=change, note="")
    change = change_reject(actor=manager2, change=change, note="Fifteen days is the agreement.")
    demo.rotterdam_fund.refresh_from_db()
    assert demo.rotterdam_fund.report_delay_days == 15
    assert (change.state, change.decision_note) == (ChangeState.REJECTED, "Fifteen days is the agreement.")
    with pytest.raises(FourEyesError, match="rejected already"):
        change_approve(actor=manager2, change=change)


def test_only_the_requester_withdraws(demo, manager2):
    change = _request(demo)
    with pytest.raises(FourEyesError, match="Only the person who requested"):
        change_withdraw(actor=manager2, change=change)
    change = change_withdraw(actor=demo.manager, change=change)
    assert change.state == ChangeState.WITHDRAWN
    with pytest.raises(FourEyesError):
        change_approve(actor=manager2, change=change)


def test_a_failing_apply_leaves_the_change_pending(demo, manager2):
    def refuse(change: PendingChange, approver: User) -> None:
        raise DomainError("The bank refused.")

    approval_kind_register("test.refused", label="Refused", apply=refuse)
    change = change_request(
        actor=demo.manager, fund=demo.rotterdam_fund, kind="test.refused", payload={}, before={}, reason="Try."
    )
    with pytest.raises(DomainError, match="The bank refused"):
        change_approve(actor=manager2, change=change)
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING and change.decided_by is None


def test_the_approver_sees_old_and_new_side_by_side(demo):
    change = _request(demo)
    # the target defaults to the fund, so its field's own name labels the row
    assert change_rows(change) == [("Reports due (days after quarter end)", "15", "20")]


def test_the_database_refuses_a_decider_who_is_the_requester(demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        PendingChange.objects.create(
            fund=demo.rotterdam_fund,
            kind=KIND,
            payload={},
            before={},
            reason="Raw insert.",
            state=ChangeState.APPROVED,
            requested_by=demo.manager,
            requested_at=timezone.now(),
            decided_by=demo.manager,
            decided_at=timezone.now(),
        )


def test_the_database_refuses_an_approved_change_without_a_decider(demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        PendingChange.objects.create(
            fund=demo.rotterdam_fund,
            kind=KIND,
            reason="Raw insert.",
            state=ChangeState.APPROVED,
            requested_by=demo.manager,
            requested_at=timezone.now(),
        )


def test_the_database_refuses_a_pending_change_with_a_decider(demo, manager2):
    with pytest.raises(IntegrityError), transaction.atomic():
        PendingChange.objects.create(
            fund=demo.rotterdam_fund,
            kind=KIND,
            reason="Raw insert.",
            requested_by=demo.manager,
            requested_at=timezone.now(),
            decided_by=manager2,
        )


def test_a_manager_sees_the_changes_of_their_funds_pending_first(demo, manager2):
    decided = _request(demo)
    change_approve(actor=manager2, change=decided)
    waiting = _request(demo, days=25)
    PendingChange.objects.exclude(kind=KIND).delete()  # the demo's own change awaiting approval
    assert list(pending_changes_for(demo.manager, fund=demo.rotterdam_fund)) == [waiting, decided]
    assert pending_change_for(kind=KIND, target=demo.rotterdam_fund) == waiting
    assert list(pending_changes_for(demo.investee)) == []
    assert list(pending_changes_for(demo.ic)) == []
    RoleAssignment.objects.create(user=demo.ic, role=Role.FUND_MANAGER, fund=demo.zkij_fund)
    ic = User.objects.get(pk=demo.ic.pk)
    assert list(pending_changes_for(ic)) == []  # manages another fund only
