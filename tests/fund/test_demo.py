import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from fund.selectors import fund_capital_totals

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label in {"fund", "impactmetrics", "portfolio", "reporting"}
    }


def test_seeding_the_demo_again_duplicates_nothing(demo):
    before = _counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == before


def test_the_demo_has_two_funds_thirty_investees_and_a_login_per_role(demo):
    from fund.models import Fund, Organisation, RoleAssignment

    assert sorted(Fund.objects.values_list("name", flat=True)) == ["SIF Rotterdam", "SIF ZKIJ"]
    assert Organisation.objects.filter(is_investee=True).count() == 30
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == {
        "admin",
        "fund_manager",
        "ic_member",
        "investee",
        "co_investor",
        "municipality_officer",
    }


def test_the_demo_cannot_be_seeded_outside_the_demo_settings(demo, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo settings"):
        call_command("seed_demo")


def test_demo_fund_totals(demo):
    """SIF Rotterdam: commitments 7.75M; calls 30 % of 6M, 30 % of 7.5M, 20 % of 7.75M = 5.6M called."""
    totals = fund_capital_totals(fund=demo.rotterdam_fund, as_of=datetime.date(2026, 1, 1))
    assert (totals.members, totals.committed, totals.called) == (7, Decimal("7750000.00"), Decimal("5600000.00"))
    # Stichting Rotterdamse Werkgevers paid half of its calls (30 % + 20 % of 750,000) = 187,500
    assert totals.paid_in == Decimal("5600000.00") - Decimal("187500.00")
    assert totals.distributed == Decimal("50000.00")


def test_the_demos_decided_changes_carry_the_dates_of_their_events_and_the_pending_iban_change_is_recent(demo):
    from django.utils import timezone

    from fund.choices import AuditAction
    from fund.models import AuditEvent, ChangeState, PendingChange

    def requested_on(change: PendingChange) -> datetime.date:
        return timezone.localtime(change.requested_at).date()

    tranches = PendingChange.objects.filter(kind="loan.tranche")
    assert tranches.count() >= 10 and set(tranches.values_list("state", flat=True)) == {ChangeState.APPROVED}
    for change in tranches:
        # asked three days before the payout, approved by the second manager four hours later
        planned = datetime.date.fromisoformat(change.payload["planned_date"])
        assert requested_on(change) == planned - datetime.timedelta(days=3), change.reason
        assert change.decided_at - change.requested_at == datetime.timedelta(hours=4)
    first_sifr_2023_05 = tranches.get(reason__contains="L-SIFR-2023-05")
    assert requested_on(first_sifr_2023_05) == datetime.date(2023, 6, 30)  # paid out on 3 July 2023

    write_off = PendingChange.objects.get(kind="loan.write_off")
    assert requested_on(write_off) == datetime.date.fromisoformat(write_off.payload["value_date"])
    for change in PendingChange.objects.filter(kind="loan.restructuring"):
        # asked a week before it takes effect
        effective = datetime.date.fromisoformat(change.payload["effective_date"])
        assert requested_on(change) == effective - datetime.timedelta(days=7)
    for change in PendingChange.objects.filter(kind="ic.decision_terms"):
        # recorded on the day of the committee meeting (30 or 60 days ago), never today
        assert requested_on(change) in {timezone.localdate() - datetime.timedelta(days=d) for d in (30, 60)}
    decided = PendingChange.objects.exclude(state=ChangeState.PENDING)
    assert all(c.decided_at <= timezone.now() and c.requested_at < c.decided_at for c in decided)

    (pending,) = PendingChange.objects.filter(state=ChangeState.PENDING)
    assert pending.kind == "fund.organisation_iban" and pending.decided_at is None
    assert timezone.now() - pending.requested_at < datetime.timedelta(hours=1)
    # The audit trail keeps the moments the approvals were really written: only the change rows were dated back.
    approvals = AuditEvent.objects.filter(action=AuditAction.CHANGE_APPROVED)
    assert approvals.count() == decided.count()
    assert all(timezone.now() - event.at < datetime.timedelta(hours=1) for event in approvals)
