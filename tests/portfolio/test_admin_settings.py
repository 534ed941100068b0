"""A fund's own settings (checklist, scoring criteria, quorum rule, bank account) are edited in the back-office by its
managers, for their own funds only; other roles cannot open those pages."""

import pytest
from django.urls import reverse

from fund.models import RoleAssignment
from portfolio.models import DueDiligenceTemplateItem
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(db):
    """A fund with one checklist item of its own."""
    fund = factories.fund()
    DueDiligenceTemplateItem.objects.create(fund=fund, title="Annual accounts checked", position=1)
    return fund


@pytest.fixture
def manager(fund):
    """A manager of the fund and of one more."""
    return factories.role_in(factories.user("fund_manager", fund=fund), "fund_manager", fund=factories.fund())


def test_a_manager_adds_a_checklist_item_for_its_fund(client, fund, manager):
    client.force_login(manager)
    before = DueDiligenceTemplateItem.objects.filter(fund=fund).count()
    response = client.post(
        reverse("admin:portfolio_duediligencetemplateitem_add"),
        {
            "fund": fund.pk,
            "title": "Social return clause in public contracts checked",
            "position": 9,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert DueDiligenceTemplateItem.objects.filter(fund=fund).count() == before + 1


def test_a_manager_of_one_fund_cannot_change_another_funds_settings(client, fund, manager):
    RoleAssignment.objects.filter(user=manager, fund=fund).delete()
    item = DueDiligenceTemplateItem.objects.filter(fund=fund).first()
    client.force_login(manager)
    url = reverse("admin:portfolio_duediligencetemplateitem_change", args=[item.pk])
    assert client.get(url).status_code == 302  # not in the manager's scope: the admin sends it back to its index
    response = client.post(
        reverse("admin:portfolio_duediligencetemplateitem_add"),
        {"fund": fund.pk, "title": "x", "position": 1},
    )
    assert response.status_code == 200 and "fund" in response.context["adminform"].form.errors


@pytest.mark.parametrize(
    ("role", "scope"),
    [("ic_member", "fund"), ("investee", "organisation"), ("co_investor", "member"), ("municipality_officer", "")],
)
def test_other_roles_cannot_open_the_settings(client, fund, role, scope):
    scopes = {
        "fund": {"fund": fund},
        "organisation": {"organisation": factories.organisation()},
        "member": {"member": factories.member(fund=fund)},
        "": {"municipality": "GM0392"},
    }
    client.force_login(factories.user(role, **scopes[scope]))
    response = client.get(reverse("admin:portfolio_scoringcriterion_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_loans_are_read_only_in_the_back_office(client, db):
    client.force_login(factories.user("admin"))
    assert client.get(reverse("admin:portfolio_loan_changelist")).status_code == 200
    assert client.get(reverse("admin:portfolio_loan_add")).status_code == 403
