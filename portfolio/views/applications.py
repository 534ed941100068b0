"""Pages of the investee's portal: applications (draft, edit, submit, withdraw), their documents, co-financing and
answers to the fund's questions; and the application page that investees, managers and IC members read.

Every view declares its roles and reads through fund.access; a service's refusals become messages, never a 500.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fund import access
from fund.access import allow
from fund.choices import Role, Theme
from fund.errors import DomainError
from fund.http import AuthenticatedHttpRequest
from fund.models import Fund, Organisation, User
from fund.roles import APPLICATION_READERS, INVESTEES, MANAGERS_AND_INVESTEES
from fund.selectors import object_history
from fund.service_calls import form_errors_add, service_run
from portfolio.choices import OPEN_STATUSES, ApplicationStatus, DueDiligenceStatus
from portfolio.forms import (
    AnswerForm,
    ApplicationForm,
    AssessmentForm,
    CoFinancingForm,
    DocumentForm,
    QuestionForm,
    ReasonForm,
)
from portfolio.models import Application, ApplicationDocument, Loan, Question
from portfolio.selectors.dealflow import application_scores
from portfolio.services.applications import (
    APPLICATION_FIELDS,
    application_create,
    application_submit,
    application_update,
    application_withdraw,
    co_financing_add,
)
from portfolio.services.documents import document_upload
from portfolio.services.questions import question_answer
from portfolio.views.common import BOARD_MOVES, applicant_check, application_redirect, visible_application


@allow(*MANAGERS_AND_INVESTEES)
@require_GET
def application_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The applications the user may see: an investee its own, a manager those of the funds they manage."""
    applications = (
        access.scope(request.user, Application)
        .select_related("fund", "organisation")
        .order_by("-created_at")
        .only(
            "pk",
            "reference",
            "status",
            "amount_requested",
            "amount_requested_currency",
            "created_at",
            "submitted_at",
            "fund__name",
            "fund__slug",
            "organisation__legal_name",
            "organisation__trade_name",
        )
    )
    return render(
        request,
        "portfolio/application_list.html",
        {
            "applications": applications[:500],
            "can_apply": bool(access.investee_organisation_ids(request.user)),
            "managed_funds": access.scope(request.user, Fund).filter(pk__in=access.managed_fund_ids(request.user))
            if not access.is_admin(request.user)
            else Fund.objects.all(),
        },
    )


def _theme_choices(funds) -> list[tuple[str, str]]:
    codes = sorted({t.theme for f in funds for t in f.themes.all()})
    return [(code, str(Theme(code).label)) for code in codes]


def _application_values(data: dict) -> dict:
    values = {name: data.get(name) for name in APPLICATION_FIELDS}
    values["themes"] = list(data.get("themes") or [])
    values["metric_codes"] = list(data.get("metric_codes") or [])
    values["target_group"] = data.get("target_group") or ""
    values["expected_outcomes"] = data.get("expected_outcomes") or ""
    values["grace_months"] = data.get("grace_months") or 0
    return values


@allow(*INVESTEES)
@require_http_methods(["GET", "POST"])
def application_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An investee starts a draft application for one of the funds."""
    organisation = (
        access.scope(request.user, Organisation).filter(pk__in=access.investee_organisation_ids(request.user)).first()
    )
    if organisation is None:
        raise PermissionDenied
    funds = list(Fund.objects.prefetch_related("themes").order_by("name"))
    form = ApplicationForm(request.POST or None, funds=funds, theme_choices=_theme_choices(funds))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fund = next(f for f in funds if f.slug == data["fund"])
        try:
            application = application_create(
                actor=request.user, fund=fund, organisation=organisation, **_application_values(data)
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(
                request, _("Draft %(ref)s saved. Add documents, then submit.") % {"ref": application.reference}
            )
            return application_redirect(application)
    return render(request, "portfolio/application_form.html", {"form": form, "creating": True})


@allow(*INVESTEES)
@require_http_methods(["GET", "POST"])
def application_edit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    applicant_check(request, application)
    if application.status != ApplicationStatus.DRAFT:
        messages.error(request, _("Only a draft application can be changed; answer the fund's questions instead."))
        return application_redirect(application)
    fund = Fund.objects.prefetch_related("themes").get(pk=application.fund_id)
    initial = {name: getattr(application, name) for name in APPLICATION_FIELDS}
    for name in ("amount_requested", "annual_revenue", "net_result", "equity"):
        initial[name] = initial[name].amount if initial[name] is not None else None
    form = ApplicationForm(request.POST or None, initial=initial, theme_choices=_theme_choices([fund]), fixed_fund=True)
    if request.method == "POST" and form.is_valid():
        try:
            application_update(actor=request.user, application=application, **_application_values(form.cleaned_data))
        except ValidationError as exc:
            form_errors_add(form, exc)
        except DomainError as exc:
            messages.error(request, str(exc))
            return application_redirect(application)
        else:
            messages.success(request, _("Saved."))
            return application_redirect(application)
    return render(request, "portfolio/application_form.html", {"form": form, "application": application})


@allow(*APPLICATION_READERS)
@require_GET
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One application: the applicant sees its data, status, documents and questions; the fund manager also the
    screening, due diligence and scores; IC members read it with the memo."""
    application = visible_application(request, pk)
    return render(request, "portfolio/application_detail.html", application_page_context(request, application))


DD_FIELD_LABELS = {
    "status": _lazy("Status"),
    "owner": _lazy("Owner"),
    "note": _lazy("Note"),
    "evidence": _lazy("Evidence"),
}


def _dd_rows(items, posted=None, errors=None) -> list[dict]:
    """The checklist as the form shows it: what was posted (after a refusal) or else what is stored."""
    rows = []
    for item in items:
        prefix = f"dd-{item.pk}-"
        values = (
            {name: (posted.get(prefix + name) or "").strip() for name in ("status", "owner", "note", "evidence")}
            if posted is not None
            else {
                "status": item.status,
                "owner": str(item.owner_id or ""),
                "note": item.note,
                "evidence": str(item.evidence_id or ""),
            }
        )
        rows.append(
            {
                "item": item,
                "prefix": prefix,
                "values": values,
                "errors": [
                    _("%(field)s: %(message)s") % {"field": DD_FIELD_LABELS[key.split(".", 1)[1]], "message": message}
                    for key, key_messages in (errors or {}).items()
                    if key.split(".", 1)[0] == str(item.pk)
                    for message in key_messages
                ],
            }
        )
    return rows


def application_page_context(
    request: AuthenticatedHttpRequest, application: Application, *, dd_posted=None, dd_errors=None
) -> dict:
    can_manage = access.can_manage_fund(request.user, application.fund)
    is_applicant = application.organisation_id in access.investee_organisation_ids(request.user)
    documents = list(application.documents.all())
    context = {
        "application": application,
        "can_manage": can_manage,
        "is_applicant": is_applicant,
        "themes": [Theme(t).label for t in application.themes if t in Theme.values],
        "documents": documents,
        "co_financing": list(application.co_financing.all()),
        "questions": list(application.questions.all()),
        "status_changes": list(application.status_changes.select_related("actor")),
        "loan": Loan.objects.filter(application=application).first(),
        "is_draft": application.status == ApplicationStatus.DRAFT,
        "is_open": application.status in OPEN_STATUSES,
        "document_form": DocumentForm(),
        "co_financing_form": CoFinancingForm(),
        "answer_form": AnswerForm(),
        "reason_form": ReasonForm(),
        "on_agenda": application.agenda_items.exists(),
        "ApplicationStatus": ApplicationStatus,  # the template compares statuses by name
    }
    if can_manage:
        criteria = list(application.fund.scoring_criteria.filter(is_active=True))
        scores = application_scores(application=application)
        initial: dict[str, object] = {f"score_{line.criterion_id}": line.value for line in scores.lines}
        initial |= {"risk_grade": application.risk_grade, "proposed_rate": application.proposed_rate}
        managers = User.objects.filter(roles__role=Role.FUND_MANAGER, roles__fund=application.fund).distinct()
        context |= {
            "checks": list(application.eligibility_checks.all()),
            "dd_rows": _dd_rows(application.dd_items.select_related("owner", "evidence"), dd_posted, dd_errors),
            "dd_owners": list(managers),
            "dd_statuses": DueDiligenceStatus.choices,
            "scores": scores,
            "assessment_form": AssessmentForm(initial=initial, criteria=criteria),
            "question_form": QuestionForm(),
            "moves": [(s, ApplicationStatus(s).label) for s in BOARD_MOVES[application.status]],
            "history": object_history(application),
        }
    return context


@allow(*MANAGERS_AND_INVESTEES)
@require_POST
def co_financing_add_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    if not access.can_manage_fund(request.user, application.fund):
        applicant_check(request, application)
    form = CoFinancingForm(request.POST)
    if form.is_valid():
        service_run(
            request,
            lambda: co_financing_add(actor=request.user, application=application, **form.cleaned_data),
            _("Co-financing added."),
        )
    else:
        messages.error(request, _("Fill in source, amount and status."))
    return application_redirect(application)


@allow(*MANAGERS_AND_INVESTEES)
@require_POST
def document_upload_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    if not access.can_manage_fund(request.user, application.fund):
        applicant_check(request, application)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        service_run(
            request,
            lambda: document_upload(
                actor=request.user,
                application=application,
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
            ),
            _("Document uploaded."),
        )
    else:
        messages.error(request, _("Choose the kind of document and a file."))
    return application_redirect(application)


@allow(*APPLICATION_READERS)
@require_GET
def document_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Serve a private document to whoever may see its application (a 404 for anyone else)."""
    document = access.get_visible_or_404(request.user, ApplicationDocument, pk=pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@allow(*INVESTEES)
@require_POST
def application_submit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    applicant_check(request, application)
    service_run(
        request,
        lambda: application_submit(actor=request.user, application=application),
        _("Submitted. The fund will let you know."),
    )
    return application_redirect(application)


@allow(*INVESTEES)
@require_POST
def application_withdraw_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    applicant_check(request, application)
    service_run(
        request,
        lambda: application_withdraw(
            actor=request.user, application=application, reason=request.POST.get("reason", "")
        ),
        _("The application was withdrawn."),
    )
    return application_redirect(application)


@allow(*INVESTEES)
@require_POST
def question_answer_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = access.get_visible_or_404(request.user, Question.objects.select_related("application"), pk=pk)
    applicant_check(request, question.application)
    service_run(
        request,
        lambda: question_answer(actor=request.user, question=question, answer=request.POST.get("answer", "")),
        _("Answer sent."),
    )
    return application_redirect(question.application)
