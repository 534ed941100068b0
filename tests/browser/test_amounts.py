"""A Dutch fund manager types a tranche as Dutch writes amounts and double-clicks "Request tranche": one request of
€ 20.000,00 (Buurtkeuken Delfshaven's demo loan: 150,000.00 approved, 100,000.00 paid out, 50,000.00 left, so two
requests of 20,000.00 would both fit: only the one-time form token keeps the second out)."""

import re

import pytest
from playwright.sync_api import expect

from portfolio.models import Loan, Tranche
from tests.browser.helpers import login, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUURTKEUKEN = "Buurtkeuken Delfshaven B.V."


def test_a_double_clicked_tranche_of_20_000_typed_in_dutch_is_requested_once(page, demo_data):
    loan = Loan.objects.get(organisation__legal_name=BUURTKEUKEN, fund__slug="sif-rotterdam")
    before = Tranche.objects.filter(loan=loan).count()
    login(page, demo_data, "manager@sif.example")
    page.goto(url(demo_data, f"/loans/{loan.pk}/"))
    form = page.get_by_test_id("tranche-form")
    form.locator("input[name=amount]").fill("20.000")
    # two submits of the same form at the same moment, as a double click sends them
    statuses = page.evaluate(
        """async () => {
            const form = document.querySelector("[data-testid=tranche-form]");
            const send = () => fetch(form.action, {method: "POST", body: new FormData(form), redirect: "manual"});
            const responses = await Promise.all([send(), send()]);
            return responses.map((r) => r.type);
        }"""
    )
    assert statuses == ["opaqueredirect", "opaqueredirect"]  # both answered with the loan page, neither an error
    page.reload()
    new = Tranche.objects.filter(loan=loan).order_by("number")[before:]
    assert [t.amount.amount for t in new] == [20000]
    expect(page.get_by_test_id(f"tranche-{new[0].number}")).to_contain_text(re.compile(r"€\s?20\.000,00"))

    # an ordinary double click on the button records one more request at most, never two
    form = page.get_by_test_id("tranche-form")
    form.locator("input[name=amount]").fill("1.000")
    with page.expect_navigation():
        form.locator("button[type=submit]").dblclick()
    page.wait_for_load_state()
    assert Tranche.objects.filter(loan=loan).count() == before + 2
