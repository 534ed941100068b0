"""Uploads are checked by content and size; a refused file leaves nothing behind."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fund.models import AuditEvent
from portfolio.models import ApplicationDocument
from portfolio.services.documents import document_upload
from tests.portfolio.conftest import new_application, pdf

pytestmark = pytest.mark.django_db


def office_file(name: str, main_part: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override PartName="{main_part}" ContentType="x"/></Types>',
        )
        package.writestr(main_part.lstrip("/"), "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def stored_files(location) -> list:
    return [p for p in location.rglob("*") if p.is_file()] if location.exists() else []


def test_a_pdf_and_office_files_are_stored_privately_with_their_original_names(demo, private_storage):
    app = new_application(demo)
    document = document_upload(
        actor=demo.investee, application=app, kind="business_plan", uploaded=pdf("Plan 2026.pdf")
    )
    sheet = document_upload(
        actor=demo.investee, application=app, kind="forecast", uploaded=office_file("prognose.xlsx", "/xl/workbook.xml")
    )
    word = document_upload(
        actor=demo.investee, application=app, kind="other", uploaded=office_file("brief.docx", "/word/document.xml")
    )
    assert (document.original_name, document.content_type) == ("Plan 2026.pdf", "application/pdf")
    assert sheet.extension == "xlsx" and word.extension == "docx"
    assert len(stored_files(private_storage)) == 3
    assert "Plan 2026" not in document.file.name  # the stored name never comes from the user
    assert AuditEvent.objects.filter(action="application.document_uploaded", object_id=str(app.pk)).count() == 3


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf"), "named as PDF but its content is not"),
        (lambda: office_file("plan.pdf", "/word/document.xml"), "named as PDF but its content is not"),
        (lambda: office_file("cijfers.xlsx", "/word/document.xml"), "named as Excel (XLSX) but its content is not"),
        (lambda: SimpleUploadedFile("plan.docx", b"PK\x03\x04broken zip"), "named as Word (DOCX)"),
        (lambda: pdf("plan.exe"), "Upload a PDF, XLSX or DOCX file"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_kept(demo, private_storage, upload, message):
    app = new_application(demo)
    with pytest.raises(ValidationError) as exc:
        document_upload(actor=demo.investee, application=app, kind="business_plan", uploaded=upload())
    assert message in exc.value.message_dict["file"][0]
    assert not ApplicationDocument.objects.filter(application=app).exists()
    assert stored_files(private_storage) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_kept(demo, private_storage, settings):
    settings.PORTFOLIO_MAX_UPLOAD_BYTES = 1024
    app = new_application(demo)
    with pytest.raises(ValidationError) as exc:
        document_upload(
            actor=demo.investee, application=app, kind="annual_accounts", uploaded=pdf(content=b"%PDF-" + b"0" * 1100)
        )
    assert exc.value.message_dict["file"] == ["“plan.pdf” is 1.1\xa0KB; files may be at most 1.0\xa0KB."]
    assert stored_files(private_storage) == [] and not app.documents.exists()
