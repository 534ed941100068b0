"""The portal and the review: the investee answers a data request (form or XLSX upload, drafts, evidence, submit) and
the fund manager reviews it (approve, or return with a comment per value) on the same page; the template download
and the evidence download."""

import posixpath

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from fund import access
from fund.access import allow
from fund.http import AuthenticatedHttpRequest
from fund.roles import MANAGERS_AND_INVESTEES
from impactmetrics.choices import VersionStatus
from impactmetrics.models import DataRequest, Evidence
from impactmetrics.selectors.requests import submission_figures, submission_history
from impactmetrics.selectors.submission_form import request_page_state, submission_form_rows
from impactmetrics.services.submissions import request_metrics, version_entered_by
from impactmetrics.services.validation import previous_approved_values
from impactmetrics.services.xlsx import request_template_build
from impactmetrics.views.params import today
from impactmetrics.views.portal_actions import request_action_run


@allow(*MANAGERS_AND_INVESTEES)
@require_http_methods(["GET", "POST"])
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The investee answers its request here (form or XLSX upload, drafts, evidence, submit); the fund manager
    reviews it (approve, or return with a comment per value); both see every version."""
    data_request = access.get_visible_or_404(
        request.user, DataRequest.objects.select_related("plan__organisation", "plan__fund", "period"), pk=pk
    )
    metrics = request_metrics(data_request)
    errors, general, status = {}, [], 200
    if request.method == "POST":
        outcome = request_action_run(request, data_request, metrics)
        if outcome.response is not None:
            return outcome.response
        errors, general, status = outcome.errors, outcome.general, 400
    history = submission_history(request=data_request)
    latest = history[-1].version if history else None
    state = request_page_state(
        request=data_request,
        latest=latest,
        is_reporter=data_request.plan.organisation_id in access.investee_organisation_ids(request.user),
        is_manager=access.can_manage_fund(request.user, data_request.plan.fund),
        today=today(),
    )
    previous = previous_approved_values(request=data_request)
    # The latest version handed in (not a draft being typed): what the reviewer reviews and the investee submitted.
    handed_in = next((h.version for h in reversed(history) if h.version.status != VersionStatus.DRAFT), None)
    return render(
        request,
        "impactmetrics/request_detail.html",
        {
            "data_request": data_request,
            "plan": data_request.plan,
            # each row as a mapping, as the page's rows have always been handed to the template
            "rows": [
                vars(row)
                for row in submission_form_rows(
                    request=data_request,
                    metrics=metrics,
                    version=latest,
                    posted=request.POST if request.method == "POST" else None,
                    errors=errors,
                    previous=previous,
                )
            ],
            "ratios": [m for m in metrics if not m.is_entered],
            "history": list(reversed(history)),
            "latest": latest,
            "editable": state.editable,
            "can_review": state.can_review,
            # four eyes: whoever typed these figures (a manager on the investee's behalf) does not approve them
            "entered_by_me": state.can_review
            and handed_in is not None
            and request.user.pk in version_entered_by(handed_in),
            "handed_in": handed_in,
            # What was handed in, figure by figure: for review, or read-only for whoever is not filling in the form.
            "figures": submission_figures(version=handed_in, metrics=metrics, previous=previous)
            if handed_in is not None and (state.can_review or not state.editable)
            else [],
            "can_correct": state.can_correct,
            "evidence": Evidence.objects.filter(version__request=data_request).select_related("uploaded_by"),
            "general_errors": general,
            "overdue": state.overdue,
        },
        status=status,
    )


@allow(*MANAGERS_AND_INVESTEES)
def request_template(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The fund's XLSX template for this request, prefilled with the current draft."""
    data_request = access.get_visible_or_404(
        request.user, DataRequest.objects.select_related("plan__organisation", "plan__fund"), pk=pk
    )
    latest = data_request.versions.order_by("-number").first()
    draft = latest if latest is not None and latest.status == VersionStatus.DRAFT else None
    content = request_template_build(request=data_request, draft=draft)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"impact-{data_request.plan.organisation.kvk_number}-{data_request.period_end:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@allow(*MANAGERS_AND_INVESTEES)
def evidence_download(request: AuthenticatedHttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    """The evidence file as it was uploaded: its original file name (with extension) and its content type."""
    evidence = access.get_visible_or_404(request.user, Evidence, pk=evidence_pk, version__request__pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name or posixpath.basename(evidence.file.name),
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
