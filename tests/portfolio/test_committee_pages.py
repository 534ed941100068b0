"""The committee's pages: what the committee keeps for itself stays there, vote conditions reach the decision, and a
meeting decides only once it has been held."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from portfolio.choices import ApplicationStatus
from portfolio.models import Application, ICDecision, Loan
from portfolio.services.committee import (
    agenda_item_add,
    conflict_declare,
    ic_meeting_create,
    ic_vote_cast,
)
from tests.portfolio.conftest import application_at, rotterdam_ic

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
CONFLICT = "Ik ben toezichthouder bij de Buurtkeuken"
REASONS = "Igor Commissie meldde een belangenconflict; de andere twee stemden voor. Risico op de huur blijft."
MESSAGE = "Wij financieren uw plan graag; u ontvangt de overeenkomst binnenkort."
TERMS = {
    "amount": "90000",
    "annual_interest_rate": "3.5",
    "term_months": "60",
    "grace_months": "6",
    "instrument": "senior_loan",
    "conditions_precedent": "Getekende bankovereenkomst",
    "covenants": "",
}


def _meeting_item(demo, held_on: datetime.date):
    app = application_at(demo, ApplicationStatus.IC)
    # the committee votes on TERMS (the application as put to it): recording them needs no second manager, which
    # terms other than those voted on would (tests/portfolio/services/test_committee.py)
    Application.objects.filter(pk=app.pk).update(
        amount_requested=Decimal(TERMS["amount"]),
        proposed_rate=Decimal(TERMS["annual_interest_rate"]),
        term_months=int(TERMS["term_months"]),
        grace_months=int(TERMS["grace_months"]),
        instrument=TERMS["instrument"],
    )
    meeting = ic_meeting_create(actor=demo.manager, fund=demo.rotterdam_fund, held_on=held_on)
    return agenda_item_add(actor=demo.manager, meeting=meeting, application=app)


def _decision_post(item, **values) -> dict[str, str]:
    return {f"d{item.pk}-{name}": value for name, value in (TERMS | values).items()}


@pytest.fixture
def eager_celery():
    """Run queued tasks in-process, so the applicant's e-mail lands in mail.outbox."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


def test_a_declared_conflict_and_the_committees_reasons_are_never_shown_to_the_investee(
    client, demo, eager_celery, django_capture_on_commit_callbacks
):
    item = _meeting_item(demo, timezone.localdate() - datetime.timedelta(days=1))
    first, second, third = rotterdam_ic(demo)
    conflict_declare(actor=third, item=item, reason=CONFLICT)
    ic_vote_cast(actor=first, item=item, choice="approve", reason="Sterke impactcase")
    ic_vote_cast(
        actor=second, item=item, choice="approve_with_conditions", conditions=["Halfjaarlijkse impactrapportage"]
    )
    client.force_login(demo.manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portfolio:decision_record", args=[item.pk]),
            _decision_post(item, reasons=REASONS, applicant_message=MESSAGE),
            **EN,
        )
    decision = ICDecision.objects.get(item=item)
    assert (decision.reasons, decision.applicant_message) == (REASONS, MESSAGE)
    loan = Loan.objects.get(application=item.application)

    # The committee's page keeps both, each under its own heading.
    page = client.get(reverse("portfolio:ic_meeting_detail", args=[item.meeting_id]), **EN).content.decode()
    assert CONFLICT in page and "belangenconflict" in page and MESSAGE in page

    client.force_login(demo.investee)
    secrets = (CONFLICT, "toezichthouder", "belangenconflict", "Igor", "Sterke impactcase", "Risico op de huur")
    pages = {
        "application": reverse("portfolio:application_detail", args=[item.application_id]),
        "applications": reverse("portfolio:application_list"),
        "loan": reverse("portfolio:loan_detail", args=[loan.pk]),
        "api": reverse("portfolio_api:application_detail", args=[item.application_id]),
    }
    for name, url in pages.items():
        for language in ("en", "nl"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, name
            body = response.content.decode()
            assert not [s for s in secrets if s in body], (name, language)
    application_page = client.get(pages["application"], **EN).content.decode()
    assert MESSAGE in application_page  # the outcome the applicant is told
    # The e-mail to the applicant: the outcome and the message, nothing of the committee's own reasons.
    (email,) = [m for m in mail.outbox if "investee@sif.example" in m.to]
    assert MESSAGE in email.body and not [s for s in secrets if s in email.body]


def test_the_decision_form_shows_the_conditions_attached_to_the_votes(client, demo):
    item = _meeting_item(demo, timezone.localdate())  # held today
    first, second, _third = rotterdam_ic(demo)
    client.force_login(first)
    client.post(
        reverse("portfolio:vote_cast", args=[item.pk]),
        {f"i{item.pk}-choice": "approve_with_conditions", f"i{item.pk}-conditions": "Pand verzekerd\nKwartaalcijfers"},
        **EN,
    )
    ic_vote_cast(actor=second, item=item, choice="approve")
    client.force_login(demo.manager)
    page = client.get(reverse("portfolio:ic_meeting_detail", args=[item.meeting_id]), **EN).content.decode()
    conditions = page.split('data-testid="vote-conditions"', 1)[1].split("</div>", 1)[0]
    assert "<li>Pand verzekerd</li>" in conditions and "<li>Kwartaalcijfers</li>" in conditions
    client.post(reverse("portfolio:decision_record", args=[item.pk]), _decision_post(item, reasons="Goed"), **EN)
    loan = Loan.objects.get(application=item.application)
    assert list(loan.conditions_precedent.values_list("text", flat=True)) == [
        "Getekende bankovereenkomst",
        "Pand verzekerd",
        "Kwartaalcijfers",
    ]


def test_a_meeting_not_yet_held_offers_no_decision_and_refuses_one_with_a_clear_message(client, demo):
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    item = _meeting_item(demo, next_week)
    for member in rotterdam_ic(demo):
        ic_vote_cast(actor=member, item=item, choice="approve")
    client.force_login(demo.manager)
    url = reverse("portfolio:ic_meeting_detail", args=[item.meeting_id])
    page = client.get(url, **EN).content.decode()
    assert 'data-testid="decision-form"' not in page
    assert "The decision is recorded once the meeting has been held" in page
    response = client.post(
        reverse("portfolio:decision_record", args=[item.pk]), _decision_post(item, reasons="Goed"), follow=True, **EN
    )
    assert "a decision is recorded once the meeting has been held, not before" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "open" and not ICDecision.objects.filter(item=item).exists()
