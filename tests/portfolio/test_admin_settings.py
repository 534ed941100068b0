"""A fund's own settings (checklist, scoring criteria, quorum rule, bank account) are read in the back-office by its
managers, for their own funds only, and changed there by no one (they change in the app, through the services: the
issue on controls made the admin read-only for domain data); other roles cannot open those pages."""

import pytest
from django.urls import reverse

from fund.models import RoleAssignment
from portfolio.models import DueDiligenceTemplateItem, FundBankAccount

pytestmark = pytest.mark.django_db


def test_a_manager_reads_but_cannot_add_a_checklist_item_in_the_back_office(client, demo):
    client.force_login(demo.manager)
    before = DueDiligenceTemplateItem.objects.filter(fund=demo.zkij_fund).count()
    assert client.get(reverse("admin:portfolio_duediligencetemplateitem_changelist")).status_code == 200
    response = client.post(
        reverse("admin:portfolio_duediligencetemplateitem_add"),
        {
            "fund": demo.zkij_fund.pk,
            "title": "Social return clause in public contracts checked",
            "position": 9,
            "is_active": "on",
        },
    )
    assert response.status_code == 403
    assert DueDiligenceTemplateItem.objects.filter(fund=demo.zkij_fund).count() == before


def test_no_one_changes_a_funds_bank_account_in_the_back_office(client, demo):
    account = FundBankAccount.objects.filter(fund=demo.rotterdam_fund).first() or FundBankAccount.objects.first()
    assert account is not None
    iban = account.iban
    for user in (demo.manager, demo.admin):
        client.force_login(user)
        url = reverse("admin:portfolio_fundbankaccount_change", args=[account.pk])
        assert client.get(url).status_code == 200  # read
        response = client.post(
            url, {"fund": account.fund_id, "account_name": "Elsewhere", "iban": "NL02ABNA0123456789"}
        )
        assert response.status_code == 403
    account.refresh_from_db()
    assert account.iban == iban


def test_a_manager_of_one_fund_cannot_read_another_funds_settings(client, demo):
    RoleAssignment.objects.filter(user=demo.manager, fund=demo.zkij_fund).delete()
    item = DueDiligenceTemplateItem.objects.filter(fund=demo.zkij_fund).first()
    client.force_login(demo.manager)
    url = reverse("admin:portfolio_duediligencetemplateitem_change", args=[item.pk])
    assert client.get(url).status_code == 302  # not in the manager's scope: the admin sends it back to its index


@pytest.mark.parametrize("role", ["ic", "investee", "coinvestor", "haarlem"])
def test_other_roles_cannot_open_the_settings(client, demo, role):
    client.force_login(demo.user(role))
    response = client.get(reverse("admin:portfolio_scoringcriterion_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_loans_are_read_only_in_the_back_office(client, demo):
    client.force_login(demo.admin)
    assert client.get(reverse("admin:portfolio_loan_changelist")).status_code == 200
    assert client.get(reverse("admin:portfolio_loan_add")).status_code == 403
