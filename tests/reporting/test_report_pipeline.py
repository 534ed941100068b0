"""The report pipeline through its services: one document per recipient, rendered once, re-rendered only when its
inputs change. (The worker tests drive the same services through a real Celery worker.)"""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from fund.choices import MemberKind
from fund.models import Fund, Member
from fund.services.capital import capital_contribution_record
from reporting.models import ReportDocument, ReportRun
from reporting.services import report_document_produce, report_run_prepare, report_run_request
from tests import factories
from tests.reporting.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def spaarnestad(db) -> Fund:
    """SIF Spaarnestad, in Haarlem, Velsen and Heemstede. Members: Gemeente Haarlem (1,000,000), Gemeente Velsen
    (500,000) and Stichting Kennemer Fonds (250,000): 1,750,000 committed. Loans paid out to Spaarne Werkt (Haarlem)
    and IJmond Circulair (Velsen); none to anyone in Heemstede."""
    fund = factories.fund(name="SIF Spaarnestad", region_codes=("GM0392", "GM0453", "GM0397"))
    for name, postcode, code, committed in (
        ("Haarlem", "2011 AB", "GM0392", "1000000.00"),
        ("Velsen", "1951 AB", "GM0453", "500000.00"),
    ):
        factories.member(
            fund=fund,
            organisation=factories.organisation(
                legal_name=f"Gemeente {name}", postcode=postcode, legal_form="public_body", is_investee=False
            ),
            kind=MemberKind.MUNICIPALITY,
            municipality=code,
            committed=committed,
        )
    factories.member(fund=fund, legal_name="Stichting Kennemer Fonds", committed="250000.00")
    requester, approver = (factories.user("fund_manager", fund=fund) for _ in range(2))
    for name, postcode in (("Spaarne Werkt B.V.", "2031 CC"), ("IJmond Circulair B.V.", "1971 EN")):
        factories.loan(
            fund=fund,
            organisation=factories.organisation(legal_name=name, postcode=postcode),
            requester=requester,
            approver=approver,
            amount="60000",
            rate="4",
            term=36,
            disbursed_on=datetime.date(2026, 2, 2),
        )
    return fund


def _produce(fund, report_type: str, period: str = "2026Q3", language: str = "nl") -> ReportRun:
    run = report_run_request(fund=fund, report_type=report_type, period=period, requested_by=None, language=language)
    for document_id in report_run_prepare(run_id=run.pk):
        report_document_produce(document_id=document_id)
    run.refresh_from_db()
    return run


def _text(document: ReportDocument) -> str:
    return pdf_text(default_storage.path(document.source.file.name))


def test_investor_run_gives_a_fund_report_and_one_capital_account_per_member(spaarnestad):
    run = _produce(spaarnestad, "investor")
    assert run.status == "done" and run.finished_at is not None
    documents = {d.recipient_key: d for d in run.documents.all()}
    assert len(documents) == 4  # the fund report and three members
    fund_doc = documents["fund"]
    assert (fund_doc.status, fund_doc.version) == ("done", 1) and fund_doc.pages >= 2
    text = _text(fund_doc)
    # the quarter as a Dutch reader writes it (issue 10: the period once read as the code "2026Q3")
    assert "SIF Spaarnestad" in text and "3e kwartaal 2026" in text and "2026Q3" not in text
    assert "€ 1.750.000,00" in text.replace("\xa0", " ")  # committed by the three members, Dutch formatting
    assert f"pagina {fund_doc.pages} van {fund_doc.pages}" in text  # the last page's footer, in Dutch by default


def test_a_report_in_english_on_request(spaarnestad):
    run = _produce(spaarnestad, "investor", language="en")
    text = _text(run.documents.get(recipient_key="fund")).replace("\xa0", " ")
    assert "page 1 of" in text and "Quarterly investor report" in text and "€1,750,000.00" in text


def test_a_members_capital_account_shows_its_own_figures_only(spaarnestad):
    run = _produce(spaarnestad, "investor")
    haarlem = Member.objects.get(fund=spaarnestad, organisation__legal_name="Gemeente Haarlem")
    text = _text(run.documents.get(member=haarlem)).replace("\xa0", " ")
    assert "Gemeente Haarlem" in text and "€ 1.000.000,00" in text  # committed
    assert "Velsen" not in text and "Kennemer" not in text


def test_a_municipality_report_names_its_municipality_and_only_its_own_figures(spaarnestad):
    run = _produce(spaarnestad, "municipality")
    assert run.documents.count() == 3  # the three municipalities of the fund's region
    text = _text(run.documents.get(recipient_key="municipality:GM0392")).replace("\xa0", " ")
    assert "Haarlem" in text and "€ 1.000.000,00" in text and "Spaarne Werkt" in text
    assert "Velsen" not in text and "IJmond Circulair" not in text


def test_re_running_an_unchanged_period_renders_nothing(spaarnestad):
    first = _produce(spaarnestad, "investor")
    second = _produce(spaarnestad, "investor")
    assert set(second.documents.values_list("status", flat=True)) == {"unchanged"}
    for document in second.documents.all():
        assert document.source == first.documents.get(recipient_key=document.recipient_key)
        assert not document.file


def test_a_changed_contribution_re_renders_only_the_documents_that_show_it(spaarnestad):
    first = _produce(spaarnestad, "investor")
    velsen = Member.objects.get(fund=spaarnestad, organisation__legal_name="Gemeente Velsen")
    capital_contribution_record(
        actor=None, member=velsen, amount=Decimal("1000.00"), value_date=datetime.date(2026, 8, 1)
    )
    second = _produce(spaarnestad, "investor")
    changed = {d.recipient_key: d.version for d in second.documents.filter(status="done")}
    assert changed == {"fund": 2, f"member:{velsen.pk}": 2}
    assert second.documents.filter(status="unchanged").count() == 2  # Haarlem's and the foundation's
    old = first.documents.get(recipient_key="fund")
    assert default_storage.exists(old.file.name)  # the earlier version stays downloadable


def test_a_bad_period_is_refused_naming_the_field(spaarnestad):
    with pytest.raises(ValidationError) as excinfo:
        report_run_request(fund=spaarnestad, report_type="investor", period="2026-3", requested_by=None)
    assert list(excinfo.value.message_dict) == ["period"]


def test_a_document_needs_a_fixed_number_of_queries_whatever_the_fund_size(demo, django_assert_max_num_queries):
    run = report_run_request(fund=demo.rotterdam_fund, report_type="investor", period="2026Q3", requested_by=None)
    fund_document = next(
        i for i in report_run_prepare(run_id=run.pk) if ReportDocument.objects.get(pk=i).recipient_key == "fund"
    )
    with django_assert_max_num_queries(35):
        report_document_produce(document_id=fund_document)


def test_the_tables_behind_a_report_come_as_a_workbook_beside_the_pdf(spaarnestad):
    from openpyxl import load_workbook

    run = _produce(spaarnestad, "investor")
    document = run.documents.get(recipient_key="fund")
    with default_storage.open(document.tables_file.name, "rb") as handle:
        workbook = load_workbook(handle)
    capital = workbook.worksheets[0]
    rows = [[c.value for c in row] for row in capital.iter_rows()]
    assert rows[1][2] == 1750000  # committed this quarter, the same figure as in the PDF
    assert len(workbook.worksheets) == 5  # capital, capital by kind of member, impact, loan tape, portfolio quality


def test_the_yearly_impact_report_shows_sroi_with_its_assumptions(demo):
    run = _produce(demo.rotterdam_fund, "impact", period="2026Q3")
    document = run.documents.get()
    text = _text(document).replace("\xa0", " ")
    assert "SIF Rotterdam" in text and "2026" in text
    # The demo's SROI is the hand-checked example: 10 people, EUR 20,000, 25/10/20/30 %, 3 years, 3.5 %, EUR 150,000
    assert "€ 222.652,04" in text and "1,48" in text and "€ 20.000,00" in text
    assert "Buurtkeuken 2025: mensen aan het werk" in text  # the demo's SROI analysis, titled in Dutch


def test_the_investor_reports_par30_is_the_selectors(demo):
    from django.utils import formats, translation

    from portfolio.selectors.quality import portfolio_figures

    run = _produce(demo.rotterdam_fund, "investor")
    text = _text(run.documents.get(recipient_key="fund")).replace("\xa0", " ")
    figures = portfolio_figures(fund=demo.rotterdam_fund, as_of=datetime.date(2026, 9, 30))
    with translation.override("nl"):
        expected = "—" if figures.par30_ratio is None else f"{formats.number_format(figures.par30_ratio, 2)} %"
    assert re.search(rf"{re.escape(expected)}\s+PAR30", text), expected  # the highlight: the figure above its label


def test_an_investee_statement_per_investee_with_loans_paid_out(spaarnestad):
    from portfolio.models import LoanSnapshot

    run = _produce(spaarnestad, "statement")
    expected = set(
        LoanSnapshot.objects.filter(fund=spaarnestad, as_of=datetime.date(2026, 9, 30)).values_list(
            "loan__organisation__legal_name", flat=True
        )
    )
    assert expected == {"Spaarne Werkt B.V.", "IJmond Circulair B.V."}  # the two paid out in February
    assert {d.organisation.legal_name for d in run.documents.select_related("organisation")} == expected
    for document in run.documents.all()[:2]:
        text = _text(document)
        assert document.recipient_label in text and "3e kwartaal 2026" in text  # once the code "2026Q3"


def test_report_pdfs_are_tagged_for_accessibility(spaarnestad):
    import subprocess

    run = _produce(spaarnestad, "municipality")
    path = default_storage.path(run.documents.get(recipient_key="municipality:GM0392").file.name)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)


def test_a_changed_repayment_re_renders_only_the_documents_that_show_it(demo):
    from django.db.models import Max

    from portfolio.models import Loan
    from portfolio.services.ledger import repayment_post

    investor = _produce(demo.rotterdam_fund, "investor")
    municipality = _produce(demo.rotterdam_fund, "municipality")
    zkij = _produce(demo.zkij_fund, "municipality")
    loan = (
        Loan.objects.filter(fund=demo.rotterdam_fund, status__in=["active", "restructured"])
        .annotate(terms_from=Max("schedule_versions__effective_from"))
        .filter(terms_from__lt=datetime.date(2026, 8, 14))
        .order_by("reference")
        .first()
    )
    repayment_post(actor=demo.manager, loan=loan, value_date=datetime.date(2026, 8, 14), amount=Decimal("1000.00"))

    again = {t: _produce(f, t) for f, t in ((demo.rotterdam_fund, "investor"), (demo.rotterdam_fund, "municipality"))}
    # the shared investor report (activity, quality, tape) and Rotterdam's municipality report show the repayment
    assert {d.recipient_key for d in again["investor"].documents.filter(status="done")} == {"fund"}
    assert again["investor"].documents.filter(status="unchanged").count() == investor.documents.count() - 1
    assert {d.recipient_key for d in again["municipality"].documents.filter(status="done")} == {"municipality:GM0599"}
    assert municipality.documents.get().version == 1 and again["municipality"].documents.get().version == 2
    # another fund's reports do not depend on it
    assert set(_produce(demo.zkij_fund, "municipality").documents.values_list("status", flat=True)) == {"unchanged"}
    assert zkij.documents.count() == 7
