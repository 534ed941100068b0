"""A fund's due-diligence checklist and scoring criteria are kept on the fund's settings page (issue 12: the admin only
reads domain data), validated and audited; a manager of another fund cannot reach them."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from fund.models import AuditEvent, RoleAssignment
from portfolio.models import DueDiligenceTemplateItem, ScoringCriterion
from portfolio.services.fund_checklists import dd_template_item_save, scoring_criterion_save

pytestmark = pytest.mark.django_db


def test_a_manager_adds_a_checklist_line_on_the_settings_page(client, demo):
    client.force_login(demo.manager)
    url = reverse("portfolio:dd_template_item_add", args=["sif-zkij"])
    response = client.post(url, {"title": "  ", "position": 9, "is_active": "on"})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["title"]
    response = client.post(url, {"title": "Social return clause checked", "position": 9, "is_active": "on"})
    assert response.status_code == 302
    item = DueDiligenceTemplateItem.objects.get(fund=demo.zkij_fund, title="Social return clause checked")
    page = client.get(reverse("portfolio:fund_settings", args=["sif-zkij"])).content.decode()
    assert "Social return clause checked" in page
    event = AuditEvent.objects.filter(action="fund.dd_checklist_changed").latest("pk")
    assert event.object_id == str(demo.zkij_fund.pk) and event.changes["title"] == [None, item.title]


def test_a_line_is_made_inactive_not_deleted(demo):
    item = DueDiligenceTemplateItem.objects.filter(fund=demo.rotterdam_fund).first()
    dd_template_item_save(actor=demo.manager, fund=demo.rotterdam_fund, item=item, title=item.title, is_active=False)
    item.refresh_from_db()
    assert item.is_active is False


def test_a_criterion_needs_a_positive_weight_and_a_name_unique_in_its_kind(demo):
    existing = ScoringCriterion.objects.filter(fund=demo.rotterdam_fund).first()
    with pytest.raises(ValidationError) as caught:
        scoring_criterion_save(
            actor=demo.manager, fund=demo.rotterdam_fund, kind=existing.kind, name=existing.name, weight=Decimal(0)
        )
    assert set(caught.value.message_dict) == {"name", "weight"}
    criterion = scoring_criterion_save(
        actor=demo.manager, fund=demo.rotterdam_fund, kind="impact", name="Buurtbinding", weight=Decimal("1.5")
    )
    assert criterion.weight == Decimal("1.50")


def test_a_dutch_weight_is_read_with_a_decimal_comma(client, demo):
    client.force_login(demo.manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    url = reverse("portfolio:scoring_criterion_add", args=["sif-rotterdam"])
    response = client.post(url, {"kind": "credit", "name": "Liquiditeit", "weight": "1,5", "position": 3})
    assert response.status_code == 302
    assert ScoringCriterion.objects.get(fund=demo.rotterdam_fund, name="Liquiditeit").weight == Decimal("1.50")


def test_a_manager_of_another_fund_cannot_change_the_lines(client, demo):
    RoleAssignment.objects.filter(user=demo.manager, fund=demo.zkij_fund).delete()
    item = DueDiligenceTemplateItem.objects.filter(fund=demo.zkij_fund).first()
    client.force_login(demo.manager)
    url = reverse("portfolio:dd_template_item_edit", args=["sif-zkij", item.pk])
    assert client.post(url, {"title": "x", "position": 1}).status_code in (403, 404)
    # and a line of another fund is not reached through one's own fund
    url = reverse("portfolio:dd_template_item_edit", args=["sif-rotterdam", item.pk])
    assert client.post(url, {"title": "x", "position": 1}).status_code == 404
    item.refresh_from_db()
    assert item.title != "x"
