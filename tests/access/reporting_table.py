"""URL access rows for the reporting app (see test_url_walk)."""

from tests.access.portfolio_table import BUURTKEUKEN, SPAARNE, application, loan
from tests.access.roles import expect


def report_document(fund_slug: str, report_type: str, recipient_key: str):
    """A produced document (with a small file), created on first use."""

    def kwargs() -> dict:
        from django.core.files.base import ContentFile

        from fund.models import Fund, Member, Municipality, Organisation
        from reporting.models import ReportDocument, ReportRun

        fund = Fund.objects.get(slug=fund_slug)
        run, _ = ReportRun.objects.get_or_create(
            fund=fund, report_type=report_type, period="2026Q3", defaults={"as_of": "2026-09-30", "status": "done"}
        )
        kind, _, ref = recipient_key.partition(":")
        scope = {
            "member": Member.objects.filter(fund=fund, organisation__legal_name=ref).first()
            if kind == "member"
            else None,
            "municipality": Municipality.objects.get(code=ref) if kind == "municipality" else None,
            "organisation": Organisation.objects.get(legal_name=ref) if kind == "organisation" else None,
        }
        key = recipient_key
        if scope["member"]:
            key = f"member:{scope['member'].pk}"
        if scope["organisation"]:
            key = f"organisation:{scope['organisation'].pk}"
        document = ReportDocument.objects.filter(run=run, recipient_key=key).first()
        if document is None:
            document = ReportDocument(
                run=run, recipient_key=key, recipient_label=ref or fund.name, status="done", version=1, pages=1, **scope
            )
            document.file.save(f"test/{key.replace(':', '-')}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
            document.tables_file.save(f"test/{key.replace(':', '-')}.xlsx", ContentFile(b"PK test"), save=True)
        return {"pk": document.pk}

    return kwargs


def _run(fund_slug: str):
    def kwargs() -> dict:
        from reporting.models import ReportDocument

        return {"pk": ReportDocument.objects.get(**report_document(fund_slug, "investor", "fund")()).run_id}

    return kwargs


MANAGERS_ONLY = expect(403, admin=200, manager=200)
RECIPIENTS = expect(200, ic=403)

TABLE = [
    ("reporting:ic_memo_pdf", application(BUURTKEUKEN), expect(403, admin=200, manager=200, ic=200)),
    ("reporting:ic_memo_pdf", application(SPAARNE), expect(403, admin=200, manager=200, ic=404)),
    ("reporting:document_list", {}, RECIPIENTS),
    ("reporting:run_list", {}, MANAGERS_ONLY),
    ("reporting:schedule_list", {}, expect(403, admin=200)),  # the jobs of every fund: administrators only
    ("reporting:run_detail", _run("sif-zkij"), MANAGERS_ONLY),
    ("reporting:run_retry", _run("sif-zkij"), expect(403, admin=405, manager=405)),
    (
        "reporting:document_download",
        report_document("sif-zkij", "municipality", "municipality:GM0392"),
        expect(404, admin=200, manager=200, haarlem=200, ic=403),
    ),
    (
        "reporting:document_tables",
        report_document("sif-zkij", "municipality", "municipality:GM0392"),
        expect(404, admin=200, manager=200, haarlem=200, ic=403),
    ),
    (
        "reporting:document_download",
        report_document("sif-zkij", "municipality", "municipality:GM0453"),
        expect(404, admin=200, manager=200, ic=403),
    ),
    (
        "reporting:document_download",
        report_document("sif-rotterdam", "investor", "fund"),
        expect(404, admin=200, manager=200, coinvestor=200, ic=403),
    ),
    (
        "reporting:document_download",
        report_document("sif-rotterdam", "investor", "member:Stichting Havenfonds Rotterdam"),
        expect(404, admin=200, manager=200, coinvestor=200, ic=403),
    ),
    (
        "reporting:document_download",
        report_document("sif-rotterdam", "impact", "fund"),
        expect(404, admin=200, manager=200, coinvestor=200, ic=403),
    ),
    (
        "reporting:document_download",
        report_document("sif-rotterdam", "statement", f"organisation:{BUURTKEUKEN}"),
        expect(404, admin=200, manager=200, investee=200, ic=403),
    ),
    (
        "reporting:document_download",
        report_document("sif-rotterdam", "investor", "member:Stichting Maasstad Vooruit"),
        expect(404, admin=200, manager=200, ic=403),
    ),
    ("reporting:loan_statement_pdf", loan(BUURTKEUKEN), expect(403, admin=200, manager=200, investee=200)),
    ("reporting:loan_statement_pdf", loan(SPAARNE), expect(403, admin=200, manager=200, investee=404)),
]
