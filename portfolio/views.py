"""Pages of the deal flow: the investee's portal, the fund manager's pipeline and assessment, the committee.

Every view declares its roles and reads through fund.access; domain errors become messages, never a 500."""

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fund import access
from fund.access import allow
from fund.choices import Role, Theme
from fund.errors import DomainError
from fund.models import Fund, Organisation, User
from fund.selectors import object_history
from portfolio.choices import OPEN_STATUSES, ApplicationStatus, DueDiligenceStatus, MeetingStatus
from portfolio.forms import (
    AgendaForm,
    AnswerForm,
    ApplicationForm,
    AssessmentForm,
    CoFinancingForm,
    ConflictForm,
    DecisionForm,
    DocumentForm,
    FunnelForm,
    MeetingForm,
    PipelineFilterForm,
    QuestionForm,
    ReasonForm,
    VoteForm,
)
from portfolio.models import (
    AgendaItem,
    Application,
    ApplicationDocument,
    ICMeeting,
    Loan,
    Question,
    Vote,
)
from portfolio.selectors import (
    PipelineFilters,
    application_funnel,
    application_scores,
    ic_memo,
    pipeline_board,
)
from portfolio.services.applications import (
    APPLICATION_FIELDS,
    application_create,
    application_decline,
    application_move,
    application_submit,
    application_update,
    application_withdraw,
    co_financing_add,
)
from portfolio.services.committee import (
    agenda_item_add,
    conflict_declare,
    ic_decision_record,
    ic_meeting_create,
    ic_member_ids,
    ic_vote_cast,
    item_tally,
    item_vote_conditions,
    meeting_held,
)
from portfolio.services.documents import document_upload
from portfolio.services.questions import question_answer, question_ask
from portfolio.services.screening import (
    ChecklistLine,
    application_assess,
    dd_checklist_update,
    eligibility_checks_run,
)
from portfolio.transitions import APPLICATION_TRANSITIONS, PIPELINE

MANAGERS = (Role.ADMIN, Role.FUND_MANAGER)
APPLICANTS = (Role.INVESTEE,)
APPLICATION_READERS = (Role.ADMIN, Role.FUND_MANAGER, Role.INVESTEE, Role.IC_MEMBER)
COMMITTEE = (Role.ADMIN, Role.FUND_MANAGER, Role.IC_MEMBER)
# The moves a manager makes on the board (approval, decline and withdrawal have their own services).
BOARD_MOVES = {status: [t for t in targets if t in PIPELINE] for status, targets in APPLICATION_TRANSITIONS.items()}


FAILED = object()  # what _service returns when the service said no


def _service(request: HttpRequest, call: Callable, success: str = "", labels: dict | None = None):
    """Run a service; turn its domain or validation errors into messages (naming the field when `labels` knows it).

    Returns the service's result, or FAILED when it refused (the messages say why)."""
    try:
        result = call()
    except DomainError as exc:
        messages.error(request, str(exc))
        return FAILED
    except ValidationError as exc:
        for field, field_messages in exc.message_dict.items():
            label = (labels or {}).get(field)
            for message in field_messages:
                messages.error(
                    request, _("%(field)s: %(message)s") % {"field": label, "message": message} if label else message
                )
        return FAILED
    if success:
        messages.success(request, success)
    return result


def _errors_to_form(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _application(request: HttpRequest, pk: int, *related: str) -> Application:
    return access.get_visible_or_404(
        request.user, Application.objects.select_related("fund", "organisation__municipality", *related), pk=pk
    )


def _manager_check(request: HttpRequest, fund: Fund) -> None:
    if not access.can_manage_fund(request.user, fund):
        raise PermissionDenied


def _applicant_check(request: HttpRequest, application: Application) -> None:
    if application.organisation_id not in access.investee_organisation_ids(request.user):
        raise PermissionDenied


def _to_detail(application: Application) -> HttpResponse:
    return redirect("portfolio:application_detail", pk=application.pk)


# ---- the investee's portal ------------------------------------------------------------------------------------------


@allow(Role.ADMIN, Role.FUND_MANAGER, Role.INVESTEE)
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
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
    return [(code, Theme(code).label) for code in codes]


def _application_values(data: dict) -> dict:
    values = {name: data.get(name) for name in APPLICATION_FIELDS}
    values["themes"] = list(data.get("themes") or [])
    values["metric_codes"] = list(data.get("metric_codes") or [])
    values["target_group"] = data.get("target_group") or ""
    values["expected_outcomes"] = data.get("expected_outcomes") or ""
    values["grace_months"] = data.get("grace_months") or 0
    return values


@allow(*APPLICANTS)
@require_http_methods(["GET", "POST"])
def application_create_view(request: HttpRequest) -> HttpResponse:
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
            _errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Draft %(ref)s saved. Add documents, then submit.") % {"ref": application.reference}
            )
            return _to_detail(application)
    return render(request, "portfolio/application_form.html", {"form": form, "creating": True})


@allow(*APPLICANTS)
@require_http_methods(["GET", "POST"])
def application_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _applicant_check(request, application)
    if application.status != ApplicationStatus.DRAFT:
        messages.error(request, _("Only a draft application can be changed; answer the fund's questions instead."))
        return _to_detail(application)
    fund = Fund.objects.prefetch_related("themes").get(pk=application.fund_id)
    initial = {name: getattr(application, name) for name in APPLICATION_FIELDS}
    for name in ("amount_requested", "annual_revenue", "net_result", "equity"):
        initial[name] = initial[name].amount if initial[name] is not None else None
    form = ApplicationForm(request.POST or None, initial=initial, theme_choices=_theme_choices([fund]), fixed_fund=True)
    if request.method == "POST" and form.is_valid():
        try:
            application_update(actor=request.user, application=application, **_application_values(form.cleaned_data))
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except DomainError as exc:
            messages.error(request, str(exc))
            return _to_detail(application)
        else:
            messages.success(request, _("Saved."))
            return _to_detail(application)
    return render(request, "portfolio/application_form.html", {"form": form, "application": application})


@allow(*APPLICATION_READERS)
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One application: the applicant sees its data, status, documents and questions; the fund manager also the
    screening, due diligence and scores; IC members read it with the memo."""
    application = _application(request, pk)
    return render(request, "portfolio/application_detail.html", _detail_context(request, application))


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


def _detail_context(request: HttpRequest, application: Application, *, dd_posted=None, dd_errors=None) -> dict:
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
    }
    if can_manage:
        criteria = list(application.fund.scoring_criteria.filter(is_active=True))
        scores = application_scores(application=application)
        initial = {f"score_{line.criterion_id}": line.value for line in scores.lines}
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


@allow(Role.ADMIN, Role.FUND_MANAGER, Role.INVESTEE)
@require_POST
def co_financing_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if not access.can_manage_fund(request.user, application.fund):
        _applicant_check(request, application)
    form = CoFinancingForm(request.POST)
    if form.is_valid():
        _service(
            request,
            lambda: co_financing_add(actor=request.user, application=application, **form.cleaned_data),
            _("Co-financing added."),
        )
    else:
        messages.error(request, _("Fill in source, amount and status."))
    return _to_detail(application)


@allow(Role.ADMIN, Role.FUND_MANAGER, Role.INVESTEE)
@require_POST
def document_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if not access.can_manage_fund(request.user, application.fund):
        _applicant_check(request, application)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        _service(
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
    return _to_detail(application)


@allow(*APPLICATION_READERS)
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
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


@allow(*APPLICANTS)
@require_POST
def application_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _applicant_check(request, application)
    _service(
        request,
        lambda: application_submit(actor=request.user, application=application),
        _("Submitted. The fund will let you know."),
    )
    return _to_detail(application)


@allow(*APPLICANTS)
@require_POST
def application_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _applicant_check(request, application)
    _service(
        request,
        lambda: application_withdraw(
            actor=request.user, application=application, reason=request.POST.get("reason", "")
        ),
        _("The application was withdrawn."),
    )
    return _to_detail(application)


@allow(*APPLICANTS)
@require_POST
def question_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    question = access.get_visible_or_404(request.user, Question.objects.select_related("application"), pk=pk)
    _applicant_check(request, question.application)
    _service(
        request,
        lambda: question_answer(actor=request.user, question=question, answer=request.POST.get("answer", "")),
        _("Answer sent."),
    )
    return _to_detail(question.application)


# ---- the fund manager: pipeline and assessment ----------------------------------------------------------------------


def _board_context(request: HttpRequest, fund: Fund) -> dict:
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
def pipeline_board_view(request: HttpRequest, slug: str) -> HttpResponse:
    """A fund's open applications in columns by status; filters and moves reload only the board (htmx)."""
    fund = access.get_visible_or_404(request.user, Fund.objects.prefetch_related("themes"), slug=slug)
    _manager_check(request, fund)
    template = "portfolio/_board.html" if request.htmx else "portfolio/pipeline_board.html"
    return render(request, template, _board_context(request, fund))


@allow(*MANAGERS)
@require_POST
def application_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _manager_check(request, application.fund)
    target = request.POST.get("target", "")
    label = ApplicationStatus(target).label if target in ApplicationStatus.values else target
    _service(
        request,
        lambda: application_move(
            actor=request.user, application=application, target=target, reason=request.POST.get("reason", "")
        ),
        _("%(ref)s moved to %(status)s.") % {"ref": application.reference, "status": label},
    )
    if request.htmx:
        fund = Fund.objects.prefetch_related("themes").get(pk=application.fund_id)
        return render(request, "portfolio/_board.html", _board_context(request, fund))
    return _to_detail(application)


@allow(*MANAGERS)
@require_POST
def application_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _manager_check(request, application.fund)
    _service(
        request,
        lambda: application_decline(actor=request.user, application=application, reason=request.POST.get("reason", "")),
        _("Declined; the applicant is told."),
    )
    return _to_detail(application)


@allow(*MANAGERS)
@require_POST
def eligibility_run_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _manager_check(request, application.fund)
    _service(request, lambda: eligibility_checks_run(actor=request.user, application=application), _("Checked."))
    return _to_detail(application)


def _optional_id(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


@allow(*MANAGERS)
@require_POST
def dd_checklist_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Save every line of the due-diligence checklist in one go; a refused line keeps what was typed in all lines."""
    application = _application(request, pk)
    _manager_check(request, application.fund)
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
        context = _detail_context(request, application, dd_posted=request.POST, dd_errors=exc.message_dict)
        return render(request, "portfolio/application_detail.html", context, status=400)
    else:
        messages.success(request, _("Due-diligence checklist saved."))
    return redirect(reverse("portfolio:application_detail", args=[application.pk]) + "#due-diligence")


@allow(*MANAGERS)
@require_POST
def question_ask_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _manager_check(request, application.fund)
    _service(
        request,
        lambda: question_ask(actor=request.user, application=application, text=request.POST.get("text", "")),
        _("Question sent to the applicant."),
    )
    return _to_detail(application)


@allow(*MANAGERS)
@require_POST
def application_assess_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _manager_check(request, application.fund)
    form = AssessmentForm(request.POST, criteria=list(application.fund.scoring_criteria.filter(is_active=True)))
    if not form.is_valid():
        messages.error(request, _("Scores run from 1 to 5; the rate is a number."))
        return _to_detail(application)
    _service(
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
    return _to_detail(application)


@allow(*MANAGERS)
@require_GET
def funnel_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The fund's funnel for a period (default: the last twelve months)."""
    fund = access.get_visible_or_404(request.user, Fund, slug=slug)
    _manager_check(request, fund)
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


# ---- the investment committee ---------------------------------------------------------------------------------------


@allow(*COMMITTEE)
@require_http_methods(["GET", "POST"])
def ic_meeting_list(request: HttpRequest) -> HttpResponse:
    """The committee meetings the user may see; fund managers plan new ones here."""
    managed = list(
        Fund.objects.all()
        if access.is_admin(request.user)
        else Fund.objects.filter(pk__in=access.managed_fund_ids(request.user))
    )
    form = MeetingForm(request.POST or None, funds=managed) if managed else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            fund = next(f for f in managed if f.slug == form.cleaned_data["fund"])
            try:
                meeting = ic_meeting_create(
                    actor=request.user,
                    fund=fund,
                    held_on=form.cleaned_data["held_on"],
                    location=form.cleaned_data["location"],
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Meeting planned."))
                return redirect("portfolio:ic_meeting_detail", pk=meeting.pk)
    meetings = access.scope(request.user, ICMeeting).select_related("fund").prefetch_related("items__application")
    return render(request, "portfolio/ic_meeting_list.html", {"meetings": meetings, "form": form})


@allow(*COMMITTEE)
@require_GET
def ic_meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting's agenda: per item the memo, the conflicts, the votes, the tally and the decision."""
    meeting = access.get_visible_or_404(request.user, ICMeeting.objects.select_related("fund"), pk=pk)
    can_manage = access.can_manage_fund(request.user, meeting.fund)
    members = ic_member_ids(meeting.fund)
    is_member = request.user.pk in members
    items = meeting.items.select_related("application__organisation", "decision").prefetch_related(
        Prefetch("votes", queryset=Vote.objects.select_related("member")), "conflicts__member"
    )
    rows = []
    for item in items:
        conflicted = {c.member_id for c in item.conflicts.all()}
        my_vote = next((v for v in item.votes.all() if v.member_id == request.user.pk), None)
        rows.append(
            {
                "item": item,
                "tally": item_tally(item),
                "conflicted_me": request.user.pk in conflicted,
                "my_vote": my_vote,
                "decision": getattr(item, "decision", None),
                "vote_form": VoteForm(
                    initial={
                        "choice": my_vote.choice if my_vote else None,
                        "conditions": "\n".join(my_vote.conditions) if my_vote else "",
                        "reason": my_vote.reason if my_vote else "",
                    },
                    prefix=f"i{item.pk}",
                ),
                "vote_conditions": item_vote_conditions(item),
                "decision_form": DecisionForm(
                    initial={
                        "amount": item.application.amount_requested.amount,
                        "annual_interest_rate": item.application.proposed_rate,
                        "term_months": item.application.term_months,
                        "grace_months": item.application.grace_months,
                        "instrument": item.application.instrument,
                    },
                    prefix=f"d{item.pk}",
                ),
            }
        )
    ready = (
        access.scope(request.user, Application)
        .filter(fund=meeting.fund, status=ApplicationStatus.IC)
        .exclude(agenda_items__status="open")
        .select_related("organisation")
        if can_manage and meeting.status == MeetingStatus.PLANNED
        else Application.objects.none()
    )
    return render(
        request,
        "portfolio/ic_meeting_detail.html",
        {
            "meeting": meeting,
            "rows": rows,
            "can_manage": can_manage,
            "is_member": is_member,
            "member_count": len(members),
            "held": meeting_held(meeting),
            "agenda_form": AgendaForm(applications=ready) if ready else None,
            "conflict_form": ConflictForm(),
        },
    )


def _item(request: HttpRequest, pk: int) -> AgendaItem:
    return access.get_visible_or_404(
        request.user, AgendaItem.objects.select_related("meeting__fund", "application"), pk=pk
    )


def _to_meeting(item: AgendaItem) -> HttpResponse:
    return redirect(reverse("portfolio:ic_meeting_detail", args=[item.meeting_id]) + f"#item-{item.pk}")


@allow(*MANAGERS)
@require_POST
def agenda_item_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_visible_or_404(request.user, ICMeeting.objects.select_related("fund"), pk=pk)
    _manager_check(request, meeting.fund)
    application = access.scope(request.user, Application).filter(pk=request.POST.get("application") or 0).first()
    if application is None:
        messages.error(request, _("Choose an application that is ready for the committee."))
    else:
        _service(
            request,
            lambda: agenda_item_add(actor=request.user, meeting=meeting, application=application),
            _("%(ref)s is on the agenda.") % {"ref": application.reference},
        )
    return redirect("portfolio:ic_meeting_detail", pk=meeting.pk)


@allow(Role.IC_MEMBER)
@require_POST
def conflict_declare_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    _service(
        request,
        lambda: conflict_declare(actor=request.user, item=item, reason=request.POST.get("reason", "")),
        _("Your conflict of interest is recorded; you will not vote on this item."),
    )
    return _to_meeting(item)


@allow(Role.IC_MEMBER)
@require_POST
def vote_cast_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    prefix = f"i{item.pk}-"
    _service(
        request,
        lambda: ic_vote_cast(
            actor=request.user,
            item=item,
            choice=request.POST.get(prefix + "choice", ""),
            reason=request.POST.get(prefix + "reason", ""),
            conditions=request.POST.get(prefix + "conditions", "").splitlines(),
        ),
        _("Your vote is recorded."),
        labels={name: field.label for name, field in VoteForm.base_fields.items()},
    )
    return _to_meeting(item)


@allow(*MANAGERS)
@require_POST
def decision_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    _manager_check(request, item.meeting.fund)
    form = DecisionForm(request.POST, prefix=f"d{item.pk}")
    if not form.is_valid():
        messages.error(request, _("Amount, rate, term and grace are numbers."))
        return _to_meeting(item)
    data = form.cleaned_data
    ok = FAILED is not _service(
        request,
        lambda: ic_decision_record(
            actor=request.user,
            item=item,
            reasons=data["reasons"],
            applicant_message=data["applicant_message"],
            amount=data["amount"],
            annual_interest_rate=data["annual_interest_rate"],
            term_months=data["term_months"],
            grace_months=data["grace_months"],
            instrument=data["instrument"],
            conditions_precedent=data["conditions_precedent"].splitlines(),
            covenants=data["covenants"].splitlines(),
        ),
        _("Decision recorded."),
        labels={name: field.label for name, field in form.fields.items()},
    )
    if ok:
        loan = Loan.objects.filter(application_id=item.application_id).first()
        if loan is not None:
            return redirect("portfolio:loan_detail", pk=loan.pk)
    return _to_meeting(item)


@allow(*COMMITTEE)
@require_GET
def ic_memo_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The IC memo as a web page (the PDF comes from the reporting app, from the same selector)."""
    application = _application(request, pk)
    if not (
        access.can_manage_fund(request.user, application.fund)
        or application.fund_id in access.ic_fund_ids(request.user)
    ):
        raise PermissionDenied
    return render(request, "portfolio/ic_memo.html", {"memo": ic_memo(application=application)})


@allow(Role.ADMIN, Role.FUND_MANAGER, Role.INVESTEE)
@require_GET
def loan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from portfolio.selectors.conditions import loan_conditions
    from portfolio.servicing_views import loan_servicing_context

    loan = access.get_visible_or_404(
        request.user, Loan.objects.select_related("fund", "organisation", "application", "decision"), pk=pk
    )
    return render(
        request,
        "portfolio/loan_detail.html",
        {
            "loan": loan,
            "conditions": loan_conditions(loan=loan),
            "covenants": list(loan.covenants.all()),
            "history": object_history(loan) if access.can_see_history(request.user) else [],
            **loan_servicing_context(request, loan),
        },
    )
