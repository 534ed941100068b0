"""Uploads are refused by size before they are read, by content against an allow-list, and an XLSX by hard caps on
what it holds, counted while reading: a tiny file that declares or streams a million rows is refused with a message
naming the limit while the test process stays under 300 MB."""

import datetime
import io
import itertools
import resource
import zipfile
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from fund.uploads import (
    BANK_STATEMENT_MAX_BYTES,
    MB,
    XLSX_MAX_ROWS,
    upload_read,
    xlsx_read,
)
from impactmetrics.models import DataRequest, Evidence
from impactmetrics.services.submissions import evidence_add
from portfolio.models import BankStatementImport
from portfolio.services.bank import StatementImportError, bank_statement_import

pytestmark = pytest.mark.django_db
RSS_LIMIT_BYTES = 300 * MB
BUURTKEUKEN = "Buurtkeuken Delfshaven B.V."


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports kilobytes


@pytest.fixture(autouse=True)
def _stays_under_300_mb():
    yield
    assert peak_rss_bytes() < RSS_LIMIT_BYTES, f"peak RSS {peak_rss_bytes() / MB:.0f} MB"


def _workbook_with_sheet(sheet_xml_chunks) -> bytes:
    """A real workbook (made by openpyxl) whose sheet XML is replaced by `sheet_xml_chunks`, streamed into the zip."""
    base = io.BytesIO()
    workbook = Workbook()
    workbook.active.title = "Impact"
    workbook.save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with target.open(item.filename, "w") as handle:
                    for chunk in sheet_xml_chunks:
                        handle.write(chunk.encode())
            else:
                target.writestr(item, source.read(item.filename))
    return out.getvalue()


def _sheet(dimension: str, rows) -> Iterator[str]:
    """The sheet's XML in pieces, the rows taken one by one from `rows` (so a test never holds them all)."""
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>'
    )
    return itertools.chain([head], rows, ["</sheetData></worksheet>"])


def _row(number: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{value}</t></is></c>' for i, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def _refusal(content: bytes) -> str:
    with pytest.raises(ValidationError) as exc:
        xlsx_read(content, field="file", label="Template")
    return exc.value.message_dict["file"][0]


def test_a_sheet_declaring_a_million_rows_is_read_by_the_rows_it_really_has():
    content = _workbook_with_sheet(_sheet("A1:XFD1048576", [_row(1, ["Code", "Value"]), _row(2, ["OD9151", "42"])]))
    assert len(content) < 10_000  # a tiny file
    assert xlsx_read(content, field="file").rows == [["Code", "Value"], ["OD9151", "42"]]


def test_a_tiny_file_whose_last_row_is_number_a_million_is_refused_at_the_row_limit():
    content = _workbook_with_sheet(_sheet("A1:Z1000000", [_row(1, ["Code", "Value"]), _row(1_000_000, ["x", "1"])]))
    assert len(content) < 10_000
    assert _refusal(content) == "Template: The sheet has more than 5000 rows; at most 5000 are read."
    assert XLSX_MAX_ROWS == 5000


def test_a_file_streaming_seven_hundred_thousand_rows_is_refused_at_the_row_limit():
    # rows and cells without a reference follow each other: 26 bytes a row, 18.2 MB unpacked (under the 20 MB cap)
    rows = ("<row><c><v>1</v></c></row>" for _ in range(700_000))
    content = _workbook_with_sheet(_sheet("A1:B1000000", rows))
    assert len(content) < 2 * MB  # under the template's size cap, so the row cap is what refuses it
    assert _refusal(content) == "Template: The sheet has more than 5000 rows; at most 5000 are read."


def test_a_row_wider_than_fifty_columns_is_refused():
    wide = "".join(f'<c r="{col}1"><v>1</v></c>' for col in ("A", "B", "AZ", "BA"))  # BA is column 53
    content = _workbook_with_sheet(_sheet("A1:BA1", [f'<row r="1">{wide}</row>']))
    assert _refusal(content) == "Template: A row of the sheet has more than 50 columns; at most 50 are read."


def test_more_than_a_hundred_thousand_filled_cells_are_refused():
    # 2,100 rows of 50 filled cells = 105,000 cells > 100,000, within the row and column caps
    cells = "<c><v>1</v></c>" * 50  # cells without a reference take the next column
    rows = (f'<row r="{n}">{cells}</row>' for n in range(1, 2101))
    content = _workbook_with_sheet(_sheet("A1:AX2100", rows))
    assert _refusal(content) == "Template: The sheet has more than 100000 filled cells; at most 100000 are read."


def test_a_zip_bomb_is_refused_before_its_sheet_is_read():
    padding = (" " * MB for _ in range(100))  # 100 MB of white space: compresses to about 100 KB
    content = _workbook_with_sheet(_sheet("A1:A1", padding))
    assert len(content) < 1 * MB
    assert (
        _refusal(content) == "Template: The workbook unpacks to more than 20.0\xa0MB; upload the template as generated."
    )


def test_a_half_gigabyte_upload_is_refused_by_its_size_without_being_read():
    # A sparse temporary file (as Django keeps a large upload on disk): reading it would take 500 MB of memory.
    upload = TemporaryUploadedFile("afschrift.xml", "application/xml", 500 * MB, None)
    upload.file.truncate(500 * MB)
    with pytest.raises(ValidationError) as exc:
        upload_read(upload, limit=BANK_STATEMENT_MAX_BYTES, field="file")
    assert exc.value.message_dict["file"] == ["“afschrift.xml” is 500.0\xa0MB; files may be at most 5.0\xa0MB."]
    upload.close()


def test_a_bank_statement_over_five_megabytes_is_refused_by_the_service(demo):
    with pytest.raises(StatementImportError, match=r"larger than 5\.0"):
        bank_statement_import(
            actor=demo.manager, fund=demo.rotterdam_fund, file_name="x.xml", content=b"<" + b" " * (5 * MB)
        )


# ---- pages: oversized uploads are refused with a message ----------------------------------------------------------


def _open_request() -> DataRequest:
    return DataRequest.objects.get(plan__organisation__legal_name=BUURTKEUKEN, period_end=datetime.date(2026, 9, 30))


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_an_oversized_template_and_evidence_are_refused_on_the_investee_page(english, demo):
    request = _open_request()
    english.force_login(demo.investee)
    url = reverse("impact:request_detail", args=[request.pk])
    big = SimpleUploadedFile("cijfers.xlsx", b"PK\x03\x04" + b"\0" * (3 * MB))
    page = english.post(url, {"action": "upload", "file": big}).content.decode()
    assert "Template: “cijfers.xlsx” is 3.0\xa0MB; files may be at most 2.0\xa0MB." in page
    scan = SimpleUploadedFile("loonstrook.pdf", b"%PDF-1.4" + b"\0" * (11 * MB))
    page = english.post(url, {"action": "evidence", "evidence": scan}).content.decode()
    assert "Evidence: “loonstrook.pdf” is 11.0\xa0MB; files may be at most 10.0\xa0MB." in page
    assert not Evidence.objects.filter(version__request=request, original_name="loonstrook.pdf").exists()


def test_an_oversized_bank_statement_is_refused_on_the_page_and_in_the_api(english, demo):
    english.force_login(demo.manager)
    fund = demo.rotterdam_fund
    before = BankStatementImport.objects.count()
    big = SimpleUploadedFile("afschrift.xml", b"<" + b" " * (6 * MB))
    page = english.post(reverse("portfolio:bank_statements", args=[fund.slug]), {"file": big}, follow=True)
    assert "The file was not imported: “afschrift.xml” is 6.0\xa0MB; files may be at most 5.0\xa0MB." in (
        page.content.decode()
    )
    big.seek(0)
    response = english.post(reverse("portfolio_api:bank_statement_upload", args=[fund.slug]), {"file": big})
    assert response.status_code == 400
    assert response.json() == {"file": ["“afschrift.xml” is 6.0\xa0MB; files may be at most 5.0\xa0MB."]}
    assert BankStatementImport.objects.count() == before


# ---- evidence: checked by content against an allow-list -------------------------------------------------------------


def _xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="x"/></Types>',
        )
        package.writestr("word/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("loonoverzicht.pdf", b"%PDF-1.7 payroll", "application/pdf"),
        ("foto.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "image/png"),
        ("foto.jpeg", b"\xff\xd8\xff\xe0\0\x10JFIF", "image/jpeg"),
        ("uren.xlsx", _xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("brief.docx", _docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("deelnemers.csv", "naam;uren\nAïcha;12\n".encode(), "text/csv"),
    ],
)
def test_evidence_of_each_allowed_type_is_kept_with_the_type_its_content_shows(demo, name, content, content_type):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    evidence = evidence_add(actor=demo.investee, request=_open_request(), file=upload)
    assert (evidence.original_name, evidence.content_type) == (name, content_type)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "setup.exe",
            b"MZ\x90\0",
            "Evidence: Upload a PDF, PNG, JPEG, XLSX, DOCX or CSV file; “setup.exe” is none of these.",
        ),
        (
            "loonoverzicht.pdf",
            b"MZ\x90\0 a program",
            "Evidence: “loonoverzicht.pdf” is named as PDF but its content is not; nothing was saved.",
        ),
        (
            "uren.xlsx",
            _docx_bytes(),
            "Evidence: “uren.xlsx” is named as Excel (XLSX) but its content is not; nothing was saved.",
        ),
        (
            "lijst.csv",
            b"naam\0\x01\x02binary",
            "Evidence: “lijst.csv” is named as CSV but its content is not; nothing was saved.",
        ),
    ],
)
def test_evidence_that_is_not_an_allowed_type_is_refused_naming_the_field(demo, name, content, message):
    request = _open_request()
    with pytest.raises(ValidationError) as exc:
        evidence_add(actor=demo.investee, request=request, file=SimpleUploadedFile(name, content))
    assert exc.value.message_dict == {"evidence": [message]}
    assert not Evidence.objects.filter(version__request=request, original_name=name).exists()


def test_django_keeps_large_uploads_on_disk_and_limits_form_fields(settings):
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * MB  # larger files go to a temporary file, not memory
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * MB
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 2000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 10
