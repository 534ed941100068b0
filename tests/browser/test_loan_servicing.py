"""Loan servicing in a real browser, on the demo loan book (fund SIF Rotterdam).

Buurtkeuken Delfshaven's loan (150,000.00 approved, 100,000.00 paid out in a first tranche) gets its second tranche of
50,000.00: manager@ requests it and sees no approve button (a forged approval is refused too); manager2@ approves it;
the payment is confirmed and the loan shows 150,000.00 outstanding. The fund's bank statement (CAMT.053) brings two
credits: 500.00 naming the loan in its remittance (posted at once) and 250.00 from an unknown account with no reference
(queued); the manager assigns the 250.00 to the loan. The investee then sees both payments on its loan page and on
its statement PDF; paid before the next installment fell due, they are held for it up to its amount and only the rest
prepays principal.
"""

import re
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from schwifty import IBAN

from portfolio.models import BankLine, LedgerEntry, Loan, Tranche
from portfolio.selectors.loans import loan_state
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.helpers import login, screenshot, url
from tests.portfolio.servicing.camt import Credit, camt053

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUURTKEUKEN = "Buurtkeuken Delfshaven B.V."
FUND_IBAN = "NL91ABNA0417164300"  # SIF Rotterdam's account in the demo (demo.loan_book)
DIRECTOR_IBAN = IBAN.generate("NL", bank_code="RABO", account_code="0123456789").compact  # pays, but is no borrower
STRANGER_IBAN = IBAN.generate("NL", bank_code="ABNA", account_code="0555123456").compact


def euro(amount: str) -> re.Pattern:
    """An amount as the Dutch pages show it, e.g. € 50.000,00 (Babel puts a no-break space after the sign)."""
    return re.compile(r"€\s?" + re.escape(amount))


@pytest.fixture
def as_user(browser, demo_data):
    """A logged-in page in a browser context of its own per user (Dutch, like the `page` fixture)."""
    contexts = []

    def open_as(email: str):
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}, accept_downloads=True)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        login(page, demo_data, email)
        return page

    yield open_as
    for context in contexts:
        context.close()


def nl_amount(amount: Decimal) -> str:
    """1234.5 → 1.234,50"""
    return f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def test_tranche_four_eyes_bank_statement_reconciliation_and_the_investee_statement(page, as_user, demo_data, tmp_path):
    loan = Loan.objects.get(organisation__legal_name=BUURTKEUKEN, fund__slug="sif-rotterdam")
    loan_url = url(demo_data, f"/loans/{loan.pk}/")
    assert loan.borrower_iban != DIRECTOR_IBAN

    # manager@ requests the second tranche: 50,000.00, paid today
    login(page, demo_data, "manager@sif.example")
    page.goto(loan_url)
    expect(page.get_by_test_id("outstanding")).to_have_text(euro("100.000,00"))
    form = page.get_by_test_id("tranche-form")
    form.locator("input[name=amount]").fill("50000")
    _submit(page, form.locator("button[type=submit]"))
    tranche = Tranche.objects.get(loan=loan, number=2)
    row = page.get_by_test_id("tranche-2")
    expect(row).to_contain_text(euro("50.000,00"))
    expect(row).to_contain_text("Aangevraagd")
    # the requester gets no approve button, only the four-eyes note ...
    expect(row.get_by_test_id("four-eyes-note")).to_be_visible()
    expect(row.locator("form[action$='/approve/']")).to_have_count(0)
    # ... and an approval posted anyway (a hand-made form with the page's CSRF token) is refused
    page.evaluate(
        """([action]) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = action;
            const token = document.querySelector("input[name=csrfmiddlewaretoken]").cloneNode();
            form.appendChild(token);
            document.body.appendChild(form);
            form.submit();
        }""",
        [f"/tranches/{tranche.pk}/approve/"],
    )
    page.wait_for_load_state()
    expect(page.locator(".messages .error")).to_contain_text("vierogenprincipe")
    tranche.refresh_from_db()
    assert tranche.status == "requested" and tranche.approved_by is None

    # manager2@ approves it
    second = as_user("manager2@sif.example")
    second.goto(loan_url)
    row2 = second.get_by_test_id("tranche-2")
    expect(row2.get_by_test_id("four-eyes-note")).to_have_count(0)
    _submit(second, row2.locator("form[action$='/approve/'] button"))
    expect(second.locator(".messages .success")).to_contain_text("Tranche goedgekeurd.")
    expect(second.get_by_test_id("tranche-2")).to_contain_text("Goedgekeurd")

    # the bank paid it: manager@ confirms (today), the disbursement is posted and the loan shows 150,000.00
    page.goto(loan_url)
    _submit(page, page.get_by_test_id("tranche-2").locator("form[action$='/confirm/'] button"))
    expect(page.locator(".messages .success")).to_contain_text("Tranche uitbetaald en op de lening geboekt.")
    expect(page.get_by_test_id("tranche-2")).to_contain_text("Uitbetaald")
    expect(page.get_by_test_id("outstanding")).to_have_text(euro("150.000,00"))
    disbursements = page.get_by_test_id("ledger").locator("tbody tr", has_text="Uitbetaling")
    expect(disbursements).to_have_count(2)
    expect(disbursements.nth(1)).to_contain_text(euro("50.000,00"))
    screenshot(page, "servicing-tranche-paid")

    # the fund's bank statement: one credit naming the loan, one from a stranger with no reference
    today = timezone.localdate()
    statement = tmp_path / "dagafschrift-sif-rotterdam.xml"
    statement.write_bytes(
        camt053(
            FUND_IBAN,
            [
                Credit("500.00", today, payer_iban=DIRECTOR_IBAN, remittance=f"Aflossing {loan.reference} december"),
                Credit("250.00", today, payer_iban=STRANGER_IBAN, remittance="Bijdrage buurtfeest"),
            ],
            statement_id=f"SIF-ROTTERDAM-{today:%Y%m%d}",
        )
    )
    page.goto(url(demo_data, "/funds/sif-rotterdam/bank/"))
    upload = page.get_by_test_id("bank-upload")
    upload.locator("input[name=file]").set_input_files(statement)
    _submit(page, upload.locator("button[type=submit]"))
    expect(page.locator(".messages .success")).to_contain_text(
        "1 betalingen geboekt, 1 af te letteren, 0 al eerder geïmporteerd."
    )
    queued = page.get_by_test_id("queued-line")
    expect(queued).to_have_count(1)
    expect(queued).to_contain_text(euro("250,00"))
    expect(queued).to_contain_text(STRANGER_IBAN)

    expect(queued.get_by_test_id("queue-reason")).to_contain_text("Geen lening past")
    screenshot(page, "servicing-reconciliation-queue")

    # the manager assigns the 250.00 to Buurtkeuken's loan (on the line's value date): the queue is empty
    assign = queued.get_by_test_id("assign-form")
    assign.locator("select[name=loan]").select_option(str(loan.pk))
    _submit(page, assign.locator("button[type=submit]"))
    expect(page.locator(".messages .success")).to_contain_text("Betaling geboekt.")
    expect(page.get_by_test_id("queued-line")).to_have_count(0)
    expect(page.get_by_test_id("reconciliation-queue")).to_contain_text("Niets af te letteren.")
    repayments = LedgerEntry.objects.filter(loan=loan, entry_type="repayment", value_date=today)
    assert sorted(e.amount.amount for e in repayments) == [Decimal("250.00"), Decimal("500.00")]
    assert {e.source for e in repayments} == {"bank_statement"}
    assert set(BankLine.objects.filter(loan=loan).values_list("status", flat=True)) == {"matched", "assigned"}

    # the investee finds its loan, sees both payments and downloads its statement
    investee = as_user("investee@sif.example")
    investee.goto(url(demo_data, "/loans/"))
    _submit(investee, investee.get_by_test_id("loan-list").locator(f"a[href='/loans/{loan.pk}/']"))
    expect(investee.get_by_test_id("tranches")).to_have_count(0)  # the managers' part of the page
    # nothing was due yet (the next installment falls on the 12th): the payments are held for it up to its amount
    # and settle it on its due date; only the rest prepays principal today
    state = loan_state(loan=loan, as_of=today)
    held = state.held_in_advance
    assert held > 0 and held + (Decimal("150000.00") - state.outstanding_principal) == Decimal("750.00")
    expect(investee.get_by_test_id("outstanding")).to_have_text(euro(nl_amount(state.outstanding_principal)))
    expect(investee.get_by_test_id("held-in-advance")).to_contain_text(euro(nl_amount(held)))
    ledger = investee.get_by_test_id("ledger")
    todays = ledger.locator("tbody tr", has_text=today.strftime("%d-%m-%Y"))
    expect(todays.filter(has_text="Aflossing")).to_have_count(2)
    expect(todays.filter(has_text=euro("500,00"))).to_contain_text("Bankafschrift")
    expect(todays.filter(has_text=euro("250,00"))).to_contain_text("Bankafschrift")
    expect(todays.filter(has_text="Uitbetaling")).to_contain_text(euro("50.000,00"))
    screenshot(investee, "servicing-investee-loan")

    with investee.expect_download() as download:
        investee.locator(f"a[href='/reports/loans/{loan.pk}/statement.pdf']").click()
    pdf = download.value.path()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace("\xa0", " ")
    assert loan.reference in text and BUURTKEUKEN in text
    payments = [line for line in text.splitlines() if today.strftime("%d-%m-%Y") in line and "Aflossing" in line]
    assert sorted(re.search(r"€ ([\d.,]+)", line).group(1) for line in payments) == ["250,00", "500,00"]
    assert re.search(r"Uitbetaling\s+€ 50\.000,00", text)
