"""Place-based outcomes: the investee's anonymous person records, and the municipalities' outcome contracts with
their claims and payments."""

from django.contrib import messages
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
from impactmetrics.forms import ClaimForm, PaidForm, PersonEndForm, PersonRecordForm
from impactmetrics.models import ImpactPlan, OutcomeContract, PersonRecord
from impactmetrics.selectors.outcomes import (
    claimable_persons,
    contract_summaries,
    contract_totals,
    open_claims,
    person_rows,
)
from impactmetrics.services.outcomes import (
    outcome_payment_claim,
    outcome_payment_mark_paid,
    person_record_add,
    person_record_end,
)
from impactmetrics.views.params import today


def investee_with_plan_or_404(request: AuthenticatedHttpRequest, pk: int) -> Organisation:
    """The investee, if the user reports for it or manages a fund it has an impact plan with."""
    organisation = access.get_visible_or_404(request.user, Organisation, pk=pk)
    if not access.scope(request.user, ImpactPlan).filter(organisation=organisation).exists():
        raise Http404
    return organisation


@allow(*MANAGERS_AND_INVESTEES)
@require_http_methods(["GET", "POST"])
def person_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The investee's anonymous records of the people it placed in work, and a form to add one (the investee, or a
    fund manager on its behalf). No names or citizen service numbers: the service refuses a reference that looks
    like one."""
    organisation = investee_with_plan_or_404(request, pk)
    form = PersonRecordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        person = form_service_run(form, lambda d: person_record_add(actor=request.user, organisation=organisation, **d))
        if person is not None:
            messages.success(
                request,
                _("Recorded %(ref)s, living in %(m)s.") % {"ref": person.reference, "m": person.municipality.name},
            )
            return redirect("impact:person_list", pk=organisation.pk)
        status = 400
    day = today()
    rows = person_rows(persons=access.scope(request.user, PersonRecord).filter(organisation=organisation), as_of=day)
    return render(
        request,
        "impactmetrics/person_list.html",
        {"organisation": organisation, "form": form, "rows": rows, "today": day},
        status=status,
    )


@allow(*MANAGERS_AND_INVESTEES)
@require_http_methods(["GET", "POST"])
def person_end(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """Record that a person left work."""
    organisation = investee_with_plan_or_404(request, pk)
    person = access.get_visible_or_404(
        request.user, PersonRecord.objects.select_related("municipality"), pk=person_pk, organisation=organisation
    )
    form = PersonEndForm(request.POST or None, initial={"ended_on": person.ended_on or today()})
    status = 200
    if request.method == "POST":
        ended = form_service_run(form, lambda d: person_record_end(actor=request.user, person=person, **d))
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
def contract_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Municipalities' outcome contracts with what is due, claimed and paid under each, for the people placed by
    the investees of the user's funds."""
    contracts = list(
        access.scope(request.user, OutcomeContract)
        .select_related("municipality")
        .order_by("municipality__name", "start")
    )
    summaries = contract_summaries(contracts=contracts, as_of=today(), persons=access.scope(request.user, PersonRecord))
    return render(
        request,
        "impactmetrics/contract_list.html",
        {"summaries": summaries, "totals": contract_totals(summaries=summaries), "today": today()},
    )


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def contract_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One outcome contract: every person it concerns (due, claimed, paid); claim a person retained the contract's
    months, and record that the municipality paid a claim."""
    contract = access.get_visible_or_404(request.user, OutcomeContract.objects.select_related("municipality"), pk=pk)
    day = today()
    summary = contract_summaries(contracts=[contract], as_of=day, persons=access.scope(request.user, PersonRecord))[0]
    action = request.POST.get("action") if request.method == "POST" else None
    claim_form = ClaimForm(
        request.POST if action == "claim" else None,
        persons=claimable_persons(summary=summary),
        initial={"claimed_on": day},
    )
    paid_form = PaidForm(
        request.POST if action == "paid" else None,
        payments=open_claims(summary=summary),
        initial={"paid_on": day},
    )
    status = 200
    if action == "claim":
        claim = form_service_run(
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
        payment = form_service_run(
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
            "today": day,
        },
        status=status,
    )
