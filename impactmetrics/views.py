"""Impact pages: the investee portal, the manager's review, dashboards per fund and investee, the municipality's page.

Every view declares its roles and reads objects through fund.access; all numbers come from the selectors."""

import datetime
import posixpath
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fund import access
from fund.access import allow
from fund.charts import Series, chart_number, lines_svg, target_bar_svg
from fund.choices import Role
from fund.errors import DomainError
from fund.fields import number_read, number_write
from fund.models import Fund, Municipality, Organisation
from fund.periods import Quarter
from impactmetrics.choices import DataType, MetricKind, OutcomePaymentStatus, RequestStatus, VersionStatus
from impactmetrics.forms import (
    ClaimForm,
    PaidForm,
    PersonEndForm,
    PersonRecordForm,
    SroiAnalysisForm,
    SroiOutcomeFormSet,
)
from impactmetrics.models import (
    DataRequest,
    Evidence,
    ImpactPlan,
    Metric,
    OutcomeContract,
    PersonRecord,
    SroiAnalysis,
)
from impactmetrics.selectors.aggregation import (
    metric_aggregates,
    metric_contributions,
    metric_trend,
    region_plans,
)
from impactmetrics.selectors.outcomes import (
    PERSON_RECORD_METRICS,
    contract_summaries,
    outcome_payments_summary,
    person_rows,
    place_outcomes,
    region_place_outcomes,
    residents_placed_in_work,
)
from impactmetrics.selectors.requests import (
    data_request_list,
    figure_change,
    overdue_data_requests,
    review_queue,
    submission_figures,
    submission_history,
)
from impactmetrics.services.outcomes import (
    outcome_payment_claim,
    outcome_payment_mark_paid,
    person_record_add,
    person_record_end,
)
from impactmetrics.services.sroi import (
    OutcomeAssumptions,
    analysis_assumptions,
    sroi_analysis_create,
    sroi_calculate,
    sroi_sensitivity,
)
from impactmetrics.services.submissions import (
    SubmissionInput,
    evidence_add,
    request_metrics,
    submission_approve,
    submission_correction_start,
    submission_draft_save,
    submission_return,
    submission_submit,
)
from impactmetrics.services.validation import (
    comment_key,
    explanation_key,
    previous_approved_values,
    value_key,
)
from impactmetrics.services.xlsx import request_template_build, submission_upload

ALL = (Role.ADMIN, Role.FUND_MANAGER, Role.IC_MEMBER, Role.INVESTEE, Role.CO_INVESTOR, Role.MUNICIPALITY_OFFICER)
PORTAL = (Role.ADMIN, Role.FUND_MANAGER, Role.INVESTEE)
FUND_READERS = (Role.ADMIN, Role.FUND_MANAGER, Role.IC_MEMBER, Role.CO_INVESTOR)
MANAGERS = (Role.ADMIN, Role.FUND_MANAGER)


def _today() -> datetime.date:
    return timezone.localdate()


def _year(request: HttpRequest, default: int) -> int:
    """The year asked for, if it is one that has begun (no figures exist for a future year)."""
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= _today().year else default


def _years(year: int) -> range:
    """The years the picker offers around the one shown: two before it, and the next one only if it has begun."""
    return range(year - 2, min(year + 1, _today().year) + 1)


def _as_of(request: HttpRequest) -> datetime.datetime | None:
    raw = request.GET.get("as_of")
    if not raw:
        return None
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _default_year() -> int:
    """The year of the latest quarter that has ended."""
    return Quarter.last_completed(_today()).year


@allow(*ALL)
def index(request: HttpRequest) -> HttpResponse:
    """What this user does with impact: report (investee), review (manager), read (others)."""
    user = request.user
    visible_requests = access.scope(user, DataRequest)
    managed = access.is_admin(user) or bool(access.managed_fund_ids(user))
    return render(
        request,
        "impactmetrics/index.html",
        {
            "my_requests": data_request_list(
                requests=visible_requests.filter(plan__organisation__pk__in=access.investee_organisation_ids(user))
            )[:40],
            "review": review_queue(requests=visible_requests)[:50] if managed else [],
            "overdue": overdue_data_requests(requests=visible_requests, today=_today())[:50] if managed else [],
            "funds": access.scope(user, Fund).order_by("name")
            if set(access.role_names(user)) & set(FUND_READERS)
            else [],
            "municipalities": access.scope(user, Municipality).filter(pk__in=access.officer_municipality_ids(user)),
            "my_organisations": access.scope(user, Organisation).filter(pk__in=access.investee_organisation_ids(user)),
            "today": _today(),
            "managed": managed,
        },
    )


@allow(*ALL)
def metric_catalog(request: HttpRequest) -> HttpResponse:
    metrics = access.scope(request.user, Metric).filter(is_active=True).prefetch_related("themes")
    return render(
        request,
        "impactmetrics/metric_catalog.html",
        {"metrics": metrics.select_related("numerator", "denominator", "part_of")},
    )


# ---- the portal and the review ---------------------------------------------------------------------------------


def _can_manage(user, data_request: DataRequest) -> bool:
    return access.can_manage_fund(user, data_request.plan.fund)


def _typed_number(text: str) -> Decimal | None:
    """The number typed in the form, read as the page's language writes it; None when empty or unreadable."""
    try:
        return number_read(text) if text else None
    except ValidationError:
        return None


def _form_rows(data_request, metrics, source, posted, errors, warnings, previous):
    """One row per entered metric: what to show in the form (posted input wins over the stored draft), with the
    previous period's approved value and the change against it."""
    stored = {v.metric_id: v for v in source.values.all()} if source else {}
    returned = {}
    last_returned = data_request.versions.filter(status=VersionStatus.RETURNED).order_by("-number").first()
    if last_returned is not None:
        returned = {v.metric_id: v.review_comment for v in last_returned.values.all() if v.review_comment}
    rows = []
    for metric in metrics:
        if not metric.is_entered:
            continue
        value = stored.get(metric.pk)
        # a stored number is shown as the page's language writes it, so saving the form again reads the same value
        shown = (value.choice or (number_write(value.value) if value.value is not None else "")) if value else ""
        shown = posted.get(value_key(metric.code), shown) if posted else shown
        rows.append(
            {
                "metric": metric,
                "value": shown,
                "change": figure_change(
                    value=_typed_number(shown) if metric.data_type != DataType.CHOICE else None,
                    previous=previous.get(metric.code),
                    data_type=metric.data_type,
                ),
                "comment": posted.get(comment_key(metric.code), value.comment if value else "")
                if posted
                else (value.comment if value else ""),
                "explanation": posted.get(explanation_key(metric.code), value.explanation if value else "")
                if posted
                else (value.explanation if value else ""),
                "value_errors": errors.get(value_key(metric.code), []),
                "explanation_errors": errors.get(explanation_key(metric.code), []),
                "warning": warnings.get(metric.code, ""),
                "previous": previous.get(metric.code),
                "review_comment": returned.get(metric.pk, ""),
                "value_name": value_key(metric.code),
                "comment_name": comment_key(metric.code),
                "explanation_name": explanation_key(metric.code),
            }
        )
    return rows


def _posted_input(post, metrics) -> SubmissionInput:
    codes = [m.code for m in metrics if m.is_entered]
    return SubmissionInput(
        raw={c: post.get(value_key(c), "") for c in codes},
        comments={c: post.get(comment_key(c), "") for c in codes},
        explanations={c: post.get(explanation_key(c), "") for c in codes},
    )


def _to_review(data_request: DataRequest) -> HttpResponse:
    """Back to the review on the request's page: the reviewer stays where they were working."""
    return redirect(reverse("impact:request_detail", args=[data_request.pk]) + "#review")


def _handle_post(request, data_request, metrics) -> tuple[HttpResponse | None, dict, list[str]]:
    """Run the chosen action; returns (redirect, field errors, general errors)."""
    action = request.POST.get("action", "")
    user = request.user
    manager = _can_manage(user, data_request)
    latest = data_request.versions.order_by("-number").first()
    try:
        if action in ("save", "submit"):
            service = submission_draft_save if action == "save" else submission_submit
            service(actor=user, request=data_request, data=_posted_input(request.POST, metrics))
            messages.success(request, _("Draft saved.") if action == "save" else _("Submitted for review. Thank you."))
        elif action == "upload":
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError({"file": [_("Choose the filled-in template to upload.")]})
            submission_upload(actor=user, request=data_request, content=upload.read())
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
                return _to_review(data_request), {}, []
            else:
                comments = {m.code: request.POST.get(f"review_{m.code}", "") for m in metrics}
                submission_return(
                    actor=user,
                    version=latest,
                    comments=comments,
                    general_comment=request.POST.get("review_comment", ""),
                )
                messages.success(request, _("Returned to the investee with your comments."))
                return _to_review(data_request), {}, []
        elif action == "correct":
            submission_correction_start(actor=user, request=data_request, reason=request.POST.get("reason", ""))
            messages.success(request, _("Correction started: change the values and submit them for review."))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        errors = exc.message_dict
        general = [m for key, msgs in errors.items() if not key.startswith(("value_", "explanation_")) for m in msgs]
        return None, errors, general
    except DomainError as exc:
        return None, {}, [str(exc)]
    return redirect("impact:request_detail", pk=data_request.pk), {}, []


@allow(*PORTAL)
@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The investee answers its request here (form or XLSX upload, drafts, evidence, submit); the fund manager
    reviews it (approve, or return with a comment per value); both see every version."""
    data_request = access.get_visible_or_404(
        request.user, DataRequest.objects.select_related("plan__organisation", "plan__fund", "period"), pk=pk
    )
    metrics = request_metrics(data_request)
    errors, general, status = {}, [], 200
    if request.method == "POST":
        response, errors, general = _handle_post(request, data_request, metrics)
        if response is not None:
            return response
        status = 400
    history = submission_history(request=data_request)
    latest = history[-1].version if history else None
    # Only the organisation that reports fills in the form; the fund reviews what it submitted.
    is_reporter = data_request.plan.organisation_id in access.investee_organisation_ids(request.user)
    editable = latest is None or latest.status in (VersionStatus.DRAFT, VersionStatus.RETURNED)
    editable = is_reporter and editable and data_request.status != RequestStatus.SUBMITTED
    if latest is not None and latest.status == VersionStatus.APPROVED:
        editable = False
    source = latest
    warnings = {}
    previous = previous_approved_values(request=data_request)
    rows = _form_rows(
        data_request, metrics, source, request.POST if request.method == "POST" else None, errors, warnings, previous
    )
    # The latest version handed in (not a draft being typed): what the reviewer reviews and the investee submitted.
    handed_in = next((h.version for h in reversed(history) if h.version.status != VersionStatus.DRAFT), None)
    can_review = (
        _can_manage(request.user, data_request) and latest is not None and latest.status == VersionStatus.SUBMITTED
    )
    return render(
        request,
        "impactmetrics/request_detail.html",
        {
            "data_request": data_request,
            "plan": data_request.plan,
            "rows": rows,
            "ratios": [m for m in metrics if not m.is_entered],
            "history": list(reversed(history)),
            "latest": latest,
            "editable": editable,
            "can_review": can_review,
            "handed_in": handed_in,
            # What was handed in, figure by figure: for review, or read-only for whoever is not filling in the form.
            "figures": submission_figures(version=handed_in, metrics=metrics, previous=previous)
            if handed_in is not None and (can_review or not editable)
            else [],
            "can_correct": data_request.status == RequestStatus.APPROVED
            and latest is not None
            and latest.status == VersionStatus.APPROVED,
            "evidence": Evidence.objects.filter(version__request=data_request).select_related("uploaded_by"),
            "general_errors": general,
            "overdue": data_request.status in (RequestStatus.OPEN, RequestStatus.RETURNED)
            and data_request.due_date < _today(),
        },
        status=status,
    )


@allow(*PORTAL)
def request_template(request: HttpRequest, pk: int) -> HttpResponse:
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


@allow(*PORTAL)
def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
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


# ---- dashboards ------------------------------------------------------------------------------------------------


def _dashboard_rows(plans, year, as_of, metrics=None):
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    aggregates = metric_aggregates(plans=plans, start=start, end=end, as_of=as_of, metrics=metrics)
    by_code = {m.code: m for m in Metric.objects.filter(code__in=[a.code for a in aggregates])}
    periods = Quarter.of_years(year - 2, year)
    rows = []
    for aggregate in aggregates:
        points = metric_trend(plans=plans, metric=by_code[aggregate.code], periods=periods, as_of=as_of)
        rows.append(
            {
                "aggregate": aggregate,
                "bar": target_bar_svg(
                    value=aggregate.value, target=aggregate.target, fmt=chart_number, title=aggregate.name
                ),
                "trend": lines_svg(
                    [p.label for p in points],
                    [Series("", [p.value for p in points])],
                    fmt=chart_number,
                    title=aggregate.name,
                    width=260,
                    height=72,
                    from_zero=False,  # how the figure moved: its lowest and highest value on the axis
                    css_class="trend",
                ),
                "is_ratio": aggregate.kind == MetricKind.RATIO,
            }
        )
    return rows


@allow(*FUND_READERS)
def fund_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """A fund's impact for a year: every metric with actual against target, coverage and a three-year trend."""
    fund = access.get_visible_or_404(request.user, Fund, slug=slug)
    year, as_of = _year(request, _default_year()), _as_of(request)
    plans = ImpactPlan.objects.filter(fund=fund)
    can_drill = access.scope(request.user, ImpactPlan).filter(fund=fund).exists()
    return render(
        request,
        "impactmetrics/fund_dashboard.html",
        {
            "fund": fund,
            "year": year,
            "years": _years(year),
            "as_of": request.GET.get("as_of", ""),
            "rows": _dashboard_rows(plans, year, as_of),
            "investees": plans.count(),
            "can_drill": can_drill,
            "overdue": overdue_data_requests(
                requests=access.scope(request.user, DataRequest).filter(plan__fund=fund), today=_today()
            )
            if can_drill
            else [],
        },
    )


@allow(*MANAGERS)
def fund_metric_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Drill-down: the investees behind a fund figure, each with the approved submissions it comes from."""
    fund = access.get_visible_or_404(request.user, Fund, slug=slug)
    metric = access.get_visible_or_404(
        request.user, Metric.objects.select_related("numerator", "denominator"), code=code
    )
    year, as_of = _year(request, _default_year()), _as_of(request)
    plans = access.scope(request.user, ImpactPlan).filter(fund=fund)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return render(
        request,
        "impactmetrics/fund_metric_detail.html",
        {
            "fund": fund,
            "metric": metric,
            "year": year,
            "rows": metric_contributions(plans=plans, metric=metric, start=start, end=end, as_of=as_of),
            "total": next(
                iter(
                    metric_aggregates(
                        plans=plans, start=start, end=end, as_of=as_of, metrics=Metric.objects.filter(pk=metric.pk)
                    )
                ),
                None,
            ),
        },
    )


@allow(*PORTAL)
def investee_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """An investee's impact per plan: actual against target per metric, trends, its requests and SROI."""
    organisation = access.get_visible_or_404(request.user, Organisation, pk=pk)
    plans = list(
        access.scope(request.user, ImpactPlan).filter(organisation=organisation).select_related("fund", "municipality")
    )
    if not plans:
        raise Http404
    year, as_of = _year(request, _default_year()), _as_of(request)
    sections = [
        {
            "plan": plan,
            "rows": _dashboard_rows(ImpactPlan.objects.filter(pk=plan.pk), year, as_of),
            "requests": data_request_list(requests=plan.requests.all())[:16],
        }
        for plan in plans
    ]
    return render(
        request,
        "impactmetrics/investee_dashboard.html",
        {
            "organisation": organisation,
            "year": year,
            "years": _years(year),
            "sections": sections,
            "has_sroi": SroiAnalysis.objects.filter(plan__in=plans).exists(),
            "can_manage": any(access.can_manage_fund(request.user, plan.fund) for plan in plans),
            "today": _today(),
        },
    )


@allow(*PORTAL)
def investee_sroi(request: HttpRequest, pk: int) -> HttpResponse:
    """The investee's SROI analyses, each with every assumption and a sensitivity table (never a bare number)."""
    organisation = access.get_visible_or_404(request.user, Organisation, pk=pk)
    analyses = list(
        access.scope(request.user, SroiAnalysis)
        .filter(plan__organisation=organisation)
        .select_related("plan__fund")
        .prefetch_related("outcomes")
        .order_by("-created_at")
    )
    if not analyses:
        raise Http404
    items = []
    for analysis in analyses:
        outcomes = analysis_assumptions(analysis)
        result = sroi_calculate(
            outcomes=outcomes, discount_rate=analysis.discount_rate, investment=analysis.investment.amount
        )
        items.append(
            {
                "analysis": analysis,
                "outcomes": list(zip(analysis.outcomes.all(), result.outcomes, strict=True)),
                "result": result,
                "sensitivity": sroi_sensitivity(
                    outcomes=outcomes, discount_rate=analysis.discount_rate, investment=analysis.investment.amount
                ),
            }
        )
    return render(
        request,
        "impactmetrics/investee_sroi.html",
        {
            "organisation": organisation,
            "items": items,
            "can_manage": any(access.can_manage_fund(request.user, a.plan.fund) for a in analyses),
        },
    )


@allow(Role.ADMIN, Role.FUND_MANAGER, Role.MUNICIPALITY_OFFICER)
def municipality_impact(request: HttpRequest, code: str) -> HttpResponse:
    """What a municipality reads: only outcomes attributed to it, as aggregates (never another municipality's)."""
    municipality = access.get_visible_or_404(request.user, Municipality, code=code)
    year, as_of = _year(request, _default_year()), _as_of(request)
    day = min(_today(), datetime.date(year, 12, 31))
    plans = ImpactPlan.objects.filter(municipality=municipality)
    contracts = access.scope(request.user, OutcomeContract).filter(municipality=municipality).prefetch_related("rates")
    # Placement figures come from the residents' person records only (residents_placed_in_work), never from the
    # totals the enterprises report for their own workforce.
    reported = Metric.objects.exclude(code__in=PERSON_RECORD_METRICS)
    return render(
        request,
        "impactmetrics/municipality_impact.html",
        {
            "municipality": municipality,
            "year": year,
            "years": _years(year),
            "as_of": request.GET.get("as_of", ""),
            "day": day,
            "rows": _dashboard_rows(plans, year, as_of, metrics=reported),
            "investees": plans.count(),
            "placed_in_year": residents_placed_in_work(
                municipality=municipality, start=datetime.date(year, 1, 1), end=day
            ),
            "place": place_outcomes(municipality=municipality, as_of=day),
            "payments": [outcome_payments_summary(contract=c, as_of=day) for c in contracts],
        },
    )


# ---- place-based outcomes: person records, outcome claims, regions -----------------------------------------------


def _submit(form, save, *extra_forms):
    """Run the service with the form's data; put each message of its ValidationError on the field it names (a key
    the form does not have goes to the form as a whole). Returns what the service returned, or None."""
    if not form.is_valid() or not all(f.is_valid() for f in extra_forms):
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    except DomainError as exc:
        form.add_error(None, str(exc))
    return None


def _investee_with_plan_or_404(request: HttpRequest, pk: int) -> Organisation:
    """The investee, if the user reports for it or manages a fund it has an impact plan with."""
    organisation = access.get_visible_or_404(request.user, Organisation, pk=pk)
    if not access.scope(request.user, ImpactPlan).filter(organisation=organisation).exists():
        raise Http404
    return organisation


@allow(*PORTAL)
@require_http_methods(["GET", "POST"])
def person_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The investee's anonymous records of the people it placed in work, and a form to add one (the investee, or a
    fund manager on its behalf). No names or citizen service numbers: the service refuses a reference that looks
    like one."""
    organisation = _investee_with_plan_or_404(request, pk)
    form = PersonRecordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        person = _submit(form, lambda d: person_record_add(actor=request.user, organisation=organisation, **d))
        if person is not None:
            messages.success(
                request,
                _("Recorded %(ref)s, living in %(m)s.") % {"ref": person.reference, "m": person.municipality.name},
            )
            return redirect("impact:person_list", pk=organisation.pk)
        status = 400
    today = _today()
    rows = person_rows(persons=access.scope(request.user, PersonRecord).filter(organisation=organisation), as_of=today)
    return render(
        request,
        "impactmetrics/person_list.html",
        {"organisation": organisation, "form": form, "rows": rows, "today": today},
        status=status,
    )


@allow(*PORTAL)
@require_http_methods(["GET", "POST"])
def person_end(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """Record that a person left work."""
    organisation = _investee_with_plan_or_404(request, pk)
    person = access.get_visible_or_404(
        request.user, PersonRecord.objects.select_related("municipality"), pk=person_pk, organisation=organisation
    )
    form = PersonEndForm(request.POST or None, initial={"ended_on": person.ended_on or _today()})
    status = 200
    if request.method == "POST":
        ended = _submit(form, lambda d: person_record_end(actor=request.user, person=person, **d))
        if ended is not None:
            messages.success(
                request,
                _("Recorded that %(ref)s left work on %(day)s.") % {"ref": ended.reference, "day": ended.ended_on},
            )
            return redirect("impact:person_list", pk=organisation.pk)
        status = 400
    return render(
        request,
        "impactmetrics/person_end.html",
        {"organisation": organisation, "person": person, "form": form},
        status=status,
    )


@allow(*MANAGERS)
def contract_list(request: HttpRequest) -> HttpResponse:
    """Municipalities' outcome contracts with what is due, claimed and paid under each, for the people placed by
    the investees of the user's funds."""
    contracts = list(
        access.scope(request.user, OutcomeContract)
        .select_related("municipality")
        .order_by("municipality__name", "start")
    )
    summaries = contract_summaries(
        contracts=contracts, as_of=_today(), persons=access.scope(request.user, PersonRecord)
    )
    return render(
        request,
        "impactmetrics/contract_list.html",
        {
            "summaries": summaries,
            "totals": {
                "due": sum((s.due for s in summaries), Decimal("0.00")),
                "claimed": sum((s.claimed for s in summaries), Decimal("0.00")),
                "paid": sum((s.paid for s in summaries), Decimal("0.00")),
            },
            "today": _today(),
        },
    )


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One outcome contract: every person it concerns (due, claimed, paid); claim a person retained the contract's
    months, and record that the municipality paid a claim."""
    contract = access.get_visible_or_404(request.user, OutcomeContract.objects.select_related("municipality"), pk=pk)
    persons = access.scope(request.user, PersonRecord)
    today = _today()
    summary = contract_summaries(contracts=[contract], as_of=today, persons=persons)[0]
    action = request.POST.get("action") if request.method == "POST" else None
    claim_form = ClaimForm(
        request.POST if action == "claim" else None,
        persons=PersonRecord.objects.filter(pk__in=[line.person_id for line in summary.lines if line.status == "due"])
        .select_related("organisation")
        .order_by("reference"),
        initial={"claimed_on": today},
    )
    paid_form = PaidForm(
        request.POST if action == "paid" else None,
        payments=contract.payments.filter(
            status=OutcomePaymentStatus.CLAIMED, person__in=[line.person_id for line in summary.lines]
        )
        .select_related("person")
        .order_by("claimed_on"),
        initial={"paid_on": today},
    )
    status = 200
    if action == "claim":
        claim = _submit(
            claim_form,
            lambda d: outcome_payment_claim(
                actor=request.user, contract=contract, person=d["person"], claimed_on=d["claimed_on"]
            ),
        )
        if claim is not None:
            messages.success(
                request, _("Claimed %(amount)s for %(ref)s.") % {"amount": claim.amount, "ref": claim.person.reference}
            )
            return redirect("impact:contract_detail", pk=contract.pk)
        status = 400
    elif action == "paid":
        payment = _submit(
            paid_form,
            lambda d: outcome_payment_mark_paid(actor=request.user, payment=d["payment"], paid_on=d["paid_on"]),
        )
        if payment is not None:
            messages.success(request, _("Recorded the payment for %(ref)s.") % {"ref": payment.person.reference})
            return redirect("impact:contract_detail", pk=contract.pk)
        status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "impactmetrics/contract_detail.html",
        {
            "contract": contract,
            "summary": summary,
            "rates": list(contract.rates.all()),
            "claim_form": claim_form,
            "paid_form": paid_form,
            "today": today,
        },
        status=status,
    )


@allow(*MANAGERS)
def region_list(request: HttpRequest) -> HttpResponse:
    """The labour-market regions that the user's investees' outcomes are attributed to."""
    regions: dict[str, dict] = {}
    plan_counts = (
        access.scope(request.user, ImpactPlan)
        .order_by()
        .values(code=F("municipality__labour_market_region__code"), name=F("municipality__labour_market_region__name"))
        .annotate(n=Count("pk", distinct=True))
    )
    for row in plan_counts:
        regions.setdefault(row["code"], {"code": row["code"], "name": row["name"], "plans": 0, "persons": 0})
        regions[row["code"]]["plans"] = row["n"]
    person_counts = (
        access.scope(request.user, PersonRecord)
        .order_by()
        .values(code=F("municipality__labour_market_region__code"), name=F("municipality__labour_market_region__name"))
        .annotate(n=Count("pk", distinct=True))
    )
    for row in person_counts:
        regions.setdefault(row["code"], {"code": row["code"], "name": row["name"], "plans": 0, "persons": 0})
        regions[row["code"]]["persons"] = row["n"]
    return render(
        request, "impactmetrics/region_list.html", {"regions": sorted(regions.values(), key=lambda r: r["code"])}
    )


@allow(*MANAGERS)
def region_impact(request: HttpRequest, code: str) -> HttpResponse:
    """A labour-market region's impact: the metrics of the plans attributed to its municipalities (with coverage),
    and its residents placed in work, in total and per municipality. Each outcome is attributed to one municipality,
    so the region counts it once."""
    municipalities = list(
        access.scope(request.user, Municipality)
        .filter(labour_market_region__code=code)
        .select_related("labour_market_region")
        .order_by("name")
    )
    if not municipalities:
        raise Http404
    region = municipalities[0].labour_market_region
    year, as_of = _year(request, _default_year()), _as_of(request)
    day = min(_today(), datetime.date(year, 12, 31))
    plans = region_plans(plans=access.scope(request.user, ImpactPlan), region_code=code)
    plan_counts = dict(plans.order_by().values_list("municipality_id").annotate(n=Count("pk", distinct=True)))
    place = region_place_outcomes(
        region_name=region.name,
        municipalities=municipalities,
        as_of=day,
        persons=access.scope(request.user, PersonRecord),
    )
    return render(
        request,
        "impactmetrics/region_impact.html",
        {
            "region": region,
            "year": year,
            "years": _years(year),
            "as_of": request.GET.get("as_of", ""),
            "day": day,
            "rows": _dashboard_rows(plans, year, as_of),
            "investees": sum(plan_counts.values()),
            "place": place,
            "municipalities": [
                {"municipality": m, "plans": plan_counts.get(m.pk, 0)} for m in municipalities if plan_counts.get(m.pk)
            ],
        },
    )


# ---- SROI analyses -----------------------------------------------------------------------------------------------


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def sroi_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A fund manager sets up an SROI analysis for an investee: the investment and discount rate, and one or more
    outcomes each with its quantity, financial proxy, their sources and the four adjustments."""
    organisation = access.get_visible_or_404(request.user, Organisation, pk=pk)
    plans = (
        access.scope(request.user, ImpactPlan)
        .filter(organisation=organisation)
        .select_related("fund", "organisation")
        .order_by("fund__name")
    )
    plan_list = list(plans)
    if not plan_list:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = SroiAnalysisForm(data, plans=plans, initial={"plan": plan_list[0].pk} if len(plan_list) == 1 else {})
    formset = SroiOutcomeFormSet(
        data,
        prefix="outcomes",
        form_kwargs={"metrics": access.scope(request.user, Metric).filter(is_active=True).order_by("code")},
    )
    status = 200
    if request.method == "POST":
        analysis = _submit(form, lambda d: _sroi_save(request, d, formset), formset)
        if analysis is not None:
            messages.success(request, _("SROI analysis “%(title)s” saved.") % {"title": analysis.title})
            return redirect("impact:investee_sroi", pk=organisation.pk)
        status = 400
    return render(
        request,
        "impactmetrics/sroi_form.html",
        {"organisation": organisation, "form": form, "formset": formset},
        status=status,
    )


def _sroi_save(request: HttpRequest, data: dict, formset) -> SroiAnalysis | None:
    """Call sroi_analysis_create with the filled-in outcome forms; its `outcomes.<i>.<field>` errors go to the i-th
    filled-in form's field."""
    filled = [f for f in formset.forms if f.cleaned_data]
    outcomes = [
        OutcomeAssumptions(
            name=f.cleaned_data["name"],
            quantity=f.cleaned_data["quantity"],
            proxy=f.cleaned_data["proxy"],
            deadweight=f.cleaned_data["deadweight"],
            displacement=f.cleaned_data["displacement"],
            attribution=f.cleaned_data["attribution"],
            drop_off=f.cleaned_data["drop_off"],
            duration_years=f.cleaned_data["duration_years"],
            proxy_source=f.cleaned_data["proxy_source"],
            quantity_source=f.cleaned_data["quantity_source"],
        )
        for f in filled
    ]
    try:
        return sroi_analysis_create(
            actor=request.user,
            plan=data["plan"],
            title=data["title"],
            investment=data["investment"],
            discount_rate=data["discount_rate"],
            outcomes=outcomes,
            metrics={f.cleaned_data["name"]: f.cleaned_data["metric"] for f in filled if f.cleaned_data["metric"]},
        )
    except ValidationError as exc:
        outcome_errors = {k: v for k, v in exc.message_dict.items() if k.startswith("outcomes.")}
        for key, errors in outcome_errors.items():
            _prefix, index, field = key.split(".", 2)
            filled[int(index)].add_error(field, errors)
        rest = {k: v for k, v in exc.message_dict.items() if k not in outcome_errors}
        if rest:
            raise ValidationError(rest) from exc
        raise ValidationError({}) from exc
