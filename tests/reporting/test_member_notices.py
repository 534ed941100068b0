"""Notices to members through the report pipeline: a capital call notice per member naming the amount, due date,
the fund's IBAN and the member's RF reference, e-mailed to the member's co-investors and downloadable by them and the
fund's managers only; a distribution notice per member."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse

from fund.choices import Role
from fund.models import CapitalMovement
from fund.services.capital import capital_call_issue, capital_contribution_record, capital_distribution_declare
from portfolio.models import FundBankAccount
from portfolio.services.fund_settings import fund_bank_account_change_request
from reporting.models import ReportDocument, ReportRun
from reporting.services import member_notices_request, report_document_produce, report_run_notify, report_run_prepare
from tests import factories
from tests.reporting.conftest import pdf_text

pytestmark = pytest.mark.django_db
D = datetime.date
FUND_IBAN = "NL91ABNA0417164300"


@pytest.fixture
def vlietland():
    """SIF Vlietland: three foundations committed 100,000.00, 33,333.33 and 16,666.67."""
    fund = factories.fund(name="SIF Vlietland")
    FundBankAccount.objects.create(fund=fund, account_name="Stichting SIF Vlietland", iban=FUND_IBAN, bic="ABNANL2A")
    members = [
        factories.member(fund=fund, legal_name=name, committed=committed)
        for name, committed in (
            ("Stichting Vlietland Werkt", "100000.00"),
            ("Stichting Buurtkracht", "33333.33"),
            ("Stichting Groene Hoek", "16666.67"),
        )
    ]
    co_investors = [factories.user(Role.CO_INVESTOR, member=m) for m in members]
    manager = factories.user(Role.FUND_MANAGER, fund=fund)
    return fund, members, co_investors, manager


def _produce_notices(fund, today) -> list[ReportRun]:
    runs = [run for run in member_notices_request(today=today) if run.fund_id == fund.pk]
    for run in runs:
        for document_id in report_run_prepare(run_id=run.pk):
            report_document_produce(document_id=document_id)
        run.refresh_from_db()
    return runs


def _text(document: ReportDocument) -> str:
    return pdf_text(default_storage.path(document.source.file.name)).replace("\xa0", " ")


def test_a_capital_call_notice_names_amount_due_date_iban_and_reference(vlietland, client):
    fund, members, co_investors, manager = vlietland
    # 15 % of 100,000.00 / 33,333.33 / 16,666.67: 15,000.00 / 4,999.9995 → 5,000.00 / 2,500.0005 → 2,500.00; the
    # total 150,000.00 × 15 % = 22,500.00 = 15,000.00 + 5,000.00 + 2,500.00 (no cent left over)
    call = capital_call_issue(
        actor=manager, fund=fund, call_date=D(2026, 8, 3), due_date=D(2026, 9, 1), percent=Decimal("15")
    )
    lines = {m.member_id: m for m in CapitalMovement.objects.filter(capital_call=call)}
    assert sum(m.amount.amount for m in lines.values()) == Decimal("22500.00")
    (run,) = _produce_notices(fund, D(2026, 8, 3))
    assert (run.report_type, run.period, run.status) == ("call_notice", "2026Q3", "done")
    documents = {d.member_id: d for d in run.documents.all()}
    assert len(documents) == 3
    text = _text(documents[members[1].pk])
    reference = lines[members[1].pk].reference
    grouped = " ".join(reference[i : i + 4] for i in range(0, len(reference), 4))
    assert "Stichting Buurtkracht" in text
    assert "€ 5.000,00" in text  # Dutch amounts on the Dutch notice
    assert "01-09-2026" in text  # the due date
    assert FUND_IBAN in text and grouped in text

    # e-mailed to the member's co-investor (each its own notice), once
    assert report_run_notify(run_id=run.pk) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in co_investors)
    assert mail.outbox[0].subject == "SIF Vlietland: Kapitaalopvraging (stortingsverzoek)"  # the Dutch notice
    assert report_run_notify(run_id=run.pk) == 0

    # downloadable by the member's co-investor and the fund's manager, not by another member's co-investor
    url = reverse("reporting:document_download", args=[documents[members[1].pk].pk])
    client.force_login(co_investors[1])
    assert client.get(url).status_code == 200
    client.force_login(co_investors[0])
    assert client.get(url).status_code == 404
    client.force_login(manager)
    assert client.get(url).status_code == 200

    # nothing more to request: each notice exists; a payment does not change it
    capital_contribution_record(
        actor=None, member=members[1], amount=Decimal("5000.00"), value_date=D(2026, 8, 20), capital_call=call
    )
    assert _produce_notices(fund, D(2026, 8, 21)) == []


def test_a_second_call_in_the_quarter_sends_only_its_own_notices(vlietland):
    fund, _members, _co_investors, manager = vlietland
    capital_call_issue(
        actor=manager, fund=fund, call_date=D(2026, 7, 1), due_date=D(2026, 7, 31), percent=Decimal("10")
    )
    assert len(_produce_notices(fund, D(2026, 7, 1))) == 1
    capital_call_issue(actor=manager, fund=fund, call_date=D(2026, 9, 1), due_date=D(2026, 9, 30), percent=Decimal("5"))
    (second,) = _produce_notices(fund, D(2026, 9, 1))
    statuses = sorted((d.recipient_key.split(":")[1], d.status) for d in second.documents.all())
    # the first call's three notices are unchanged (not rendered or sent again), the second call's three are new
    assert [s for _, s in statuses].count("unchanged") == 3 and [s for _, s in statuses].count("done") == 3
    assert report_run_notify(run_id=second.pk) == 3


def test_a_distribution_notice_names_the_share_and_the_members_iban(vlietland):
    fund, members, _co_investors, manager = vlietland
    call = capital_call_issue(
        actor=manager, fund=fund, call_date=D(2026, 7, 1), due_date=D(2026, 7, 31), percent=Decimal("15")
    )
    for member, paid in zip(members, ("15000.00", "5000.00", "2500.00"), strict=True):
        capital_contribution_record(
            actor=None, member=member, amount=Decimal(paid), value_date=D(2026, 7, 20), capital_call=call
        )
    # 1,000.00 pro rata to 15,000 / 5,000 / 2,500 (22,500): 666.666… → 666.67, 222.22, 111.11; the first takes
    # 1,000.00 − 222.22 − 111.11 = 666.67
    distribution = capital_distribution_declare(
        actor=manager, fund=fund, value_date=D(2026, 12, 15), amount=Decimal("1000.00")
    )
    runs = [r for r in _produce_notices(fund, D(2026, 12, 15)) if r.report_type == "distribution_notice"]
    (run,) = runs
    document = run.documents.get(member=members[2])
    text = _text(document)
    assert "€ 111,11" in text and members[2].organisation.iban in text and "15-12-2026" in text
    assert sorted(m.amount.amount for m in distribution.movements.all()) == [
        Decimal("111.11"),
        Decimal("222.22"),
        Decimal("666.67"),
    ]


def test_the_notice_names_only_the_approved_bank_account_not_one_awaiting_approval(vlietland):
    fund, members, _co_investors, manager = vlietland
    pending_iban = factories.iban()
    fund_bank_account_change_request(
        actor=manager, fund=fund, account_name="SIF Vlietland (nieuw)", iban=pending_iban, reason="Nieuwe bank"
    )
    capital_call_issue(actor=manager, fund=fund, call_date=D(2026, 8, 3), due_date=D(2026, 9, 1), percent=Decimal("5"))
    (run,) = _produce_notices(fund, D(2026, 8, 3))
    text = _text(run.documents.get(member=members[0]))
    assert FUND_IBAN in text and pending_iban not in text
