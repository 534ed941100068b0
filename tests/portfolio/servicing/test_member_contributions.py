"""Members' money on the fund's account: a contribution quoting its call line's RF reference on a CAMT.053 or MT940
statement is recorded by itself (in full or in part); an overpayment or an unknown reference joins the reconciliation
queue saying why; reminders after the due date; a distribution's payout file needs a second manager."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from fund.choices import Role
from fund.errors import FourEyesError
from fund.models import AuditEvent, CapitalCallReminder, CapitalMovement, PendingChange
from fund.selectors import capital_call_lines
from fund.services.approvals import change_approve
from fund.services.capital import capital_call_issue, capital_distribution_declare
from portfolio.banking.sepa import pain_validate
from portfolio.choices import BankLineStatus, QueueReason
from portfolio.models import BankLine, FundBankAccount, PaymentFile
from portfolio.services.bank import bank_statement_import
from portfolio.services.member_payments import capital_call_reminders_send, distribution_payout_request
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date
FUND_IBAN = "NL91ABNA0417164300"
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "camt053_member_contributions_rf.xml"


@pytest.fixture
def nieuwe_maas():
    """SIF Nieuwe Maas: members Schiedam (100,000), Stichting Nieuwe Maas (50,000) and Woonstichting Delfshaven
    (30,000) committed; call 1 of 10 % on 1 Sep 2026, due 30 Sep: 10,000.00 / 5,000.00 / 3,000.00."""
    fund = factories.fund(name="SIF Nieuwe Maas")
    FundBankAccount.objects.create(fund=fund, account_name="SIF Nieuwe Maas", iban=FUND_IBAN)
    members = {
        key: factories.member(fund=fund, legal_name=name, committed=committed)
        for key, name, committed in (
            ("A", "Stichting Schiedam Werkt", "100000.00"),
            ("B", "Stichting Nieuwe Maas", "50000.00"),
            ("C", "Woonstichting Delfshaven", "30000.00"),
        )
    }
    managers = [factories.user(Role.FUND_MANAGER, fund=fund) for _ in range(2)]
    co_investors = {key: factories.user(Role.CO_INVESTOR, member=m) for key, m in members.items()}
    call = capital_call_issue(
        actor=managers[0], fund=fund, call_date=D(2026, 9, 1), due_date=D(2026, 9, 30), percent=Decimal("10")
    )
    refs = {key: CapitalMovement.objects.get(capital_call=call, member=m).reference for key, m in members.items()}
    return type(
        "Fund", (), dict(fund=fund, members=members, managers=managers, co_investors=co_investors, call=call, refs=refs)
    )


def _statement(refs: dict[str, str]) -> bytes:
    # A pays with its reference in groups of four and in lower case, as a member types it in its banking app.
    spaced = {k: " ".join(v[i : i + 4] for i in range(0, len(v), 4)) for k, v in refs.items()}
    text = SAMPLE.read_text().replace("{FUND_IBAN}", FUND_IBAN)
    text = text.replace("{REF_A}", spaced["A"].lower()).replace("{REF_B}", refs["B"]).replace("{REF_C}", refs["C"])
    return text.encode()


def _outstanding(setup) -> dict[str, Decimal]:
    lines = {line.member_id: line for line in capital_call_lines(fund=setup.fund)}
    return {key: lines[m.pk].outstanding for key, m in setup.members.items()}


def test_a_camt053_contribution_quoting_its_rf_reference_is_recorded_against_its_call(nieuwe_maas, client):
    setup = nieuwe_maas
    result = bank_statement_import(
        actor=setup.managers[0], fund=setup.fund, file_name="okt.xml", content=_statement(setup.refs)
    )
    # A 10,000.00 in full and B 2,000.00 in part are recorded; C's 3,500.00 (3,000.00 called) and the unknown
    # RF18 5390 0754 7034 (750.00) are queued
    assert (result.lines_read, result.matched, result.queued) == (4, 2, 2)
    contributions = CapitalMovement.objects.filter(capital_call=setup.call, kind="contribution")
    paid = {m.member_id: (m.amount.amount, m.value_date, m.reference) for m in contributions}
    assert paid == {
        setup.members["A"].pk: (Decimal("10000.00"), D(2026, 10, 5), setup.refs["A"]),
        setup.members["B"].pk: (Decimal("2000.00"), D(2026, 10, 5), setup.refs["B"]),
    }
    # outstanding: A 10,000 − 10,000 = 0; B 5,000 − 2,000 = 3,000.00; C 3,000 − 0 = 3,000.00
    assert _outstanding(setup) == {"A": Decimal("0.00"), "B": Decimal("3000.00"), "C": Decimal("3000.00")}
    queued = {line.amount: line for line in BankLine.objects.filter(fund=setup.fund, status="unmatched")}
    assert queued[Decimal("3500.00")].queue_reason == QueueReason.CALL_OVERPAID
    assert "3.000,00" in queued[Decimal("3500.00")].queue_detail or "3000.00" in queued[Decimal("3500.00")].queue_detail
    assert queued[Decimal("750.00")].queue_reason == QueueReason.UNKNOWN_CALL_REFERENCE
    recorded = BankLine.objects.get(fund=setup.fund, amount=Decimal("10000.00"))
    assert recorded.status == BankLineStatus.CONTRIBUTION and recorded.contribution.member == setup.members["A"]

    # the reconciliation queue says why each waits
    client.force_login(setup.managers[0])
    page = client.get(reverse("portfolio:bank_statements", args=[setup.fund.slug]), HTTP_ACCEPT_LANGUAGE="en")
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert "More than is outstanding on the capital call" in text
    assert "Payment reference of no capital call: No capital call of SIF Nieuwe Maas has the payment reference" in text

    again = bank_statement_import(
        actor=setup.managers[0], fund=setup.fund, file_name="okt.xml", content=_statement(setup.refs)
    )
    assert (again.matched, again.duplicates) == (0, 4)
    assert contributions.count() == 2  # nothing recorded twice


def test_an_mt940_description_with_the_reference_in_lower_case_records_the_contribution(nieuwe_maas):
    setup = nieuwe_maas
    ref = setup.refs["C"]
    spaced = " ".join(ref[i : i + 4] for i in range(0, len(ref), 4)).lower()
    content = (
        ":20:STARTUMS\r\n:25:NL91ABNA0417164300\r\n:28C:00001\r\n:60F:C261001EUR1000,00\r\n"
        ":61:2610051005C1250,00N078NONREF\r\n"
        ":86:/EREF/NOTPROVIDED/IBAN/NL69INGB0123456789/NAME/Woonstichting Delfshaven"
        f"/REMI/USTD//Stortingsverzoek {spaced}/\r\n"
        ":62F:C261005EUR2250,00\r\n-"
    ).encode()
    result = bank_statement_import(actor=setup.managers[0], fund=setup.fund, file_name="okt.sta", content=content)
    assert result.matched == 1
    # C paid 1,250.00 of its 3,000.00: 1,750.00 outstanding
    assert _outstanding(setup)["C"] == Decimal("1750.00")


def _remind(today, capture) -> int:
    """Run the reminder job on `today`; the number of this fund's call lines it reminded (the demo's funds, when
    loaded, have their own overdue calls)."""
    before = CapitalCallReminder.objects.filter(sent_on=today).values_list("pk", flat=True)
    known = set(before)
    with capture(execute=True):
        capital_call_reminders_send(today=today, interval_days=7)
    return (
        CapitalCallReminder.objects.filter(sent_on=today, line__member__fund__name="SIF Nieuwe Maas")
        .exclude(pk__in=known)
        .count()
    )


def _mails_to(setup) -> list:
    ours = {u.email for u in setup.co_investors.values()}
    return [m for m in mail.outbox if m.to[0] in ours]


def test_a_reminder_goes_once_after_the_due_date_and_again_after_the_interval(
    nieuwe_maas, django_capture_on_commit_callbacks
):
    setup = nieuwe_maas
    assert _remind(D(2026, 9, 30), django_capture_on_commit_callbacks) == 0  # on the due date itself: nobody
    assert _remind(D(2026, 10, 1), django_capture_on_commit_callbacks) == 3
    assert sorted(m.to[0] for m in _mails_to(setup)) == sorted(u.email for u in setup.co_investors.values())
    to_c = next(m for m in mail.outbox if m.to == [setup.co_investors["C"].email])
    # C owes its whole 3,000.00, to the fund's account, with its reference in groups of four
    assert "€ 3.000,00" in to_c.body.replace("\xa0", " ") and FUND_IBAN in to_c.body
    assert " ".join(setup.refs["C"][i : i + 4] for i in range(0, 18, 4)) in to_c.body
    # the next days within the 7-day interval: nothing more
    for day in (2, 3, 7):
        assert _remind(D(2026, 10, day), django_capture_on_commit_callbacks) == 0
    assert len(_mails_to(setup)) == 3
    members = [m.pk for m in setup.members.values()]
    reminded = AuditEvent.objects.filter(action="capital_call.reminded", object_id__in=[str(pk) for pk in members])
    assert reminded.count() == 3
    # 7 days after the first: reminded again
    assert _remind(D(2026, 10, 8), django_capture_on_commit_callbacks) == 3


def test_a_member_that_paid_in_full_is_not_reminded(nieuwe_maas, django_capture_on_commit_callbacks):
    setup = nieuwe_maas
    bank_statement_import(actor=setup.managers[0], fund=setup.fund, file_name="okt.xml", content=_statement(setup.refs))
    assert _remind(D(2026, 10, 6), django_capture_on_commit_callbacks) == 2  # B and C, not A
    assert setup.co_investors["A"].email not in [m.to[0] for m in mail.outbox]


def test_a_distribution_payout_file_is_refused_to_its_requester_and_made_on_a_second_approval(nieuwe_maas):
    setup = nieuwe_maas
    bank_statement_import(actor=setup.managers[0], fund=setup.fund, file_name="okt.xml", content=_statement(setup.refs))
    # paid in: A 10,000.00, B 2,000.00 (C none): 1,200.00 pro rata → A 1,000.00, B 200.00
    distribution = capital_distribution_declare(
        actor=setup.managers[0], fund=setup.fund, value_date=D(2026, 12, 15), amount=Decimal("1200.00")
    )
    shares = {m.member_id: m.amount.amount for m in distribution.movements.all()}
    assert shares == {setup.members["A"].pk: Decimal("1000.00"), setup.members["B"].pk: Decimal("200.00")}
    change = distribution_payout_request(actor=setup.managers[0], distribution=distribution, reason="Q4 distribution")
    with pytest.raises(FourEyesError):
        change_approve(actor=setup.managers[0], change=change)
    assert not PaymentFile.objects.filter(distribution=distribution).exists()
    change_approve(actor=setup.managers[1], change=change)
    payout = PaymentFile.objects.get(distribution=distribution)
    assert (payout.payments, payout.total) == (2, Decimal("1200.00"))
    assert pain_validate(payout.content.encode(), "pain.001.001.03") == []
    assert setup.members["A"].organisation.iban in payout.content and FUND_IBAN in payout.content


def test_the_members_capital_account_page_shows_each_call_with_reference_due_date_paid_and_outstanding(
    nieuwe_maas, client
):
    setup = nieuwe_maas
    bank_statement_import(actor=setup.managers[0], fund=setup.fund, file_name="okt.xml", content=_statement(setup.refs))
    client.force_login(setup.co_investors["B"])
    page = client.get(
        reverse("fund:member_detail", args=[setup.members["B"].pk]), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    row = re.sub(r"<[^>]+>", " ", page.split('data-testid="call-lines"', 1)[1].split("</tbody>", 1)[0])
    row = " ".join(row.replace("\xa0", " ").split())
    grouped = " ".join(setup.refs["B"][i : i + 4] for i in range(0, len(setup.refs["B"]), 4))
    # B: 5,000.00 called, 2,000.00 paid, 3,000.00 outstanding, due 30 Sep 2026
    assert f"1 {grouped} 30-09-2026 € 5.000,00 € 2.000,00 € 3.000,00" in row


def test_a_manager_declares_a_distribution_and_its_payout_file_downloads_only_after_a_second_approval(
    nieuwe_maas, client
):
    setup = nieuwe_maas
    bank_statement_import(actor=setup.managers[0], fund=setup.fund, file_name="okt.xml", content=_statement(setup.refs))
    client.force_login(setup.managers[0])
    url = reverse("portfolio:distributions", args=[setup.fund.slug])
    response = client.post(url, {"value_date": "2026-12-15", "amount": "600.00", "purpose": "Rente 2026"})
    assert response.status_code == 302
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode().replace("\xa0", " ")
    assert "€ 600,00" in page  # A 500.00 and B 100.00 (paid in 10,000 and 2,000)
    file_url = reverse("portfolio:distribution_payout_file", args=[setup.fund.slug, 1])
    assert client.get(file_url).status_code == 404
    request_url = reverse("portfolio:distribution_payout_request", args=[setup.fund.slug, 1])
    response = client.post(request_url, {"reason": "Uitkering 2026"})
    assert response.status_code == 302
    assert client.get(file_url).status_code == 404  # requested, not approved
    change = PendingChange.objects.get(fund=setup.fund, kind="portfolio.distribution_payout")
    with pytest.raises(FourEyesError):
        change_approve(actor=setup.managers[0], change=change)
    change_approve(actor=setup.managers[1], change=change)
    response = client.get(file_url)
    assert response.status_code == 200 and b"<CtrlSum>600.00</CtrlSum>" in response.content
