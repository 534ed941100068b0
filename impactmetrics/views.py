"""Impact pages: the investee portal, the manager's review, dashboards per fund and investee, the municipality's page.

Every view declares its roles and reads objects through fund.access; all numbers come from the selectors."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fund import access
from fund.access import allow
from fund.choices import Role
from fund.errors import DomainError
from fund.models import Fund, Municipality, Organisation
from impactmetrics.charts import actual_vs_target_svg, trend_svg
from impactmetrics.choices import MetricKind, RequestStatus, VersionStatus
from impactmetrics.models import DataRequest, Evidence, ImpactPlan, Metric, OutcomeContract, SroiAnalysis
from impactmetrics.selectors.aggregation import metric_aggregates, metric_contributions, metric_trend, quarters
from impactmetrics.selectors.outcomes import outcome_payments_summary, place_outcomes
from impactmetrics.selectors.requests import (
    data_request_list,
    overdue_data_requests,
    review_queue,
    submission_history,
)
from impactmetrics.services.sroi import analysis_assumptions, sroi_calculate, sroi_sensitivity
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
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


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
    return (_today() - datetime.timedelta(days=92)).year if _today().month <= 3 else _today().year


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


def _form_rows(data_request, metrics, source, posted, errors, warnings):
    """One row per entered metric: what to show in the form (posted input wins over the stored draft)."""
    previous = previous_approved_values(request=data_request)
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
        shown = (value.choice or (f"{value.value.normalize():f}" if value.value is not None else "")) if value else ""
        rows.append(
            {
                "metric": metric,
                "value": posted.get(value_key(metric.code), shown) if posted else shown,
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
            else:
                comments = {m.code: request.POST.get(f"review_{m.code}", "") for m in metrics}
                submission_return(
                    actor=user,
                    version=latest,
                    comments=comments,
                    general_comment=request.POST.get("review_comment", ""),
                )
                messages.success(request, _("Returned to the investee with your comments."))
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
    editable = latest is None or latest.status in (VersionStatus.DRAFT, VersionStatus.RETURNED)
    editable = editable and data_request.status != RequestStatus.SUBMITTED
    if latest is not None and latest.status == VersionStatus.APPROVED:
        editable = False
    source = latest
    warnings = {}
    rows = _form_rows(
        data_request, metrics, source, request.POST if request.method == "POST" else None, errors, warnings
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
            "can_review": _can_manage(request.user, data_request)
            and latest is not None
            and latest.status == VersionStatus.SUBMITTED,
            "review_rows": list(latest.values.select_related("metric")) if latest is not None else [],
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
    evidence = access.get_visible_or_404(request.user, Evidence, pk=evidence_pk, version__request__pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=evidence.name)


# ---- dashboards ------------------------------------------------------------------------------------------------


def _dashboard_rows(plans, year, as_of, metrics=None):
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    aggregates = metric_aggregates(plans=plans, start=start, end=end, as_of=as_of, metrics=metrics)
    by_code = {m.code: m for m in Metric.objects.filter(code__in=[a.code for a in aggregates])}
    periods = quarters(year_from=year - 2, year_to=year)
    rows = []
    for aggregate in aggregates:
        points = metric_trend(plans=plans, metric=by_code[aggregate.code], periods=periods, as_of=as_of)
        rows.append(
            {
                "aggregate": aggregate,
                "bar": actual_vs_target_svg(actual=aggregate.value, target=aggregate.target, label=aggregate.name),
                "trend": trend_svg(points, label=aggregate.name),
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
            "years": range(year - 2, year + 2),
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
            "years": range(year - 2, year + 2),
            "sections": sections,
            "has_sroi": SroiAnalysis.objects.filter(plan__in=plans).exists(),
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
    return render(request, "impactmetrics/investee_sroi.html", {"organisation": organisation, "items": items})


@allow(Role.ADMIN, Role.FUND_MANAGER, Role.MUNICIPALITY_OFFICER)
def municipality_impact(request: HttpRequest, code: str) -> HttpResponse:
    """What a municipality reads: only outcomes attributed to it, as aggregates (never another municipality's)."""
    municipality = access.get_visible_or_404(request.user, Municipality, code=code)
    year, as_of = _year(request, _default_year()), _as_of(request)
    day = min(_today(), datetime.date(year, 12, 31))
    plans = ImpactPlan.objects.filter(municipality=municipality)
    contracts = access.scope(request.user, OutcomeContract).filter(municipality=municipality).prefetch_related("rates")
    return render(
        request,
        "impactmetrics/municipality_impact.html",
        {
            "municipality": municipality,
            "year": year,
            "years": range(year - 2, year + 2),
            "day": day,
            "rows": _dashboard_rows(plans, year, as_of),
            "investees": plans.count(),
            "place": place_outcomes(municipality=municipality, as_of=day),
            "payments": [outcome_payments_summary(contract=c, as_of=day) for c in contracts],
        },
    )
