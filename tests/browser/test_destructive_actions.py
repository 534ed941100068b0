"""Writing off a loan asks first, in the browser: htmx's hx-confirm (no inline script) shows the question, and
cancelling it leaves the loan as it was."""

import pytest

from fund.models import ChangeState, PendingChange
from portfolio.choices import LoanStatus
from portfolio.models import Loan
from tests.browser.helpers import login, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_writing_off_a_loan_asks_for_confirmation_and_cancelling_changes_nothing(page, demo_data):
    loan = Loan.objects.filter(fund__slug="sif-rotterdam", status=LoanStatus.ACTIVE).order_by("reference").first()
    login(page, demo_data, "manager@sif.example")
    page.goto(url(demo_data, f"/loans/{loan.pk}/"))
    form = page.get_by_test_id("write-off-form")
    form.locator("input[name=reason]").fill("Faillissement")
    button = form.locator("button[type=submit]")
    assert "danger" in button.get_attribute("class")
    questions = []

    def answer(dialog, accept: bool):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    button.click()
    page.wait_for_timeout(500)
    assert questions and loan.reference in questions[0] and "ongedaan" in questions[0]  # asked, in Dutch
    loan.refresh_from_db()
    assert loan.status == LoanStatus.ACTIVE  # cancelled: nothing was posted

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    button.click()
    # Confirmed, the write-off is asked for, not posted: another manager approves it (four eyes).
    page.get_by_text("Afschrijving ter goedkeuring verstuurd").first.wait_for()
    loan.refresh_from_db()
    assert len(questions) == 2 and loan.status == LoanStatus.ACTIVE
    change = PendingChange.objects.get(kind="loan.write_off", target_id=str(loan.pk), state=ChangeState.PENDING)

    checker = page.context.browser.new_context(locale="nl-NL").new_page()
    login(checker, demo_data, "manager2@sif.example")
    checker.goto(url(demo_data, f"/changes/{change.pk}/"))
    with checker.expect_navigation():
        checker.get_by_test_id("change-decide").get_by_role("button", name="Goedkeuren").click()
    checker.context.close()
    loan.refresh_from_db()
    assert loan.status == LoanStatus.WRITTEN_OFF
