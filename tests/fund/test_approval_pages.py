"""The four-eyes pages, API and admin: the requester of a change can never decide on it, whatever door they use.

The demo has one change awaiting approval: manager2 asked for a new IBAN for Fietsfabriek Zuid B.V. (demo/approvals.py),
so manager@ may approve it and manager2 only withdraw it."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fund.choices import Role
from fund.models import ChangeState, Fund, Organisation, PendingChange, RoleAssignment, User

pytestmark = pytest.mark.django_db

TRIODOS = "NL63TRIO0212345678"  # the IBAN the demo change asks for


@pytest.fixture(autouse=True)
def _english_pages(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages are asserted in English


@pytest.fixture
def manager2(demo) -> User:
    return User.objects.get(email="manager2@sif.example")


@pytest.fixture
def change(demo) -> PendingChange:
    return PendingChange.objects.get(kind="fund.organisation_iban", state=ChangeState.PENDING)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_approver_sees_old_and_new_iban_side_by_side_and_the_buttons(client, demo, change):
    old = Organisation.objects.get(pk=change.target_id).iban
    client.force_login(demo.manager)
    assert client.get(reverse("fund:fund_detail", args=["sif-rotterdam"])).context["changes_waiting"] == 1
    response = client.get(reverse("fund:change_detail", args=[change.pk]))
    assert response.status_code == 200
    assert response.context["rows"] == [("IBAN", old, TRIODOS)]
    page = response.content.decode()
    assert 'data-testid="change-decide"' in page and "Nieuwe zakelijke rekening bij Triodos" in page


def test_the_requester_sees_no_approve_button_and_a_posted_approval_is_refused(client, manager2, change):
    client.force_login(manager2)
    page = client.get(reverse("fund:change_detail", args=[change.pk])).content.decode()
    assert 'data-testid="change-decide"' not in page
    assert 'data-testid="four-eyes-note"' in page  # "You requested this change; another manager must approve it."
    for name in ("fund:change_approve", "fund:change_reject"):
        response = client.post(reverse(name, args=[change.pk]), {"note": "Mine."}, follow=True)
        assert any("You requested this change" in m for m in _messages(response))
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING
    assert Organisation.objects.get(pk=change.target_id).iban != TRIODOS


def test_a_second_manager_approves_on_the_page_and_the_iban_changes(client, demo, change):
    client.force_login(demo.manager)
    response = client.post(reverse("fund:change_approve", args=[change.pk]), follow=True)
    assert "Change approved and made." in _messages(response)
    assert Organisation.objects.get(pk=change.target_id).iban == TRIODOS


def test_a_rejection_needs_a_note_and_changes_nothing(client, demo, change):
    client.force_login(demo.manager)
    response = client.post(reverse("fund:change_reject", args=[change.pk]), {"note": ""}, follow=True)
    assert any(m.startswith("Why you reject it: ") for m in _messages(response))
    client.post(reverse("fund:change_reject", args=[change.pk]), {"note": "Call the treasurer first."})
    change.refresh_from_db()
    assert (change.state, change.decision_note) == (ChangeState.REJECTED, "Call the treasurer first.")
    assert Organisation.objects.get(pk=change.target_id).iban != TRIODOS


def test_the_requester_withdraws_and_no_one_else_can(client, demo, manager2, change):
    client.force_login(demo.manager)
    response = client.post(reverse("fund:change_withdraw", args=[change.pk]), follow=True)
    assert any("Only the person who requested" in m for m in _messages(response))
    client.force_login(manager2)
    client.post(reverse("fund:change_withdraw", args=[change.pk]))
    change.refresh_from_db()
    assert change.state == ChangeState.WITHDRAWN


def test_the_api_refuses_the_requester_and_lets_a_second_manager_approve(client, demo, manager2, change):
    client.force_login(manager2)
    response = client.post(reverse("api:change_approve", args=[change.pk]))
    assert response.status_code == 403
    assert response.json()["detail"] == "You requested this change; another manager must approve it."
    assert client.post(reverse("api:change_reject", args=[change.pk]), {"note": "x"}).status_code == 403
    client.force_login(demo.manager)
    response = client.post(reverse("api:change_approve", args=[change.pk]))
    assert response.status_code == 200 and response.json()["state"] == "approved"
    assert Organisation.objects.get(pk=change.target_id).iban == TRIODOS


def test_the_api_refuses_an_approver_without_a_checker_role_for_the_changes_fund(client, demo, change):
    # an administrator sees every change, but only the fund's managers check this kind
    client.force_login(demo.admin)
    response = client.post(reverse("api:change_approve", args=[change.pk]))
    assert response.status_code == 403
    assert response.json()["detail"] == "You may not decide on changes of this kind for SIF Rotterdam."
    # a manager of another fund only does not even see it
    zkij_manager = User.objects.create_user("zkij-manager@sif.example", "x", full_name="Zeno ZKIJ", is_staff=True)
    RoleAssignment.objects.create(user=zkij_manager, role=Role.FUND_MANAGER, fund=Fund.objects.get(slug="sif-zkij"))
    client.force_login(zkij_manager)
    assert client.post(reverse("api:change_approve", args=[change.pk])).status_code == 404
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING


def test_the_approvals_list_says_whether_a_change_waits_for_the_reader(client, demo, manager2, change):
    url = reverse("fund:change_list", args=["sif-rotterdam"])
    for user, waiting in ((demo.manager, "by you"), (manager2, "by another manager")):
        client.force_login(user)  # manager may approve manager2's IBAN change; manager2 asked for it
        page = client.get(url).content.decode()
        assert f'data-testid="waiting-for">{waiting}</span>' in page
    client.force_login(demo.admin)  # sees it, but is no checker of the fund
    assert 'data-testid="waiting-for">by another manager</span>' in client.get(url).content.decode()


def test_the_admin_cannot_approve_a_change_nor_change_an_iban(client, demo, manager2, change):
    manager2.is_staff = True
    manager2.save()
    client.force_login(manager2)
    url = reverse("admin:fund_pendingchange_change", args=[change.pk])
    response = client.post(url, {"state": "approved", "decided_by": manager2.pk, "decided_at_0": "2026-01-01"})
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING
    # nor can anyone write an organisation's IBAN there, administrators included
    org = Organisation.objects.get(pk=change.target_id)
    client.force_login(demo.admin)
    client.post(
        reverse("admin:fund_organisation_change", args=[org.pk]), {"iban": TRIODOS, "legal_name": org.legal_name}
    )
    assert Organisation.objects.get(pk=org.pk).iban == org.iban


def _changes(fund, requester, approver, count: int) -> None:
    now = timezone.now()
    PendingChange.objects.bulk_create(
        PendingChange(
            fund=fund,
            kind="fund.organisation_iban",
            target_id=str(n),
            payload={"iban": TRIODOS},
            before={"iban": ""},
            reason=f"Change {n}",
            state=ChangeState.APPROVED,
            requested_by=requester,
            requested_at=now,
            decided_by=approver,
            decided_at=now,
        )
        for n in range(count)
    )


def test_the_approvals_list_costs_the_same_queries_for_2_or_25_changes(client, demo, manager2):
    client.force_login(demo.manager)
    url = reverse("fund:change_list", args=["sif-rotterdam"])
    counts = []
    for extra in (1, 24):  # with the demo's own: 2, then 26 (a full page of 25)
        _changes(demo.rotterdam_fund, manager2, demo.manager, extra)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert len(response.context["rows"]) == 25
    assert response.context["rows"][0]["change"].state == ChangeState.PENDING  # awaiting approval first
    # measured: 6 and 6 (session, user, roles, fund, count, one page of changes with fund, requester and decider)
    assert counts[0] == counts[1] and counts[1] <= 10


def test_the_approver_reads_which_organisation_the_new_iban_is_for(client, demo, change):
    # An IBAN alone says nothing about whose it is: the checker reads the organisation it applies to.
    organisation = Organisation.objects.get(pk=change.target_id)
    client.force_login(demo.manager)
    detail = client.get(reverse("fund:change_detail", args=[change.pk])).content.decode()
    assert f'data-testid="change-target">{organisation}</dd>' in detail
    assert "Fietsfabriek" in str(organisation)
