"""Submitting and reviewing impact data.

State of a version (one table, moved only by the services below, under select_for_update on the request):
draft → submitted → returned | approved; approved → superseded (when a corrected version is approved).
A draft is the only editable version; a returned or approved version is corrected by a new version, which keeps
the old one visible in the history. After approval a correction needs a reason.
Four eyes: whoever entered figures in a version (saved a draft of it, uploaded it or submitted it; a fund manager
entering data on an investee's behalf) never approves it: another fund manager does (the service refuses it, and the
database refuses an approved version whose reviewer submitted it).
"""

import posixpath
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from fund.audit import audit_record
from fund.errors import DomainError
from fund.models import AuditEvent, User
from fund.uploads import EVIDENCE_MAX_BYTES, EVIDENCE_TYPES, size_check, upload_type_check
from impactmetrics.choices import AuditAction, RequestStatus, VersionStatus
from impactmetrics.models import DataRequest, Evidence, Metric, MetricValue, SubmissionVersion
from impactmetrics.services.validation import CheckResult, submission_values_check

VERSION_TRANSITIONS: dict[str, set[str]] = {
    VersionStatus.DRAFT: {VersionStatus.SUBMITTED},
    VersionStatus.SUBMITTED: {VersionStatus.RETURNED, VersionStatus.APPROVED},
    VersionStatus.APPROVED: {VersionStatus.SUPERSEDED},
}


@dataclass(frozen=True)
class SubmissionInput:
    """What the investee typed (or uploaded): raw text per metric code (or an exact number, from a numeric spreadsheet
    cell), comments and explanations per code, and the language the text is written in (empty: the active one)."""

    raw: dict[str, str | Decimal]
    comments: dict[str, str]
    explanations: dict[str, str]
    language: str = ""


def _move(version: SubmissionVersion, to: str) -> None:
    if to not in VERSION_TRANSITIONS.get(version.status, set()):
        raise DomainError(
            _("A %(from)s version cannot become %(to)s.")
            % {"from": version.get_status_display().lower(), "to": VersionStatus(to).label.lower()}
        )
    version.status = to


def request_metrics(request: DataRequest) -> list[Metric]:
    """The request's metrics in plan order, with the metrics they refer to loaded."""
    return [
        pm.metric
        for pm in request.plan.plan_metrics.select_related(
            "metric__part_of", "metric__numerator", "metric__denominator"
        ).order_by("position", "metric__code")
    ]


def _lock(request: DataRequest) -> DataRequest:
    return DataRequest.objects.select_for_update().select_related("plan").get(pk=request.pk)


def _latest(request: DataRequest) -> SubmissionVersion | None:
    return request.versions.order_by("-number").first()


def _new_version(
    *, actor: User | None, request: DataRequest, copy_from: SubmissionVersion | None, reason: str = ""
) -> SubmissionVersion:
    number = (request.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    reason = reason or (copy_from.reason if copy_from is not None else "")
    version = SubmissionVersion.objects.create(request=request, number=number, created_by=actor, reason=reason)
    if copy_from is not None:
        MetricValue.objects.bulk_create(
            [
                MetricValue(
                    version=version,
                    metric_id=v.metric_id,
                    value=v.value,
                    choice=v.choice,
                    comment=v.comment,
                    explanation=v.explanation,
                )
                for v in copy_from.values.all()
            ]
        )
    return version


def _editable_version(*, actor: User | None, request: DataRequest) -> SubmissionVersion:
    """The draft to write into: the latest version if it is a draft, else a new one (copying a returned version)."""
    latest = _latest(request)
    if latest is not None and latest.status == VersionStatus.DRAFT:
        return latest
    if request.status in (RequestStatus.OPEN, RequestStatus.RETURNED):
        return _new_version(actor=actor, request=request, copy_from=latest)
    if request.status == RequestStatus.SUBMITTED:
        raise DomainError(_("This report is waiting for the fund's review; it cannot be changed now."))
    raise DomainError(_("This report is approved; start a correction (with a reason) to change it."))


def _write_values(
    version: SubmissionVersion, checked: CheckResult, data: SubmissionInput, metrics: list[Metric]
) -> dict[str, list[str | None]]:
    """Replace the draft's values; returns {code: [old, new]} for the audit log."""
    old = {v.metric.code: v for v in version.values.select_related("metric")}
    version.values.all().delete()
    rows: list[MetricValue] = []
    changes: dict[str, list[str | None]] = {}
    for metric in metrics:
        if not metric.is_entered:
            continue
        clean = checked.values.get(metric.code)
        comment = (data.comments.get(metric.code) or "").strip()
        explanation = (data.explanations.get(metric.code) or "").strip()
        if clean is None and not comment and not explanation:
            continue
        value = MetricValue(
            version=version,
            metric=metric,
            value=clean.value if clean else None,
            choice=clean.choice if clean else "",
            comment=comment,
            explanation=explanation,
        )
        rows.append(value)
        before = old.get(metric.code)
        before_text = (str(before.value) if before.value is not None else before.choice) if before else None
        after_text = (str(value.value) if value.value is not None else value.choice) or None
        if before_text != after_text:
            changes[metric.code] = [before_text, after_text]
    MetricValue.objects.bulk_create(rows)
    return changes


def submission_values_save(
    *, actor: User, request: DataRequest, data: SubmissionInput, complete: bool
) -> tuple[SubmissionVersion, dict[str, list[str | None]]]:
    """Store the request's values as a new draft (or, `complete`, a version to submit) under a row lock; returns
    the version and the changes to audit. The caller records the audit event (the form and the XLSX upload)."""
    request = _lock(request)
    metrics = request_metrics(request)
    unknown = set(data.raw) - {m.code for m in metrics}
    if unknown:
        raise ValidationError(
            {"__all__": [_("Not in this request: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}]}
        )
    if request.status == RequestStatus.SUBMITTED:
        raise DomainError(_("This report is waiting for the fund's review; it cannot be changed now."))
    checked = submission_values_check(
        request=request,
        metrics=metrics,
        raw=data.raw,
        explanations=data.explanations,
        complete=complete,
        language=data.language or None,
    )
    version = _editable_version(actor=actor, request=request)
    changes = _write_values(version, checked, data, metrics)
    return version, changes


@transaction.atomic
def submission_draft_save(*, actor: User, request: DataRequest, data: SubmissionInput) -> SubmissionVersion:
    """Save what was typed as a draft. Only the type and range of typed values are checked; nothing is submitted."""
    version, changes = submission_values_save(actor=actor, request=request, data=data, complete=False)
    audit_record(actor=actor, action=AuditAction.SUBMISSION_DRAFT_SAVED, obj=version, changes=changes)
    return version


@transaction.atomic
def submission_submit(*, actor: User, request: DataRequest, data: SubmissionInput) -> SubmissionVersion:
    """Check everything and hand the values in for review. Nothing is saved when anything is wrong."""
    version, changes = submission_values_save(actor=actor, request=request, data=data, complete=True)
    _move(version, VersionStatus.SUBMITTED)
    now = timezone.now()
    version.submitted_by, version.submitted_at = actor, now
    version.save()
    request = version.request
    if request.status != RequestStatus.APPROVED or version.reason:
        request.status = RequestStatus.SUBMITTED
    request.submitted_at = request.submitted_at or now
    request.save(update_fields=["status", "submitted_at"])
    audit_record(
        actor=actor,
        action=AuditAction.SUBMISSION_SUBMITTED,
        obj=version,
        changes=changes | {"status": ["draft", "submitted"]},
    )
    return version


def _submitted_version(version: SubmissionVersion) -> SubmissionVersion:
    _lock(version.request)
    return SubmissionVersion.objects.select_related("request").get(pk=version.pk)


@transaction.atomic
def submission_return(
    *, actor: User, version: SubmissionVersion, comments: dict[str, str], general_comment: str = ""
) -> SubmissionVersion:
    """Send a submitted version back to the investee with a comment per value that needs correcting."""
    version = _submitted_version(version)
    comments = {code: text.strip() for code, text in comments.items() if text and text.strip()}
    if not comments and not general_comment.strip():
        raise ValidationError({"__all__": [_("Say what needs correcting: comment on at least one value.")]})
    values = {v.metric.code: v for v in version.values.select_related("metric")}
    unknown = set(comments) - set(values)
    if unknown:
        raise ValidationError(
            {"__all__": [_("No value for %(codes)s in this version.") % {"codes": ", ".join(sorted(unknown))}]}
        )
    _move(version, VersionStatus.RETURNED)
    for code, text in comments.items():
        values[code].review_comment = text
        values[code].save(update_fields=["review_comment"])
    version.reviewed_by, version.reviewed_at, version.review_comment = actor, timezone.now(), general_comment.strip()
    version.save()
    request = version.request
    if request.status != RequestStatus.APPROVED:
        request.status = RequestStatus.RETURNED
        request.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.SUBMISSION_RETURNED,
        obj=version,
        changes={f"comment {code}": [None, text] for code, text in comments.items()}
        | {"status": ["submitted", "returned"]},
    )
    return version


ENTERING_ACTIONS = (
    AuditAction.SUBMISSION_DRAFT_SAVED,
    AuditAction.SUBMISSION_UPLOADED,
    AuditAction.SUBMISSION_SUBMITTED,
)


def version_entered_by(version: SubmissionVersion) -> set[int]:
    """The users who put figures into `version`: its submitter and whoever saved or uploaded a draft of it (read from
    the audit trail, which records each of those writes)."""
    entered = set(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(SubmissionVersion),
            object_id=str(version.pk),
            action__in=ENTERING_ACTIONS,
            actor__isnull=False,
        ).values_list("actor_id", flat=True)
    )
    return entered | ({version.submitted_by_id} if version.submitted_by_id else set())


@transaction.atomic
def submission_approve(*, actor: User, version: SubmissionVersion, comment: str = "") -> SubmissionVersion:
    """Approve a submitted version: from now on its values count in aggregates, replacing any earlier approval.

    Refused to anyone who entered figures in it (four eyes: a manager who typed an investee's figures has another
    fund manager approve them)."""
    version = _submitted_version(version)
    if actor.pk in version_entered_by(version):
        raise DomainError(_("You entered figures in this report; another fund manager must approve it (four eyes)."))
    _move(version, VersionStatus.APPROVED)
    now = timezone.now()
    for earlier in SubmissionVersion.objects.filter(request=version.request, status=VersionStatus.APPROVED):
        _move(earlier, VersionStatus.SUPERSEDED)
        earlier.superseded_at = now
        earlier.save(update_fields=["status", "superseded_at"])
    version.reviewed_by, version.reviewed_at, version.approved_at = actor, now, now
    version.review_comment = comment.strip()
    version.save()
    request = version.request
    request.status, request.approved_at = RequestStatus.APPROVED, now
    request.save(update_fields=["status", "approved_at"])
    audit_record(
        actor=actor, action=AuditAction.SUBMISSION_APPROVED, obj=version, changes={"status": ["submitted", "approved"]}
    )
    return version


@transaction.atomic
def submission_correction_start(*, actor: User, request: DataRequest, reason: str) -> SubmissionVersion:
    """Open a new draft version of an approved report to correct it; the approved values keep counting until the
    corrected version is approved."""
    request = _lock(request)
    if request.status != RequestStatus.APPROVED:
        raise DomainError(_("Only an approved report is corrected this way."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the approved values need correcting.")]})
    latest = _latest(request)
    if latest is not None and latest.status in (VersionStatus.DRAFT, VersionStatus.SUBMITTED):
        raise DomainError(_("A correction of this report is already under way."))
    approved = request.versions.get(status=VersionStatus.APPROVED)
    version = _new_version(actor=actor, request=request, copy_from=approved, reason=reason.strip())
    audit_record(
        actor=actor, action=AuditAction.SUBMISSION_CORRECTION_STARTED, obj=version, changes={"reason": [None, reason]}
    )
    return version


@transaction.atomic
def evidence_add(*, actor: User, request: DataRequest, file: UploadedFile, name: str = "") -> Evidence:
    """Attach an evidence file to the request's draft (created when there is none), keeping its original file name.

    Refused (ValidationError on `evidence`, nothing kept) when it is over the size cap or its content is not one of
    PDF, PNG, JPEG, XLSX, DOCX or CSV matching its name; the stored content type is the one its content showed."""
    label = _("Evidence")
    size_check(size=file.size or 0, limit=EVIDENCE_MAX_BYTES, name=file.name or "", field="evidence", label=label)
    file_type = upload_type_check(file, allowed=EVIDENCE_TYPES, field="evidence", label=label)
    request = _lock(request)
    version = _editable_version(actor=actor, request=request)
    original_name = posixpath.basename((file.name or "").replace("\\", "/"))[:200] or "evidence"
    evidence = Evidence.objects.create(
        version=version,
        file=file,
        name=(name.strip() or original_name)[:200],
        original_name=original_name,
        content_type=file_type.content_type,
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.SUBMISSION_EVIDENCE_ADDED,
        obj=version,
        changes={"evidence": [None, evidence.name]},
    )
    return evidence
