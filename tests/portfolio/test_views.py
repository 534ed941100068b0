"""The pages and the API: what a user notices (messages, forms shown or not) and who gets which rows."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fund.models import Fund, Organisation, User
from portfolio.choices import ApplicationStatus
from portfolio.models import Application, ApplicationDocument, Vote
from portfolio.services.committee import agenda_item_add, conflict_declare, ic_meeting_create, ic_vote_cast
from tests import factories

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@dataclass
class Deals:
    fund: Fund
    manager: User
    committee: list[User]  # three members, so quorum (a simple majority) is two
    buurtkeuken: Organisation
    investee: User

    def application(self, status: str, amount: str = "100000") -> Application:
        return factories.application(
            fund=self.fund,
            organisation=self.buurtkeuken,
            applicant=self.investee,
            manager=self.manager,
            status=status,
            amount=amount,
        )


@pytest.fixture
def deals(db) -> Deals:
    fund = factories.fund(name="SIF Maasstad")
    buurtkeuken = factories.organisation(legal_name="Buurtkeuken Delfshaven B.V.", postcode="3026 AK")
    return Deals(
        fund=fund,
        manager=factories.user("fund_manager", fund=fund),
        committee=[factories.user("ic_member", fund=fund) for _ in range(3)],
        buurtkeuken=buurtkeuken,
        investee=factories.user("investee", organisation=buurtkeuken),
    )


@pytest.fixture
def item(deals):
    app = deals.application(ApplicationStatus.IC)
    # Held yesterday: a decision needs a meeting that has been held.
    held_on = timezone.localdate() - datetime.timedelta(days=1)
    meeting = ic_meeting_create(actor=deals.manager, fund=deals.fund, held_on=held_on)
    return agenda_item_add(actor=deals.manager, meeting=meeting, application=app)


def test_investee_starts_an_application_and_a_disguised_file_is_refused_with_a_message(client, deals, private_storage):
    client.force_login(deals.investee)
    response = client.post(
        reverse("portfolio:application_create"),
        {
            "fund": deals.fund.slug,
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
    app = Application.objects.filter(organisation=deals.buurtkeuken).latest("created_at")
    assert response.status_code == 302 and app.status == ApplicationStatus.DRAFT
    fake = SimpleUploadedFile("plan.pdf", b"PK\x03\x04 this is a zip, not a pdf")
    page = client.post(
        reverse("portfolio:document_upload", args=[app.pk]), {"kind": "business_plan", "file": fake}, follow=True, **EN
    )
    assert "“plan.pdf” is named as PDF but its content is not; nothing was saved." in page.content.decode()
    assert not ApplicationDocument.objects.filter(application=app).exists()
    page = client.post(reverse("portfolio:application_submit", args=[app.pk]), follow=True, **EN)
    assert "Upload your business plan before submitting." in page.content.decode()


def test_a_conflicted_member_sees_no_vote_form_and_a_vote_is_refused_in_the_ui(client, deals, item):
    member = deals.committee[0]
    conflict_declare(actor=member, item=item, reason="Adviseur van de onderneming")
    client.force_login(member)
    page = client.get(reverse("portfolio:ic_meeting_detail", args=[item.meeting_id]), **EN).content.decode()
    assert "You declared a conflict of interest on this item and cannot vote on it." in page
    assert 'data-testid="vote-form"' not in page
    page = client.post(
        reverse("portfolio:vote_cast", args=[item.pk]), {f"i{item.pk}-choice": "approve"}, follow=True, **EN
    ).content.decode()
    assert "so you cannot vote on it" in page
    assert not Vote.objects.filter(item=item).exists()


def test_a_conflicted_member_cannot_vote_through_the_api_either(client, deals, item):
    member, other, _third = deals.committee
    conflict_declare(actor=member, item=item, reason="Adviseur van de onderneming")
    client.force_login(member)
    response = client.post(
        reverse("portfolio_api:vote_cast", args=[item.pk]), {"choice": "approve"}, content_type="application/json", **EN
    )
    assert response.status_code == 409
    assert "cannot vote" in response.json()["detail"]
    client.force_login(other)
    response = client.post(
        reverse("portfolio_api:vote_cast", args=[item.pk]), {"choice": "approve"}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["choice"] == "approve"


def test_a_decision_without_quorum_is_refused_on_the_page(client, deals, item):
    ic_vote_cast(actor=deals.committee[0], item=item, choice="approve")
    client.force_login(deals.manager)
    page = client.post(
        reverse("portfolio:decision_record", args=[item.pk]),
        {f"d{item.pk}-amount": "100000", f"d{item.pk}-reasons": "Goed", f"d{item.pk}-instrument": "senior_loan"},
        follow=True,
        **EN,
    ).content.decode()
    assert "No quorum: 1 of the 2 members needed have voted without a conflict of interest" in page
    item.refresh_from_db()
    assert item.status == "open"


def test_the_api_gives_an_investee_only_its_own_applications(client, deals, private_storage):
    deals.application(ApplicationStatus.SUBMITTED)
    other = factories.organisation(legal_name="Fietsfabriek Zuid B.V.")
    factories.application(
        fund=deals.fund,
        organisation=other,
        applicant=factories.user("investee", organisation=other),
        manager=deals.manager,
    )
    client.force_login(deals.investee)
    rows = client.get(reverse("portfolio_api:application_list")).json()["results"]
    assert rows and {r["organisation"] for r in rows} == {"Buurtkeuken Delfshaven B.V."}
    client.force_login(deals.manager)  # sees every application of the fund it manages: both
    assert client.get(reverse("portfolio_api:application_list")).json()["count"] == 2


def test_the_ic_decisions_api_lists_the_committees_decisions(client, deals):
    from demo.historic import historic_loan_create

    elsewhere = factories.fund()
    for fund, reference in ((deals.fund, "SIF-MAASSTAD-2026-001"), (elsewhere, "SIF-ELDERS-2026-001")):
        historic_loan_create(
            fund=fund,
            organisation=deals.buurtkeuken,
            reference=reference,
            amount=Decimal("100000"),
            rate=Decimal("4"),
            term_months=48,
            approved_on=datetime.date(2026, 3, 1),
            conditions=("Pandakte op de inventaris getekend",),
        )
    client.force_login(deals.committee[0])
    rows = client.get(reverse("portfolio_api:ic_decision_list")).json()["results"]
    assert {r["fund"] for r in rows} == {"sif-maasstad"}  # the member sits on SIF Maasstad's committee only
    approved = next(r for r in rows if r["outcome"] == "approved" and r["application"].startswith("SIF-MAASSTAD"))
    assert approved["conditions_precedent"] and approved["amount"]


def test_board_moves_by_htmx_return_the_board_with_the_message(client, deals, private_storage):
    app = deals.application(ApplicationStatus.SUBMITTED)
    client.force_login(deals.manager)
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


def test_the_memo_shows_the_engines_schedule_and_the_pdf_renders(client, deals, private_storage):
    app = deals.application(ApplicationStatus.DUE_DILIGENCE, amount="120000")  # over 48 months, 6 of them grace
    client.force_login(deals.manager)
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
