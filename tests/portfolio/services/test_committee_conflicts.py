"""A committee member who is a user of the applicant organisation is conflicted on its application without declaring
it: they cannot vote, do not count for quorum, and the agenda says why."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fund.choices import Role
from fund.errors import DomainError
from fund.models import Member, RoleAssignment
from portfolio.choices import ApplicationStatus
from portfolio.services.committee import agenda_item_add, ic_meeting_create, ic_vote_cast, item_conflicts, item_tally
from tests.portfolio.conftest import application_at, rotterdam_ic

pytestmark = pytest.mark.django_db

BUURTKEUKEN = "Buurtkeuken Delfshaven B.V."  # the applicant of application_at


@pytest.fixture
def item(demo):
    app = application_at(demo, ApplicationStatus.IC)
    held_on = timezone.localdate() - datetime.timedelta(days=1)
    meeting = ic_meeting_create(actor=demo.manager, fund=demo.rotterdam_fund, held_on=held_on)
    return agenda_item_add(actor=demo.manager, meeting=meeting, application=app)


def test_a_member_who_is_a_user_of_the_applicant_cannot_vote_and_does_not_count_for_quorum(demo, item):
    first, second, third = rotterdam_ic(demo)
    RoleAssignment.objects.create(user=third, role=Role.INVESTEE, organisation=demo.organisation(BUURTKEUKEN))
    with pytest.raises(DomainError, match="You are a user of the applicant organisation Buurtkeuken"):
        ic_vote_cast(actor=third, item=item, choice="approve")
    ic_vote_cast(actor=first, item=item, choice="approve")
    tally = item_tally(item)
    # three members, one conflicted; quorum stays more than half of the members: 3 // 2 + 1 = 2, one has voted
    assert (tally.members, tally.conflicted, tally.counted, tally.required, tally.has_quorum) == (3, 1, 1, 2, False)
    ic_vote_cast(actor=second, item=item, choice="approve")
    assert item_tally(item).has_quorum
    (conflict,) = item_conflicts(item)
    assert conflict.member == third and conflict.automatic
    assert conflict.reason == "User of the applicant organisation Buurtkeuken (Investee)."


def test_a_co_investor_login_of_the_applicants_membership_is_conflicted_too(demo, item):
    _first, second, _third = rotterdam_ic(demo)
    organisation = demo.organisation(BUURTKEUKEN)
    membership = Member.objects.create(
        fund=demo.zkij_fund, organisation=organisation, kind="private", admission_date=datetime.date(2026, 1, 1)
    )
    RoleAssignment.objects.create(user=second, role=Role.CO_INVESTOR, member=membership)
    assert [(c.member, c.automatic) for c in item_conflicts(item)] == [(second, True)]
    assert item_tally(item).conflicted == 1


def test_members_without_a_link_to_the_applicant_are_not_conflicted(demo, item):
    assert item_conflicts(item) == [] and item_tally(item).conflicted == 0


def test_the_agenda_shows_the_automatic_conflict_with_its_reason(client, demo, item):
    _first, _second, third = rotterdam_ic(demo)
    RoleAssignment.objects.create(user=third, role=Role.INVESTEE, organisation=demo.organisation(BUURTKEUKEN))
    client.force_login(third)
    page = client.get(
        reverse("portfolio:ic_meeting_detail", args=[item.meeting.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f"{third}: User of the applicant organisation Buurtkeuken (Investee)." in page
    assert "You are a user of the applicant organisation, so you have a conflict of interest" in page
    assert 'data-testid="vote-form"' not in page
