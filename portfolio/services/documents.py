"""Uploading an application's documents: checked by size and by content (not by name), stored privately.

A refused file leaves nothing behind: it is checked before anything is written, and a failed save removes it."""

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from fund.audit import audit_record
from fund.models import User
from portfolio.choices import AuditAction, DocumentKind
from portfolio.models import Application, ApplicationDocument
from portfolio.services.applications import application_editable_check
from portfolio.services.status import application_lock

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
_CONTENT_TYPES_MAX_BYTES = 1024 * 1024  # [Content_Types].xml is a few KB; more is not an Office file


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


PDF = FileType("pdf", "application/pdf", "PDF")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)")
FILE_TYPES = {t.extension: t for t in (PDF, XLSX, DOCX)}
# The part an Office Open XML package of each type must declare in [Content_Types].xml.
_MAIN_PART = {"xlsx": b"/xl/workbook.xml", "docx": b"/word/document.xml"}


def max_upload_bytes() -> int:
    return getattr(settings, "PORTFOLIO_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def sniff_file_type(head: bytes, data: IO[bytes]) -> str | None:
    """The type the content really is ("pdf", "xlsx", "docx"), or None; reads the magic bytes, never the name."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(data) as package:
            info = package.getinfo("[Content_Types].xml")
            if info.file_size > _CONTENT_TYPES_MAX_BYTES:
                return None
            content_types = package.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return None
    for extension, part in _MAIN_PART.items():
        if part in content_types:
            return extension
    return None


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _size(uploaded: UploadedFile) -> int:
    """The file's size in bytes, measured when the upload does not say it."""
    return uploaded.size if uploaded.size is not None else sum(len(chunk) for chunk in uploaded.chunks())


def document_file_check(uploaded: UploadedFile) -> tuple[FileType, str]:
    """Check size, extension and content; return the file type and the SHA-256, or raise a ValidationError on `file`."""
    limit = max_upload_bytes()
    name = uploaded.name or ""
    extension = _extension(name)
    size = _size(uploaded)
    if size > limit:
        raise ValidationError(
            {
                "file": [
                    _("“%(name)s” is %(size)s; files may be at most %(limit)s.")
                    % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
                ]
            }
        )
    if extension not in FILE_TYPES:
        raise ValidationError(
            {"file": [_("Upload a PDF, XLSX or DOCX file; “%(name)s” is none of these.") % {"name": name}]}
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    actual = sniff_file_type(head, uploaded.file) if uploaded.file is not None else None
    if actual != extension:
        raise ValidationError(
            {
                "file": [
                    _("“%(name)s” is named as %(expected)s but its content is not; nothing was saved.")
                    % {"name": name, "expected": FILE_TYPES[extension].label}
                ]
            }
        )
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return FILE_TYPES[extension], digest.hexdigest()


def document_upload(
    *, actor: User | None, application: Application, kind: str, uploaded: UploadedFile
) -> ApplicationDocument:
    """Store one document of an open or draft application privately, after checking it is what its name says."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": [_("Choose what kind of document this is.")]})
    file_type, sha256 = document_file_check(uploaded)
    document = None
    try:
        with transaction.atomic():
            application = application_lock(application)
            application_editable_check(application)
            document = ApplicationDocument(
                application=application,
                kind=kind,
                original_name=(uploaded.name or "")[:200],
                extension=file_type.extension,
                content_type=file_type.content_type,
                size=_size(uploaded),
                sha256=sha256,
                uploaded_by=actor if getattr(actor, "pk", None) else None,
            )
            document.file.save("upload", uploaded, save=False)
            document.save()
            audit_record(
                actor=actor,
                action=AuditAction.APPLICATION_DOCUMENT_UPLOADED,
                obj=application,
                changes={"documents": [None, f"{document.get_kind_display()}: {document.original_name}"]},
            )
    except BaseException:
        if document is not None and document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document
