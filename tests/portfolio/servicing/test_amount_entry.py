"""Amounts typed on the loan and application pages are read as the page's language writes them, and a money form
sent twice (a double click) records once."""

import datetime
from decimal import Decimal

from django.urls import reverse

from fund.models import Fund
from portfolio.models import Application, LedgerEntry, Tranche

D = datetime.date
NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _request_tranche(client, loan, amount: str, language: dict, once: str = ""):
    data = {"amount": amount, "planned_date": "2025-01-01"} | ({"once": once} if once else {})
    return client.post(reverse("portfolio:tranche_request", args=[loan.pk]), data, follow=True, **language)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_dutch_manager_typing_35_000_requests_a_tranche_of_35_000_euros(client, book):
    loan = book.loan(amount="100000", disburse=False)
    client.force_login(book.requester)
    page = _request_tranche(client, loan, "35.000", NL).content.decode()
    tranche = Tranche.objects.get(loan=loan)
    assert tranche.amount.amount == Decimal("35000.00")  # not € 35,00
    assert "35.000,00" in page


def test_an_english_manager_typing_35_000_with_a_comma_requests_the_same_tranche(client, book):
    loan = book.loan(amount="100000", disburse=False)
    client.force_login(book.requester)
    page = _request_tranche(client, loan, "35,000", EN).content.decode()
    assert Tranche.objects.get(loan=loan).amount.amount == Decimal("35000.00")
    assert "35,000.00" in page


def test_35_comma_000_on_the_dutch_screen_requests_nothing_and_says_how_to_write_it(client, book):
    loan = book.loan(amount="100000", disburse=False)
    client.force_login(book.requester)
    response = _request_tranche(client, loan, "35,000", NL)
    assert not Tranche.objects.filter(loan=loan).exists()
    assert _messages(response) == [
        "Bedrag: “35,000” is op twee manieren te lezen. Schrijf 35000 of 35.000,00. "
        "Voor een getal onder 1.000 schrijft u 35."
    ]


def test_a_double_click_on_request_tranche_creates_one_request_and_shows_it(client, book):
    loan = book.loan(amount="100000", disburse=False)
    client.force_login(book.requester)
    form = client.get(reverse("portfolio:loan_detail", args=[loan.pk]), **EN).content.decode()
    token = form.split('data-testid="tranche-form">', 1)[1].split('name="once" value="', 1)[1].split('"', 1)[0]
    _request_tranche(client, loan, "35,000", EN, once=token)
    second = _request_tranche(client, loan, "35,000", EN, once=token)
    assert second.status_code == 200
    assert Tranche.objects.filter(loan=loan).count() == 1
    assert "This form was sent twice; it was recorded once." in _messages(second)
    assert 'data-testid="tranche-1"' in second.content.decode()  # the first request, on the page the second shows


def test_a_second_tranche_from_a_freshly_shown_form_is_a_new_request(client, book):
    loan = book.loan(amount="100000", disburse=False)
    client.force_login(book.requester)
    _request_tranche(client, loan, "35,000", EN, once="6f1d2c3e-0000-4000-8000-000000000001")
    _request_tranche(client, loan, "35,000", EN, once="6f1d2c3e-0000-4000-8000-000000000002")
    assert Tranche.objects.filter(loan=loan).count() == 2


def test_a_refused_tranche_can_be_sent_again_with_the_same_form(client, book):
    loan = book.loan(amount="100000", disburse=False)
    client.force_login(book.requester)
    token = "6f1d2c3e-0000-4000-8000-000000000003"
    _request_tranche(client, loan, "135.000", NL, once=token)  # more than the loan: refused, nothing recorded
    _request_tranche(client, loan, "35.000", NL, once=token)
    assert Tranche.objects.get(loan=loan).amount.amount == Decimal("35000.00")


def test_a_payment_posted_twice_with_the_same_form_is_posted_once(client, book):
    loan = book.loan(amount="12000", rate="0", disbursed_on=D(2025, 1, 1))
    # up to the fund's threshold a manual payment posts at once (above it a second manager approves it first)
    Fund.objects.filter(pk=book.fund.pk).update(manual_payment_approval_threshold=Decimal("5000"))
    client.force_login(book.requester)
    data = {
        "value_date": "2025-02-01",
        "amount": "1.000,00",
        "note": "",
        "once": "6f1d2c3e-0000-4000-8000-00000000000a",
    }
    for _click in range(2):
        client.post(reverse("portfolio:repayment_post", args=[loan.pk]), data, follow=True, **NL)
    repayments = LedgerEntry.objects.filter(loan=loan, entry_type="repayment")
    assert [r.amount.amount for r in repayments] == [Decimal("1000.00")]


def test_75_000_in_the_application_form_is_accepted_on_dutch_screens(client, demo):
    client.force_login(demo.investee)
    response = client.post(
        reverse("portfolio:application_create"),
        {
            "fund": "sif-rotterdam",
            "amount_requested": "75.000",
            "purpose": "Nieuwe bakfietsen",
            "instrument": "senior_loan",
            "term_months": "48",
            "grace_months": "0",
            "metric_codes": ["PI3687"],
            "employees_fte": "9,6",
            "annual_revenue": "1.234.567,89",
        },
        **NL,
    )
    assert response.status_code == 302, response.content.decode()
    app = Application.objects.filter(organisation__legal_name="Buurtkeuken Delfshaven B.V.").latest("created_at")
    assert app.amount_requested.amount == Decimal("75000.00")
    assert app.employees_fte == Decimal("9.6")
    assert app.annual_revenue.amount == Decimal("1234567.89")


def test_the_application_form_shown_again_keeps_the_amount_in_dutch_and_reads_it_back(client, demo):
    client.force_login(demo.investee)
    data = {"fund": "sif-rotterdam", "amount_requested": "75000", "purpose": "", "instrument": "senior_loan"}
    page = client.post(reverse("portfolio:application_create"), data | {"term_months": "48"}, **NL)
    assert page.status_code == 200  # the purpose is missing
    assert 'value="75.000,00"' in page.content.decode()
    again = client.post(
        reverse("portfolio:application_create"),
        data | {"amount_requested": "75.000,00", "purpose": "Bakfietsen", "term_months": "48", "grace_months": "0"},
        **NL,
    )
    assert again.status_code == 302
    app = Application.objects.filter(organisation__legal_name="Buurtkeuken Delfshaven B.V.").latest("created_at")
    assert app.amount_requested.amount == Decimal("75000.00")


def test_the_rate_shown_in_the_restructuring_form_on_dutch_screens_reads_back_the_same(client, book):
    loan = book.loan(rate="3.125", disbursed_on=D(2025, 1, 1))
    client.force_login(book.requester)
    page = client.get(reverse("portfolio:loan_detail", args=[loan.pk]), **NL).content.decode()
    shown = page.split('name="annual_interest_rate"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    assert shown == "3,125"  # a rate cannot be 3125 %, so this is not ambiguous
    client.post(
        reverse("portfolio:restructuring_request", args=[loan.pk]),
        {"effective_date": "2025-03-15", "repayments": "20", "annual_interest_rate": shown, "reason": "Omzetdaling"},
        **NL,
    )
    assert loan.restructurings.get().annual_interest_rate == Decimal("3.125")
