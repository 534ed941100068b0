"""SROI analyses: an investee's analyses with every assumption, and the form a fund manager sets one up with."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fund import access
from fund.access import allow
from fund.http import AuthenticatedHttpRequest
from fund.models import Organisation
from fund.roles import MANAGERS, MANAGERS_AND_INVESTEES
from fund.service_calls import form_service_run
from impactmetrics.forms import SroiAnalysisForm, SroiOutcomeFormSet
from impactmetrics.models import ImpactPlan, Metric, SroiAnalysis
from impactmetrics.selectors.sroi import sroi_analysis_results
from impactmetrics.services.sroi import OutcomeAssumptions, sroi_analysis_create


@allow(*MANAGERS_AND_INVESTEES)
def investee_sroi(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
    return render(
        request,
        "impactmetrics/investee_sroi.html",
        {
            "organisation": organisation,
            "items": sroi_analysis_results(analyses=analyses),
            "can_manage": any(access.can_manage_fund(request.user, a.plan.fund) for a in analyses),
        },
    )


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def sroi_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
        analysis = form_service_run(form, lambda d: sroi_save(request, d, formset), formset)
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


def sroi_save(request: AuthenticatedHttpRequest, data: dict, formset) -> SroiAnalysis | None:
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
