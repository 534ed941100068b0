"""The pages and the API: what a user notices (messages, forms shown or not) and who gets which rows."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portfolio.choices import ApplicationStatus
from portfolio.models import Application, ApplicationDocument, Vote
from portfolio.services.committee import agenda_item_add, conflict_declare, ic_meeting_create, ic_vote_cast
from tests.portfolio.conftest import application_at, rotterdam_ic

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def item(demo):
    app = application_at(demo, ApplicationStatus.IC)
    # Held yesterday: a decision needs a meeting that has been held.
    held_on = timezone.localdate() - datetime.timedelta(days=1)
    meeting = ic_meeting_create(actor=demo.manager, fund=demo.rotterdam_fund, held_on=held_on)
    return agenda_item_add(actor=demo.manager, meeting=meeting, application=app)


def test_investee_starts_an_application_and_a_disguised_file_is_refused_with_a_message(client, demo, private_storage):
    client.force_login(demo.investee)
    response = client.post(
        reverse("portfolio:application_create"),
        {
            "fund": "sif-rotterdam",
            "amount_requested": "80000",
            "purpose": "Nieuwe bakfietsen",
            "instrument": "senior_loan",
            "term_months": "48",
            "grace_months": "0",
            "themes": ["labour_participation"],
            "target_group": "Jongeren zonder startkwalificatie",
            "expected_outcomes": "Tien banen",
            "metric_codes": ["PI3687"],
        },
        **EN,
    )
    app = Application.objects.filter(organisation__legal_name="Buurtkeuken Delfshaven B.V.").latest("created_at")
    assert response.status_code == 302 and app.status == ApplicationStatus.DRAFT
    fake = SimpleUploadedFile("plan.pdf", b"PK\x03\x04 this is a zip, not a pdf")
    page = client.post(
        reverse("portfolio:document_upload", args=[app.pk]), {"kind": "business_plan", "file": fake}, follow=True, **EN
    )
    assert "“plan.pdf” is named as PDF but its content is not; nothing was saved." in page.content.decode()
    assert not ApplicationDocument.objects.filter(application=app).exists()
    page = client.post(reverse("portfolio:application_submit", args=[app.pk]), follow=True, **EN)
    assert "Upload your business plan before submitting." in page.content.decode()


def test_a_conflicted_member_sees_no_vote_form_and_a_vote_is_refused_in_the_ui(client, demo, item):
    conflict_declare(actor=demo.ic, item=item, reason="Adviseur van de onderneming")
    client.force_login(demo.ic)
    page = client.get(reverse("portfolio:ic_meeting_detail", args=[item.meeting_id]), **EN).content.decode()
    assert "You declared a conflict of interest on this item and cannot vote on it." in page
    assert 'data-testid="vote-form"' not in page
    page = client.post(
        reverse("portfolio:vote_cast", args=[item.pk]), {f"i{item.pk}-choice": "approve"}, follow=True, **EN
    ).content.decode()
    assert "so you cannot vote on it" in page
    assert not Vote.objects.filter(item=item).exists()


def test_a_conflicted_member_cannot_vote_through_the_api_either(client, demo, item):
    conflict_declare(actor=demo.ic, item=item, reason="Adviseur van de onderneming")
    client.force_login(demo.ic)
    response = client.post(
        reverse("portfolio_api:vote_cast", args=[item.pk]), {"choice": "approve"}, content_type="application/json", **EN
    )
    assert response.status_code == 409
    assert "cannot vote" in response.json()["detail"]
    other = rotterdam_ic(demo)[1]
    client.force_login(other)
    response = client.post(
        reverse("portfolio_api:vote_cast", args=[item.pk]), {"choice": "approve"}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["choice"] == "approve"


def test_a_decision_without_quorum_is_refused_on_the_page(client, demo, item):
    ic_vote_cast(actor=demo.ic, item=item, choice="approve")
    client.force_login(demo.manager)
    page = client.post(
        reverse("portfolio:decision_record", args=[item.pk]),
        {f"d{item.pk}-amount": "100000", f"d{item.pk}-reasons": "Goed", f"d{item.pk}-instrument": "senior_loan"},
        follow=True,
        **EN,
    ).content.decode()
    assert "No quorum: 1 of the 2 members needed have voted without a conflict of interest" in page
    item.refresh_from_db()
    assert item.status == "open"


def test_the_api_gives_an_investee_only_its_own_applications(client, demo):
    client.force_login(demo.investee)
    rows = client.get(reverse("portfolio_api:application_list")).json()["results"]
    assert rows and {r["organisation"] for r in rows} == {"Buurtkeuken"}
    client.force_login(demo.manager)
    assert client.get(reverse("portfolio_api:application_list")).json()["count"] == Application.objects.count()


def test_the_ic_decisions_api_lists_the_committees_decisions(client, demo):
    client.force_login(demo.ic)
    rows = client.get(reverse("portfolio_api:ic_decision_list")).json()["results"]
    assert {r["fund"] for r in rows} == {"sif-rotterdam"}  # ic@ sits on SIF Rotterdam's committee only
    approved = next(r for r in rows if r["outcome"] == "approved" and r["application"].startswith("SIF-ROTTERDAM"))
    assert approved["conditions_precedent"] and approved["amount"]


def test_board_moves_by_htmx_return_the_board_with_the_message(client, demo):
    app = application_at(demo, ApplicationStatus.SUBMITTED)
    client.force_login(demo.manager)
    response = client.post(
        reverse("portfolio:application_move", args=[app.pk]), {"target": "ic"}, HTTP_HX_REQUEST="true", **EN
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith('<div id="board"')
    assert "cannot move from “Submitted” to “Investment committee”" in body
    response = client.post(
        reverse("portfolio:application_move", args=[app.pk]), {"target": "screening"}, HTTP_HX_REQUEST="true", **EN
    )
    assert "moved to Screening" in response.content.decode()
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SCREENING


def test_the_memo_shows_the_engines_schedule_and_the_pdf_renders(client, demo):
    app = application_at(demo, ApplicationStatus.DUE_DILIGENCE, amount="120000", term_months=48, grace_months=6)
    client.force_login(demo.manager)
    page = client.get(reverse("portfolio:ic_memo", args=[app.pk]), **EN)
    memo = page.context["memo"]
    assert len(memo.schedule.installments) == 48
    assert memo.schedule.total_principal == Decimal("120000.00")
    assert memo.schedule.installments[5].principal == Decimal("0.00")  # six months' grace on principal
    assert memo.schedule.installments[6].principal > 0
    assert memo.co_financing_total == Decimal("0.00") and memo.terms.rate_is_default
    pdf = client.get(reverse("reporting:ic_memo_pdf", args=[app.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"] == f'attachment; filename="ic-memo-{app.reference}.pdf"'
