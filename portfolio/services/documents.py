"""Uploading an application's documents: checked by size and by content (not by name), stored privately.

A refused file leaves nothing behind: it is checked before anything is written, and a failed save removes it."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from fund.audit import audit_record
from fund.models import User
from fund.uploads import DOCUMENT_TYPES, FileType, size_check, upload_type_check
from portfolio.choices import AuditAction, DocumentKind
from portfolio.models import Application, ApplicationDocument
from portfolio.services.applications import application_editable_check
from portfolio.services.status import application_lock

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _size(uploaded: UploadedFile) -> int:
    """The file's size in bytes, measured when the upload does not say it."""
    return uploaded.size if uploaded.size is not None else sum(len(chunk) for chunk in uploaded.chunks())


def max_upload_bytes() -> int:
    return getattr(settings, "PORTFOLIO_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def document_file_check(uploaded: UploadedFile) -> tuple[FileType, str]:
    """Check size, extension and content; return the file type and the SHA-256, or raise a ValidationError on `file`."""
    size_check(size=_size(uploaded), limit=max_upload_bytes(), name=uploaded.name or "", field="file")
    file_type = upload_type_check(uploaded, allowed=DOCUMENT_TYPES, field="file")
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return file_type, digest.hexdigest()


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
