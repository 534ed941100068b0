"""A fund's distributions to its members (its managers): declare one (each member's share recorded, a notice each),
ask for its payout file, which a second manager approves on the approvals page, and download the file once made."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fund.access import allow
from fund.http import AuthenticatedHttpRequest
from fund.models import Distribution
from fund.roles import MANAGERS
from fund.service_calls import form_service_run
from fund.services.capital import capital_distribution_declare
from portfolio.selectors.distributions import fund_distributions
from portfolio.services.member_payments import distribution_payout_request
from portfolio.settings_forms import DistributionForm, PayoutRequestForm
from portfolio.views.common import managed_fund


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def distribution_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The fund's distributions with their payout state; a manager declares a new one here."""
    fund = managed_fund(request, slug)
    form = DistributionForm(request.POST or None)
    if request.method == "POST":
        distribution = form_service_run(
            form, lambda d: capital_distribution_declare(actor=request.user, fund=fund, **d)
        )
        if distribution is not None:
            messages.success(request, _("Distribution %(number)s declared.") % {"number": distribution.number})
            return redirect("portfolio:distributions", slug=fund.slug)
    return render(
        request,
        "portfolio/distributions.html",
        {"fund": fund, "distributions": fund_distributions(fund=fund), "form": form},
        status=400 if form.is_bound else 200,
    )


def _distribution(fund, number: int) -> Distribution:
    return get_object_or_404(Distribution, fund=fund, number=number)


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def distribution_payout_request_view(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    fund = managed_fund(request, slug)
    distribution = _distribution(fund, number)
    form = PayoutRequestForm(request.POST or None)
    if request.method == "POST":
        change = form_service_run(
            form,
            lambda d: distribution_payout_request(actor=request.user, distribution=distribution, reason=d["reason"]),
        )
        if change is not None:
            messages.success(
                request, _("Payout file requested; it is made when a second manager of the fund approves it.")
            )
            return redirect("fund:change_detail", pk=change.pk)
    return render(
        request,
        "portfolio/settings_change_form.html",
        {"form": form, "title": _("Pay out distribution %(number)s") % {"number": number}, "fund": fund},
    )


@allow(*MANAGERS)
def distribution_payout_file(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    """The approved payout file (pain.001) of a distribution; a 404 until a second manager approved it."""
    fund = managed_fund(request, slug)
    payment_file = getattr(_distribution(fund, number), "payment_file", None)
    if payment_file is None:
        raise Http404
    response = HttpResponse(payment_file.content.encode(), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="pain001-{fund.slug}-distribution-{number}.xml"'
    return response
