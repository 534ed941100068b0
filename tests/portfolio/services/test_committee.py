"""The committee: quorum, conflicts of interest, votes, and a decision that creates the approved loan."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fund.errors import DomainError, FourEyesError
from fund.models import AuditEvent, PendingChange, User
from fund.services.approvals import change_approve, change_rows
from portfolio.choices import ApplicationStatus, LoanStatus, QuorumRule
from portfolio.models import Application, CommitteeRules, ICDecision, Loan
from portfolio.services.committee import (
    agenda_item_add,
    conflict_declare,
    ic_decision_record,
    ic_meeting_create,
    ic_vote_cast,
    item_tally,
    quorum_required,
)
from tests.portfolio.conftest import application_at, rotterdam_ic

pytestmark = pytest.mark.django_db

TERMS = dict(
    amount=Decimal("90000.00"),
    annual_interest_rate=Decimal("3.500"),
    term_months=60,
    grace_months=6,
    instrument="subordinated_loan",
    conditions_precedent=["Getekende bankovereenkomst", "  ", "Bewijs eigen inbreng"],
    covenants=["Solvabiliteit ≥ 20 %"],
)


def with_second_manager(recorded):
    """TERMS differ from the application's (90,000 of the 100,000 requested, among others): since such terms need a
    second fund manager (four eyes), the demo's manager2 approves them here; the decision is what that records."""
    if isinstance(recorded, PendingChange):
        change = change_approve(actor=User.objects.get(email="manager2@sif.example"), change=recorded)
        return ICDecision.objects.get(item_id=change.target_id)
    return recorded


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def item(demo):
    # A meeting held yesterday: the committee decides only at a meeting that has been held.
    app = application_at(demo, ApplicationStatus.IC)
    meeting = ic_meeting_create(actor=demo.manager, fund=demo.rotterdam_fund, held_on=yesterday())
    return agenda_item_add(actor=demo.manager, meeting=meeting, application=app)


def test_quorum_rules(demo):
    fund = demo.rotterdam_fund
    assert [quorum_required(fund=fund, members=n) for n in (1, 2, 3, 4, 5)] == [1, 2, 2, 3, 3]  # more than half
    CommitteeRules.objects.filter(fund=fund).update(quorum_rule=QuorumRule.TWO_THIRDS)
    assert [quorum_required(fund=fund, members=n) for n in (3, 4, 5, 6)] == [2, 3, 4, 4]  # ceil(2n/3)
    CommitteeRules.objects.filter(fund=fund).update(quorum_rule=QuorumRule.FIXED, quorum_fixed=4)
    assert quorum_required(fund=fund, members=7) == 4


def test_a_decision_without_quorum_is_refused_with_a_clear_message(demo, item):
    first, *_ = rotterdam_ic(demo)
    ic_vote_cast(actor=first, item=item, choice="approve")
    with pytest.raises(Exception) as exc:
        ic_decision_record(actor=demo.manager, item=item, reasons="Goed plan", **TERMS)
    assert str(exc.value) == (
        "No quorum: 1 of the 2 members needed have voted without a conflict of interest "
        "(3 members, 0 with a conflict). The decision was not recorded."
    )
    item.refresh_from_db()
    assert item.status == "open" and not Loan.objects.filter(application=item.application).exists()


def test_a_conflicted_member_cannot_vote_and_does_not_count_for_quorum(demo, item):
    first, second, third = rotterdam_ic(demo)
    conflict_declare(actor=third, item=item, reason="Ik zit in het bestuur")
    with pytest.raises(Exception, match="declared a conflict of interest on this item, so you cannot vote"):
        ic_vote_cast(actor=third, item=item, choice="approve")
    ic_vote_cast(actor=first, item=item, choice="approve")
    tally = item_tally(item)
    assert (tally.members, tally.conflicted, tally.counted, tally.required, tally.has_quorum) == (3, 1, 1, 2, False)
    ic_vote_cast(actor=second, item=item, choice="approve_with_conditions", conditions=["Kwartaalcijfers"])
    assert item_tally(item).has_quorum


def test_a_member_of_another_funds_committee_cannot_vote(demo, item):
    from fund.models import User

    with pytest.raises(Exception, match="Only members of SIF Rotterdam's committee"):
        ic_vote_cast(actor=User.objects.get(email="ic4@sif.example"), item=item, choice="approve")


def test_a_decline_vote_needs_reasons(demo, item):
    with pytest.raises(ValidationError) as exc:
        ic_vote_cast(actor=rotterdam_ic(demo)[0], item=item, choice="decline")
    assert list(exc.value.message_dict) == ["reason"]


def test_approving_with_conditions_needs_the_conditions_and_only_that_vote_takes_them(demo, item):
    member = rotterdam_ic(demo)[0]
    with pytest.raises(ValidationError) as exc:
        ic_vote_cast(actor=member, item=item, choice="approve_with_conditions", reason="Mits kwartaalcijfers")
    assert exc.value.message_dict == {"conditions": ["Write down the conditions, one per line."]}
    with pytest.raises(ValidationError) as exc:
        ic_vote_cast(actor=member, item=item, choice="approve", conditions=["Kwartaalcijfers"])
    assert list(exc.value.message_dict) == ["conditions"]


def test_conditions_attached_to_votes_become_conditions_precedent_of_the_loan(demo, item):
    first, second, third = rotterdam_ic(demo)
    ic_vote_cast(
        actor=first,
        item=item,
        choice="approve_with_conditions",
        conditions=["Kwartaalcijfers binnen 30 dagen", " ", "getekende  bankovereenkomst"],
    )
    ic_vote_cast(actor=second, item=item, choice="approve_with_conditions", conditions=["Pand verzekerd"])
    ic_vote_cast(actor=third, item=item, choice="approve")
    decision = with_second_manager(ic_decision_record(actor=demo.manager, item=item, reasons="Sterk plan", **TERMS))
    # Typed on the decision: "Getekende bankovereenkomst", "Bewijs eigen inbreng"; from the votes three more, of which
    # "getekende  bankovereenkomst" is the same condition written differently: it counts once.
    expected = [
        "Getekende bankovereenkomst",
        "Bewijs eigen inbreng",
        "Kwartaalcijfers binnen 30 dagen",
        "Pand verzekerd",
    ]
    assert decision.conditions_precedent == expected
    loan = Loan.objects.get(application=item.application)
    assert list(loan.conditions_precedent.values_list("text", flat=True)) == expected
    assert set(loan.conditions_precedent.values_list("status", flat=True)) == {"open"}


def test_a_decision_needs_a_meeting_that_has_been_held(demo):
    app = application_at(demo, ApplicationStatus.IC)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meeting = ic_meeting_create(actor=demo.manager, fund=demo.rotterdam_fund, held_on=tomorrow)
    item = agenda_item_add(actor=demo.manager, meeting=meeting, application=app)
    for member in rotterdam_ic(demo):
        ic_vote_cast(actor=member, item=item, choice="approve")
    with pytest.raises(DomainError, match="a decision is recorded once the meeting has been held, not before"):
        ic_decision_record(actor=demo.manager, item=item, reasons="Goed plan", **TERMS)
    item.refresh_from_db()
    assert item.status == "open" and not Loan.objects.filter(application=app).exists()


def test_approval_with_quorum_creates_the_approved_loan_with_the_approved_terms(demo, item):
    first, second, third = rotterdam_ic(demo)
    conflict_declare(actor=third, item=item, reason="Familie van de directeur")
    ic_vote_cast(actor=first, item=item, choice="approve")
    ic_vote_cast(actor=second, item=item, choice="abstain")
    decision = with_second_manager(ic_decision_record(actor=demo.manager, item=item, reasons="Sterk plan", **TERMS))
    assert (decision.outcome, decision.votes_for, decision.votes_against, decision.abstentions) == ("approved", 1, 0, 1)
    assert (decision.members_counted, decision.quorum_required) == (2, 2)
    loan = Loan.objects.get(application=item.application)
    assert loan.status == LoanStatus.APPROVED
    assert loan.principal.amount == Decimal("90000.00")  # the approved amount, not the 100,000 requested
    assert (loan.annual_interest_rate, loan.term_months, loan.grace_months) == (Decimal("3.500"), 60, 6)
    assert loan.instrument == "subordinated_loan"
    assert list(loan.conditions_precedent.values_list("text", "status")) == [
        ("Getekende bankovereenkomst", "open"),
        ("Bewijs eigen inbreng", "open"),
    ]
    assert list(loan.covenants.values_list("text", flat=True)) == ["Solvabiliteit ≥ 20 %"]
    item.application.refresh_from_db()
    assert item.application.status == ApplicationStatus.APPROVED
    assert item.meeting.__class__.objects.get(pk=item.meeting_id).status == "closed"
    # The investee had an impact plan with SIF Rotterdam from its first (demo) loan already, so none is added.
    assert AuditEvent.objects.filter(
        action="application.impact_plan_not_created", object_id=str(item.application.pk)
    ).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"ic.conflict_declared", "ic.vote_cast", "ic.decision_approved", "loan.created"} <= actions
    with pytest.raises(Exception, match="decided on this item already"):
        ic_vote_cast(actor=first, item=item, choice="decline", reason="te laat")


def test_the_outcome_follows_the_votes_and_a_decline_creates_no_loan(demo, item):
    first, second, third = rotterdam_ic(demo)
    ic_vote_cast(actor=first, item=item, choice="decline", reason="Te veel risico")
    ic_vote_cast(actor=second, item=item, choice="approve")
    ic_vote_cast(actor=third, item=item, choice="abstain")
    decision = ic_decision_record(
        actor=demo.manager,
        item=item,
        reasons="Staken der stemmen: afgewezen",
        applicant_message="Het plan past, maar de kasstroom is te krap.",
    )
    assert decision.outcome == "declined" and decision.amount is None
    assert not Loan.objects.filter(application=item.application).exists()
    item.application.refresh_from_db()
    assert item.application.status == "declined"
    # The applicant's outcome is the message to the applicant, no longer the committee's own reasons.
    assert item.application.outcome_reason == "Het plan past, maar de kasstroom is te krap."
    assert list(item.application.status_changes.values_list("reason", flat=True))[-1] == (
        "Het plan past, maar de kasstroom is te krap."
    )


def test_an_approval_needs_complete_terms(demo, item):
    for member in rotterdam_ic(demo)[:2]:
        ic_vote_cast(actor=member, item=item, choice="approve")
    with pytest.raises(ValidationError) as exc:
        ic_decision_record(
            actor=demo.manager, item=item, reasons="", amount=Decimal("0"), term_months=12, grace_months=12
        )
    assert set(exc.value.message_dict) == {
        "reasons",
        "amount",
        "annual_interest_rate",
        "grace_months",
        "instrument",
    }


def test_only_applications_ready_for_the_committee_go_on_the_agenda(demo):
    app = application_at(demo, ApplicationStatus.SCREENING)
    meeting = ic_meeting_create(actor=demo.manager, fund=demo.rotterdam_fund, held_on=yesterday())
    with pytest.raises(Exception, match="ready for the committee"):
        agenda_item_add(actor=demo.manager, meeting=meeting, application=app)
    other = ic_meeting_create(actor=demo.manager, fund=demo.zkij_fund, held_on=yesterday())
    ready = application_at(demo, ApplicationStatus.IC)
    with pytest.raises(Exception, match="another fund's committee"):
        agenda_item_add(actor=demo.manager, meeting=other, application=ready)


def test_an_approval_turns_the_impact_thesis_into_the_investees_impact_plan(demo):
    from fund.services.organisations import organisation_create
    from impactmetrics.models import ImpactPlan

    newcomer = organisation_create(
        actor=None, legal_name="Nieuwkomer B.V.", kvk_number="99887766", legal_form="bv", postcode="3011 AD"
    )
    app = application_at(demo, ApplicationStatus.IC, organisation=newcomer.legal_name, metric_codes=["SIF-PLACED"])
    meeting = ic_meeting_create(actor=demo.manager, fund=demo.rotterdam_fund, held_on=yesterday())
    item = agenda_item_add(actor=demo.manager, meeting=meeting, application=app)
    for member in rotterdam_ic(demo)[:2]:
        ic_vote_cast(actor=member, item=item, choice="approve")
    with_second_manager(ic_decision_record(actor=demo.manager, item=item, reasons="Goed", **TERMS))
    plan = ImpactPlan.objects.get(organisation=app.organisation, fund=demo.rotterdam_fund)
    assert plan.target_group == app.target_group and plan.impact_thesis == app.expected_outcomes


def _voted_on(app, rate: str = "3.5"):
    """The rate the fund manager proposed (due diligence): the committee votes on it with the application's terms."""
    Application.objects.filter(pk=app.pk).update(proposed_rate=Decimal(rate))
    app.refresh_from_db()
    return dict(
        amount=app.amount_requested.amount,
        annual_interest_rate=Decimal(rate),
        term_months=app.term_months,
        grace_months=app.grace_months,
        instrument=app.instrument,
    )


def test_a_decision_on_the_terms_voted_on_is_recorded_at_once(demo, item):
    voted = _voted_on(item.application)
    for member in rotterdam_ic(demo)[:2]:
        ic_vote_cast(actor=member, item=item, choice="approve")
    decision = ic_decision_record(actor=demo.manager, item=item, reasons="Goed", **voted)
    assert isinstance(decision, ICDecision)
    assert Loan.objects.get(application=item.application).principal.amount == voted["amount"]


def test_terms_other_than_those_voted_on_wait_for_a_second_manager_never_the_recorder(client, demo, item):
    voted = _voted_on(item.application)
    for member in rotterdam_ic(demo)[:2]:
        ic_vote_cast(actor=member, item=item, choice="approve")
    recorded = ic_decision_record(
        actor=demo.manager, item=item, reasons="Goed", **(voted | {"amount": voted["amount"] - 10000})
    )
    assert isinstance(recorded, PendingChange)
    assert not ICDecision.objects.filter(item=item).exists() and not Loan.objects.filter(application=item.application)
    # the approver reads voted and recorded terms side by side
    rows = {label: (old, new) for label, old, new in change_rows(recorded)}
    assert rows["Amount"] == ("€100,000.00", "€90,000.00")
    assert rows["Votes"] == ("—", "2 for, 0 against, 0 abstained")
    with pytest.raises(DomainError, match="waiting for a second fund manager"):
        ic_decision_record(actor=demo.manager, item=item, reasons="Toch", **voted)
    # refused to the manager who recorded them: service, approvals page and API
    with pytest.raises(FourEyesError):
        change_approve(actor=demo.manager, change=recorded)
    client.force_login(demo.manager)
    response = client.post(reverse("fund:change_approve", args=[recorded.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert any("You requested this change" in str(m) for m in response.context["messages"])
    assert client.post(reverse("api:change_approve", args=[recorded.pk])).status_code == 403
    assert not ICDecision.objects.filter(item=item).exists()

    client.force_login(User.objects.get(email="manager2@sif.example"))
    assert client.post(reverse("api:change_approve", args=[recorded.pk])).status_code == 200
    decision = ICDecision.objects.get(item=item)
    assert decision.amount.amount == Decimal("90000.00") and decision.decided_by == demo.manager
    assert Loan.objects.get(application=item.application).principal.amount == Decimal("90000.00")
    event = AuditEvent.objects.filter(action="ic.decision_approved", object_id=str(item.application.pk)).last()
    assert event.changes["terms_approved_by"][1] == str(User.objects.get(email="manager2@sif.example"))


def test_the_decision_page_says_the_decision_was_sent_for_approval(client, demo, item):
    voted = _voted_on(item.application)
    for member in rotterdam_ic(demo)[:2]:
        ic_vote_cast(actor=member, item=item, choice="approve")
    client.force_login(demo.manager)
    prefix = f"d{item.pk}-"
    data = {
        prefix + "reasons": "Goed plan",
        prefix + "amount": "90000",
        prefix + "annual_interest_rate": str(voted["annual_interest_rate"]),
        prefix + "term_months": str(voted["term_months"]),
        prefix + "grace_months": str(voted["grace_months"]),
        prefix + "instrument": voted["instrument"],
    }
    response = client.post(
        reverse("portfolio:decision_record", args=[item.pk]), data, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert any("sent for approval" in str(m) for m in response.context["messages"])
    page = client.get(reverse("portfolio:ic_meeting_detail", args=[item.meeting_id])).content.decode()
    assert 'data-testid="decision-pending"' in page
