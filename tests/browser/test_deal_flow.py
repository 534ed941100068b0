"""From application to approved loan in a real browser: the investee applies with a document, the fund manager
screens it and completes due diligence, the committee votes (one member declares a conflict and cannot vote), the
decision is recorded and the loan exists in status approved with the approved terms."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portfolio.models import Application, Loan
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.helpers import login, screenshot, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def as_user(browser, demo_data, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "private"}},
    }
    contexts = []

    def open_as(email: str):
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        login(page, demo_data, email)
        return page

    yield open_as
    for context in contexts:
        context.close()


def _submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()


def test_investee_applies_and_the_committee_approves_a_loan(as_user, demo_data):
    # The investee starts an application, uploads its business plan and submits.
    investee = as_user("investee@sif.example")
    investee.goto(url(demo_data, "/applications/new/"))
    form = investee.get_by_test_id("application-form")
    form.locator("#id_fund").select_option("sif-rotterdam")
    form.locator("#id_amount_requested").fill("120000")
    form.locator("#id_purpose").fill("Een tweede leerwerkkeuken in Delfshaven")
    form.locator("#id_instrument").select_option("senior_loan")
    form.locator("#id_term_months").fill("48")
    form.locator("#id_grace_months").fill("6")
    form.locator("input[name=themes][value=labour_participation]").check()
    form.locator("#id_target_group").fill("Statushouders en mensen uit de bijstand")
    form.locator("#id_expected_outcomes").fill("Twaalf mensen per jaar aan betaald werk")
    form.locator("input[name=metric_codes][value=SIF-PLACED]").check()
    _submit(investee, form)
    expect(investee).to_have_url(re.compile(r"/applications/\d+/$"))
    application = Application.objects.filter(purpose="Een tweede leerwerkkeuken in Delfshaven").get()
    upload = investee.get_by_test_id("document-form")
    upload.locator("#id_kind").select_option("business_plan")
    upload.locator("#id_file").set_input_files(
        {"name": "ondernemingsplan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    _submit(investee, upload)
    expect(investee.get_by_test_id("documents")).to_contain_text("ondernemingsplan.pdf")
    with investee.expect_navigation():
        investee.get_by_test_id("submit-application").click()
    application.refresh_from_db()
    assert application.status == "submitted"
    screenshot(investee, "deal-flow-investee-submitted")

    # The manager screens it, runs the checks and completes due diligence.
    manager = as_user("manager@sif.example")
    detail = url(demo_data, f"/applications/{application.pk}/")
    manager.goto(detail)
    for step in ("move-screening", "run-checks", "move-due_diligence"):
        with manager.expect_navigation():
            manager.get_by_test_id(step).click()
    expect(manager.get_by_test_id("eligibility")).to_contain_text("GM0599")
    rows = manager.get_by_test_id("dd-item")
    expect(rows).to_have_count(6)
    # The checklist is one form: all six lines are filled in, then saved with one click.
    for index in range(6):
        row = manager.get_by_test_id("dd-item").nth(index)
        row.locator("select[name$=-status]").select_option("done")
        row.locator("select[name$=-owner]").select_option(label="Mehmet Manager")
    with manager.expect_navigation():
        manager.get_by_test_id("dd-save").click()
    assert set(application.dd_items.values_list("status", flat=True)) == {"done"}
    with manager.expect_navigation():
        manager.get_by_test_id("move-ic").click()
    application.refresh_from_db()
    assert application.status == "ic"

    # The manager plans a meeting and puts the application on its agenda.
    manager.goto(url(demo_data, "/ic/"))
    meeting_form = manager.get_by_test_id("meeting-form")
    meeting_form.locator("#id_fund").select_option("sif-rotterdam")
    # Held yesterday: the committee decides only at a meeting that has been held.
    meeting_form.locator("#id_held_on").fill((timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    _submit(manager, meeting_form)
    meeting_url = manager.url
    agenda = manager.get_by_test_id("agenda-form")
    agenda.locator("#id_application").select_option(str(application.pk))
    _submit(manager, agenda)
    expect(manager.get_by_test_id(f"item-{application.reference}")).to_be_visible()

    # ic3@ declares a conflict and can no longer vote; ic@ and ic2@ vote.
    conflicted = as_user("ic3@sif.example")
    conflicted.goto(meeting_url)
    item = conflicted.get_by_test_id(f"item-{application.reference}")
    item.get_by_test_id("conflict-form").locator("textarea").fill("Ik ben toezichthouder bij de Buurtkeuken")
    _submit(conflicted, item.get_by_test_id("conflict-form"))
    item = conflicted.get_by_test_id(f"item-{application.reference}")
    expect(item.get_by_test_id("conflicted-notice")).to_be_visible()
    expect(item.get_by_test_id("vote-form")).to_have_count(0)
    for email, choice, conditions in (
        ("ic@sif.example", "approve", ""),
        ("ic2@sif.example", "approve_with_conditions", "Halfjaarlijkse impactrapportage"),
    ):
        member = as_user(email)
        member.goto(meeting_url)
        vote = member.get_by_test_id(f"item-{application.reference}").get_by_test_id("vote-form")
        vote.locator(f"input[value={choice}]").check()
        vote.locator("textarea[name$=-conditions]").fill(conditions)
        _submit(member, vote)
        expect(member.get_by_test_id(f"item-{application.reference}").get_by_test_id("votes")).to_contain_text(
            "Ilse" if email.startswith("ic@") else "Iris"
        )

    # The manager records the decision with terms that differ from those requested.
    manager.goto(meeting_url)
    item = manager.get_by_test_id(f"item-{application.reference}")
    expect(item.get_by_test_id("tally")).to_contain_text("1")
    decision = item.get_by_test_id("decision-form")
    decision.locator(f"#id_d{item_pk(application)}-amount").fill("100000")
    decision.locator(f"#id_d{item_pk(application)}-annual_interest_rate").fill("3.5")
    decision.locator(f"#id_d{item_pk(application)}-conditions_precedent").fill(
        "Getekende bankovereenkomst\nBewijs van eigen inbreng"
    )
    decision.locator(f"#id_d{item_pk(application)}-covenants").fill("Solvabiliteit minimaal 20 %")
    decision.locator(f"#id_d{item_pk(application)}-reasons").fill("Sterke impactcase; bedrag verlaagd naar 100.000")
    decision.locator(f"#id_d{item_pk(application)}-applicant_message").fill("Wij financieren 100.000 van uw plan.")
    _submit(manager, decision)
    # Terms other than those voted on (120.000 asked, 100.000 recorded) wait for a second manager (four eyes).
    expect(manager).to_have_url(re.compile(r"/changes/\d+/$"))
    expect(manager.get_by_test_id("four-eyes-note")).to_be_visible()
    assert not Loan.objects.filter(application=application).exists()
    checker = as_user("manager2@sif.example")
    checker.goto(manager.url)
    with checker.expect_navigation():
        checker.get_by_test_id("change-decide").get_by_role("button", name="Goedkeuren").click()
    manager.goto(url(demo_data, f"/loans/{Loan.objects.get(application=application).pk}/"))
    expect(manager.get_by_test_id("loan-principal")).to_contain_text("100.000,00")
    expect(manager.get_by_test_id("loan-rate")).to_contain_text(
        "3,50 %"
    )  # one rate format: two decimals (issue item 7)
    expect(manager.get_by_test_id("conditions")).to_contain_text("Getekende bankovereenkomst")
    expect(manager.get_by_test_id("conditions")).to_contain_text("Halfjaarlijkse impactrapportage")  # from the vote
    screenshot(manager, "deal-flow-loan-approved")

    loan = Loan.objects.get(application=application)
    assert loan.status == "approved"
    assert loan.principal.amount == Decimal("100000.00")
    assert (loan.annual_interest_rate, loan.term_months, loan.grace_months) == (Decimal("3.500"), 48, 6)
    assert loan.conditions_precedent.count() == 3  # two typed on the decision, one attached to ic2@'s vote
    assert loan.decision.members_counted == 2 and loan.decision.quorum_required == 2

    # The investee sees the outcome on its application.
    investee.goto(detail)
    expect(investee.get_by_test_id("loan-link")).to_contain_text(loan.reference)
    # It is told the message written for it, never the committee's reasons or the declared conflict.
    expect(investee.get_by_test_id("outcome-reason")).to_have_text("Wij financieren 100.000 van uw plan.")
    expect(investee.locator("main")).not_to_contain_text("toezichthouder")
    expect(investee.locator("main")).not_to_contain_text("Sterke impactcase")


def item_pk(application) -> int:
    return application.agenda_items.get().pk
