"""A fund's own settings (checklist, scoring criteria, quorum rule, bank account) are edited in the back-office by its
managers, for their own funds only; other roles cannot open those pages."""

import pytest
from django.urls import reverse

from fund.models import RoleAssignment
from portfolio.models import DueDiligenceTemplateItem

pytestmark = pytest.mark.django_db


def test_a_manager_adds_a_checklist_item_for_its_fund(client, demo):
    client.force_login(demo.manager)
    before = DueDiligenceTemplateItem.objects.filter(fund=demo.zkij_fund).count()
    response = client.post(
        reverse("admin:portfolio_duediligencetemplateitem_add"),
        {
            "fund": demo.zkij_fund.pk,
            "title": "Social return clause in public contracts checked",
            "position": 9,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert DueDiligenceTemplateItem.objects.filter(fund=demo.zkij_fund).count() == before + 1


def test_a_manager_of_one_fund_cannot_change_another_funds_settings(client, demo):
    RoleAssignment.objects.filter(user=demo.manager, fund=demo.zkij_fund).delete()
    item = DueDiligenceTemplateItem.objects.filter(fund=demo.zkij_fund).first()
    client.force_login(demo.manager)
    url = reverse("admin:portfolio_duediligencetemplateitem_change", args=[item.pk])
    assert client.get(url).status_code == 302  # not in the manager's scope: the admin sends it back to its index
    response = client.post(
        reverse("admin:portfolio_duediligencetemplateitem_add"),
        {"fund": demo.zkij_fund.pk, "title": "x", "position": 1},
    )
    assert response.status_code == 200 and "fund" in response.context["adminform"].form.errors


@pytest.mark.parametrize("role", ["ic", "investee", "coinvestor", "haarlem"])
def test_other_roles_cannot_open_the_settings(client, demo, role):
    client.force_login(demo.user(role))
    response = client.get(reverse("admin:portfolio_scoringcriterion_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_loans_are_read_only_in_the_back_office(client, demo):
    client.force_login(demo.admin)
    assert client.get(reverse("admin:portfolio_loan_changelist")).status_code == 200
    assert client.get(reverse("admin:portfolio_loan_add")).status_code == 403
