"""Pages of the four-eyes mechanism: a fund's changes awaiting approval (and decided ones), and one change with its
old and new values side by side and the decisions the reader may take. The services refuse what the buttons hide."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fund import access
from fund.access import allow
from fund.http import AuthenticatedHttpRequest
from fund.models import Fund, PendingChange
from fund.roles import MANAGERS_AND_COMMITTEE
from fund.selectors import pending_changes_for
from fund.service_calls import service_run
from fund.services.approvals import (
    approval_kind_label,
    change_approve,
    change_may_decide,
    change_may_withdraw,
    change_reject,
    change_rows,
    change_withdraw,
)

CHANGES_PER_PAGE = 25


@allow(*MANAGERS_AND_COMMITTEE)
def change_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A fund's four-eyes changes the user may see: awaiting approval first, then decided, 25 a page."""
    fund = access.get_visible_or_404(request.user, Fund, slug=slug)
    page = Paginator(pending_changes_for(request.user, fund=fund), CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "change": change,
            "kind": approval_kind_label(change.kind),
            "may_decide": change_may_decide(request.user, change),
        }
        for change in page
    ]
    return render(request, "fund/change_list.html", {"fund": fund, "page": page, "rows": rows})


def _visible_change(request: AuthenticatedHttpRequest, pk: int) -> PendingChange:
    return access.get_visible_or_404(
        request.user, PendingChange.objects.select_related("fund", "requested_by", "decided_by", "target_type"), pk=pk
    )


@allow(*MANAGERS_AND_COMMITTEE)
def change_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One change: what, why, who asked, old and new side by side; approve/reject for a checker, withdraw for the
    requester."""
    change = _visible_change(request, pk)
    return render(
        request,
        "fund/change_detail.html",
        {
            "change": change,
            "kind": approval_kind_label(change.kind),
            "rows": change_rows(change),
            "may_decide": change_may_decide(request.user, change),
            "may_withdraw": change_may_withdraw(request.user, change),
            "own_change": change.requested_by_id == request.user.pk,
        },
    )


@allow(*MANAGERS_AND_COMMITTEE)
@require_POST
def change_approve_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    change = _visible_change(request, pk)
    service_run(request, lambda: change_approve(actor=request.user, change=change), _("Change approved and made."))
    return redirect("fund:change_detail", pk=change.pk)


@allow(*MANAGERS_AND_COMMITTEE)
@require_POST
def change_reject_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    change = _visible_change(request, pk)
    service_run(
        request,
        lambda: change_reject(actor=request.user, change=change, note=request.POST.get("note", "")),
        _("Change rejected; nothing was changed."),
        labels={"note": _("Why you reject it")},
    )
    return redirect("fund:change_detail", pk=change.pk)


@allow(*MANAGERS_AND_COMMITTEE)
@require_POST
def change_withdraw_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    change = _visible_change(request, pk)
    service_run(
        request, lambda: change_withdraw(actor=request.user, change=change), _("Change withdrawn; nothing was changed.")
    )
    return redirect("fund:change_detail", pk=change.pk)
