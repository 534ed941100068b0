"""Pages of a fund's members and their capital: admission, commitments, calls, contributions, distributions and
reversals. Each declares its roles (fund.access.allow) and reads objects through the access scope."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fund import access
from fund.access import allow
from fund.forms import (
    CapitalCallForm,
    CapitalMovementForm,
    MemberAdmitForm,
    ReversalForm,
)
from fund.http import AuthenticatedHttpRequest
from fund.models import CapitalMovement, Fund, Member, Municipality, Organisation
from fund.once import submit_once
from fund.roles import MANAGERS, MEMBER_READERS
from fund.selectors import (
    capital_call_lines,
    member_capital_accounts,
    object_history,
)
from fund.service_calls import form_service_run
from fund.services.capital import (
    capital_call_issue,
    capital_commit,
    capital_contribution_record,
    capital_distribution_record,
    capital_movement_reverse,
    member_admit,
)


def _managed_fund_or_404(request: AuthenticatedHttpRequest, slug: str) -> Fund:
    fund = access.get_visible_or_404(request.user, Fund, slug=slug)
    if not access.can_manage_fund(request.user, fund):
        raise PermissionDenied
    return fund


def _member_page(
    request: AuthenticatedHttpRequest, member: Member, form: CapitalMovementForm | None = None, status: int = 200
):
    today = timezone.localdate()
    can_manage = access.can_manage_fund(request.user, member.fund)
    return render(
        request,
        "fund/member_detail.html",
        {
            "member": member,
            "account": next(
                iter(
                    member_capital_accounts(fund=member.fund, as_of=today, members=Member.objects.filter(pk=member.pk))
                ),
                None,
            ),
            "call_lines": capital_call_lines(member_ids=[member.pk]),
            "movements": member.capital_movements.select_related("capital_call", "reverses")
            .prefetch_related("reversed_by")
            .order_by("-value_date", "-id"),  # newest first, like every dated list
            "can_manage": can_manage,
            "movement_form": (form or CapitalMovementForm(fund=member.fund)) if can_manage else None,
            "history": object_history(member) if access.can_see_history(request.user) else [],
            "today": today,
        },
        status=status,
    )


@allow(*MEMBER_READERS)
def member_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A member's capital account and every movement behind it (reversals shown next to what they cancel)."""
    member = access.get_visible_or_404(
        request.user, Member.objects.select_related("fund", "organisation", "municipality"), pk=pk
    )
    return _member_page(request, member)


@allow(*MANAGERS)
@require_http_methods(["POST"])
def capital_movement_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record a commitment, contribution or distribution for a member of a fund the user manages."""
    member = access.get_visible_or_404(request.user, Member.objects.select_related("fund", "organisation"), pk=pk)
    if not access.can_manage_fund(request.user, member.fund):
        raise PermissionDenied
    form = CapitalMovementForm(request.POST, fund=member.fund)

    def record(data):
        common = {
            "actor": request.user,
            "member": member,
            "amount": data["amount"],
            "value_date": data["value_date"],
            "reference": data["reference"],
        }
        if data["kind"] == "contribution":
            return capital_contribution_record(**common, capital_call=data["capital_call"])
        return {"commitment": capital_commit, "distribution": capital_distribution_record}[data["kind"]](**common)

    outcome = {}

    def record_once() -> bool:
        outcome["movement"] = form_service_run(form, record)
        return outcome["movement"] is not None

    if not submit_once(request, record_once):  # sent twice: the page lists what the first submit recorded
        return redirect("fund:member_detail", pk=member.pk)
    if outcome["movement"] is None:
        return _member_page(request, member, form=form, status=400)
    messages.success(request, _("Recorded: %(movement)s.") % {"movement": outcome["movement"]})
    return redirect("fund:member_detail", pk=member.pk)


@allow(*MANAGERS)
@require_http_methods(["POST"])
def capital_movement_reverse_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    movement = access.get_visible_or_404(request.user, CapitalMovement.objects.select_related("member__fund"), pk=pk)
    if not access.can_manage_fund(request.user, movement.member.fund):
        raise PermissionDenied
    form = ReversalForm(request.POST)
    reversal = form_service_run(
        form, lambda d: capital_movement_reverse(actor=request.user, movement=movement, reason=d["reason"])
    )
    if reversal is None:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, _("Reversed: %(movement)s.") % {"movement": movement})
    return redirect("fund:member_detail", pk=movement.member_id)


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def capital_call_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    fund = _managed_fund_or_404(request, slug)
    form = CapitalCallForm(request.POST or None)
    if request.method == "POST":
        outcome = {}

        def issue_once() -> bool:
            outcome["call"] = form_service_run(form, lambda d: capital_call_issue(actor=request.user, fund=fund, **d))
            return outcome["call"] is not None

        if not submit_once(request, issue_once):  # sent twice: the fund page lists the call the first submit issued
            return redirect("fund:fund_detail", slug=fund.slug)
        call = outcome["call"]
        if call is not None:
            messages.success(
                request,
                _("Capital call %(number)s issued to %(count)s members.")
                % {"number": call.number, "count": call.movements.count()},
            )
            return redirect("fund:fund_detail", slug=fund.slug)
    return render(
        request,
        "fund/simple_form.html",
        {
            "form": form,
            "title": _("Issue a capital call for %(fund)s") % {"fund": fund},
            "back": fund,
            "help": _(
                "Each member is called this percent of its commitment, rounded to the cent, "
                "never more than its unfunded commitment."
            ),
        },
    )


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def member_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    fund = _managed_fund_or_404(request, slug)
    form = MemberAdmitForm(
        request.POST or None,
        organisations=access.scope(request.user, Organisation).exclude(memberships__fund=fund).order_by("legal_name"),
        municipalities=Municipality.objects.filter(valid_to__isnull=True).order_by("name"),
    )
    if request.method == "POST":
        member = form_service_run(form, lambda d: member_admit(actor=request.user, fund=fund, **d))
        if member is not None:
            messages.success(request, _("%(member)s admitted.") % {"member": member})
            return redirect("fund:member_detail", pk=member.pk)
    return render(
        request,
        "fund/simple_form.html",
        {"form": form, "title": _("Admit a member to %(fund)s") % {"fund": fund}, "back": fund},
    )
