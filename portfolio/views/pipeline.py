"""Pages of the fund manager's deal flow: the pipeline board and its moves, screening, the due-diligence checklist,
questions to the applicant, the assessment and the funnel.

Fund managers only (admins too); each view reads through fund.access and calls one service.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fund import access
from fund.access import allow
from fund.errors import DomainError
from fund.http import AuthenticatedHttpRequest
from fund.models import Fund
from fund.roles import MANAGERS
from fund.service_calls import service_run
from portfolio.choices import ApplicationStatus
from portfolio.forms import AssessmentForm, FunnelForm, PipelineFilterForm
from portfolio.models import Application
from portfolio.selectors.dealflow import PipelineFilters, application_funnel, pipeline_board
from portfolio.services.applications import application_decline, application_move
from portfolio.services.questions import question_ask
from portfolio.services.screening import ChecklistLine, application_assess, dd_checklist_update, eligibility_checks_run
from portfolio.views.applications import application_page_context
from portfolio.views.common import BOARD_MOVES, application_redirect, fund_manager_check, visible_application


def _board_context(request: AuthenticatedHttpRequest, fund: Fund) -> dict:
    data = request.GET if request.method == "GET" else request.POST
    municipalities = list(fund.region.all().order_by("name"))
    form = PipelineFilterForm(
        data,
        themes=[(t.theme, t.get_theme_display()) for t in fund.themes.all()],
        municipalities=municipalities,
    )
    cleaned = form.cleaned_data if form.is_valid() else {}
    filters = PipelineFilters(
        theme=cleaned.get("theme") or "",
        municipality=cleaned.get("municipality") or "",
        min_amount=cleaned.get("min_amount"),
        max_amount=cleaned.get("max_amount"),
        min_age_days=cleaned.get("min_age_days"),
    )
    columns = pipeline_board(applications=access.scope(request.user, Application).filter(fund=fund), filters=filters)
    return {
        "fund": fund,
        "columns": columns,
        "board": [(c, [(t, ApplicationStatus(t).label) for t in BOARD_MOVES[c.status]]) for c in columns],
        "filter_form": form,
    }


@allow(*MANAGERS)
@require_GET
def pipeline_board_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A fund's open applications in columns by status; filters and moves reload only the board (htmx)."""
    fund = access.get_visible_or_404(request.user, Fund.objects.prefetch_related("themes"), slug=slug)
    fund_manager_check(request, fund)
    template = "portfolio/_board.html" if request.htmx else "portfolio/pipeline_board.html"
    return render(request, template, _board_context(request, fund))


@allow(*MANAGERS)
@require_POST
def application_move_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    fund_manager_check(request, application.fund)
    target = request.POST.get("target", "")
    label = ApplicationStatus(target).label if target in ApplicationStatus.values else target
    service_run(
        request,
        lambda: application_move(
            actor=request.user, application=application, target=target, reason=request.POST.get("reason", "")
        ),
        _("%(ref)s moved to %(status)s.") % {"ref": application.reference, "status": label},
    )
    if request.htmx:
        fund = Fund.objects.prefetch_related("themes").get(pk=application.fund_id)
        return render(request, "portfolio/_board.html", _board_context(request, fund))
    return application_redirect(application)


@allow(*MANAGERS)
@require_POST
def application_decline_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    fund_manager_check(request, application.fund)
    service_run(
        request,
        lambda: application_decline(actor=request.user, application=application, reason=request.POST.get("reason", "")),
        _("Declined; the applicant is told."),
    )
    return application_redirect(application)


@allow(*MANAGERS)
@require_POST
def eligibility_run_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    fund_manager_check(request, application.fund)
    service_run(request, lambda: eligibility_checks_run(actor=request.user, application=application), _("Checked."))
    return application_redirect(application)


def _optional_id(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


@allow(*MANAGERS)
@require_POST
def dd_checklist_update_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Save every line of the due-diligence checklist in one go; a refused line keeps what was typed in all lines."""
    application = visible_application(request, pk)
    fund_manager_check(request, application.fund)
    items = list(application.dd_items.select_related("owner", "evidence"))
    lines = []
    for item in items:
        prefix = f"dd-{item.pk}-"
        if prefix + "status" not in request.POST:
            continue  # a line the page did not show is left as it is
        lines.append(
            ChecklistLine(
                item_id=item.pk,
                status=request.POST.get(prefix + "status", ""),
                owner_id=_optional_id(request.POST.get(prefix + "owner")),
                note=request.POST.get(prefix + "note", ""),
                evidence_id=_optional_id(request.POST.get(prefix + "evidence")),
            )
        )
    try:
        dd_checklist_update(actor=request.user, application=application, lines=lines)
    except DomainError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, _("Nothing was saved: correct the lines marked below."))
        context = application_page_context(request, application, dd_posted=request.POST, dd_errors=exc.message_dict)
        return render(request, "portfolio/application_detail.html", context, status=400)
    else:
        messages.success(request, _("Due-diligence checklist saved."))
    return redirect(reverse("portfolio:application_detail", args=[application.pk]) + "#due-diligence")


@allow(*MANAGERS)
@require_POST
def question_ask_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    fund_manager_check(request, application.fund)
    service_run(
        request,
        lambda: question_ask(actor=request.user, application=application, text=request.POST.get("text", "")),
        _("Question sent to the applicant."),
    )
    return application_redirect(application)


@allow(*MANAGERS)
@require_POST
def application_assess_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = visible_application(request, pk)
    fund_manager_check(request, application.fund)
    form = AssessmentForm(request.POST, criteria=list(application.fund.scoring_criteria.filter(is_active=True)))
    if not form.is_valid():
        messages.error(request, _("Scores run from 1 to 5; the rate is a number."))
        return application_redirect(application)
    service_run(
        request,
        lambda: application_assess(
            actor=request.user,
            application=application,
            scores=form.scores(),
            risk_grade=form.cleaned_data["risk_grade"],
            proposed_rate=form.cleaned_data["proposed_rate"],
        ),
        _("Assessment saved."),
    )
    return application_redirect(application)


@allow(*MANAGERS)
@require_GET
def funnel_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The fund's funnel for a period (default: the last twelve months)."""
    fund = access.get_visible_or_404(request.user, Fund, slug=slug)
    fund_manager_check(request, fund)
    form = FunnelForm(request.GET or None)
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=365), today
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    return render(
        request,
        "portfolio/funnel.html",
        {"fund": fund, "form": form, "funnel": application_funnel(fund=fund, start=start, end=end)},
    )
