"""What the buttons on a request's page do: each action runs one service, and its refusal becomes the page's errors."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from fund import access
from fund.errors import DomainError
from fund.http import AuthenticatedHttpRequest
from fund.uploads import XLSX_TEMPLATE_MAX_BYTES, upload_read
from impactmetrics.models import DataRequest, Metric
from impactmetrics.services.submissions import (
    SubmissionInput,
    evidence_add,
    submission_approve,
    submission_correction_start,
    submission_draft_save,
    submission_return,
    submission_submit,
)
from impactmetrics.services.validation import comment_key, explanation_key, value_key
from impactmetrics.services.xlsx import submission_upload


@dataclass(frozen=True)
class ActionOutcome:
    """Where to go after an action (None: show the page again with the errors)."""

    response: HttpResponse | None
    # the service's errors by field (value_<code>, explanation_<code>, file, ...)
    errors: dict[str, list[str]] = field(default_factory=dict)
    # the messages that belong to no figure of the form
    general: list[str] = field(default_factory=list)


def posted_submission_input(post, metrics: list[Metric]) -> SubmissionInput:
    """The figures, comments and explanations typed in the form, for the entered metrics."""
    codes = [m.code for m in metrics if m.is_entered]
    return SubmissionInput(
        raw={c: post.get(value_key(c), "") for c in codes},
        comments={c: post.get(comment_key(c), "") for c in codes},
        explanations={c: post.get(explanation_key(c), "") for c in codes},
    )


def _to_review(data_request: DataRequest) -> HttpResponse:
    """Back to the review on the request's page: the reviewer stays where they were working."""
    return redirect(reverse("impact:request_detail", args=[data_request.pk]) + "#review")


def request_action_run(
    request: AuthenticatedHttpRequest, data_request: DataRequest, metrics: list[Metric]
) -> ActionOutcome:
    """Run the action the POST names (save, submit, upload, evidence, approve, return, correct); an action the user
    may not take is refused with 403."""
    action = request.POST.get("action", "")
    user = request.user
    manager = access.can_manage_fund(user, data_request.plan.fund)
    latest = data_request.versions.order_by("-number").first()
    try:
        if action in ("save", "submit"):
            service = submission_draft_save if action == "save" else submission_submit
            service(actor=user, request=data_request, data=posted_submission_input(request.POST, metrics))
            messages.success(request, _("Draft saved.") if action == "save" else _("Submitted for review. Thank you."))
        elif action == "upload":
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError({"file": [_("Choose the filled-in template to upload.")]})
            content = upload_read(upload, limit=XLSX_TEMPLATE_MAX_BYTES, field="file", label=_("Template"))
            submission_upload(actor=user, request=data_request, content=content, file_name=upload.name or "")
            messages.success(request, _("Template read and saved as a draft; check the values and submit."))
        elif action == "evidence":
            upload = request.FILES.get("evidence")
            if upload is None:
                raise ValidationError({"evidence": [_("Choose a file to attach.")]})
            evidence_add(actor=user, request=data_request, file=upload, name=request.POST.get("evidence_name", ""))
            messages.success(request, _("File attached."))
        elif action in ("approve", "return") and manager and latest is not None:
            if action == "approve":
                submission_approve(actor=user, version=latest, comment=request.POST.get("review_comment", ""))
                messages.success(request, _("Approved: the values now count in the fund's figures."))
                return ActionOutcome(_to_review(data_request))
            else:
                comments = {m.code: request.POST.get(f"review_{m.code}", "") for m in metrics}
                submission_return(
                    actor=user,
                    version=latest,
                    comments=comments,
                    general_comment=request.POST.get("review_comment", ""),
                )
                messages.success(request, _("Returned to the investee with your comments."))
                return ActionOutcome(_to_review(data_request))
        elif action == "correct":
            submission_correction_start(actor=user, request=data_request, reason=request.POST.get("reason", ""))
            messages.success(request, _("Correction started: change the values and submit them for review."))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        errors = exc.message_dict
        general = [m for key, msgs in errors.items() if not key.startswith(("value_", "explanation_")) for m in msgs]
        return ActionOutcome(None, errors, general)
    except DomainError as exc:
        return ActionOutcome(None, {}, [str(exc)])
    return ActionOutcome(redirect("impact:request_detail", pk=data_request.pk))
