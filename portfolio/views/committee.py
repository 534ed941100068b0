"""Pages of the investment committee: meetings and their agenda, conflicts of interest, votes, the decision and the
IC memo.

Every view declares its roles and reads through fund.access; a service's refusals become messages.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fund import access
from fund.access import allow
from fund.choices import Role
from fund.http import AuthenticatedHttpRequest
from fund.models import Fund, PendingChange
from fund.roles import MANAGERS, MANAGERS_AND_COMMITTEE
from fund.service_calls import FAILED, form_errors_add, service_run
from portfolio.choices import AgendaItemStatus, ApplicationStatus, MeetingStatus
from portfolio.forms import AgendaForm, ConflictForm, DecisionForm, MeetingForm, VoteForm
from portfolio.models import AgendaItem, Application, ICMeeting, Loan, Vote
from portfolio.selectors.approvals import agenda_pending_decisions
from portfolio.selectors.dealflow import ic_memo
from portfolio.services.committee import (
    agenda_item_add,
    conflict_declare,
    ic_decision_record,
    ic_meeting_create,
    ic_member_ids,
    ic_vote_cast,
    item_conflicts,
    item_tally,
    item_vote_conditions,
    meeting_held,
)
from portfolio.views.common import fund_manager_check, visible_application


@allow(*MANAGERS_AND_COMMITTEE)
@require_http_methods(["GET", "POST"])
def ic_meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
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
                form_errors_add(form, exc)
            else:
                messages.success(request, _("Meeting planned."))
                return redirect("portfolio:ic_meeting_detail", pk=meeting.pk)
    meetings = access.scope(request.user, ICMeeting).select_related("fund").prefetch_related("items__application")
    return render(request, "portfolio/ic_meeting_list.html", {"meetings": meetings, "form": form})


@allow(*MANAGERS_AND_COMMITTEE)
@require_GET
def ic_meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A meeting's agenda: per item the memo, the conflicts, the votes, the tally and the decision."""
    meeting = access.get_visible_or_404(request.user, ICMeeting.objects.select_related("fund"), pk=pk)
    can_manage = access.can_manage_fund(request.user, meeting.fund)
    members = ic_member_ids(meeting.fund)
    is_member = request.user.pk in members
    items = meeting.items.select_related("application__organisation", "decision").prefetch_related(
        Prefetch("votes", queryset=Vote.objects.select_related("member"))
    )
    pending = agenda_pending_decisions(item_ids=[item.pk for item in items]) if can_manage else {}
    rows = []
    for item in items:
        conflicts = item_conflicts(item)
        my_vote = next((v for v in item.votes.all() if v.member_id == request.user.pk), None)
        rows.append(
            {
                "item": item,
                "tally": item_tally(item),
                "conflicts": conflicts,
                "conflicted_me": next((c for c in conflicts if c.member.pk == request.user.pk), None),
                "my_vote": my_vote,
                "decision": getattr(item, "decision", None),
                "pending_decision": pending.get(item.pk),
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
        .exclude(agenda_items__status=AgendaItemStatus.OPEN)
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


def _item(request: AuthenticatedHttpRequest, pk: int) -> AgendaItem:
    return access.get_visible_or_404(
        request.user, AgendaItem.objects.select_related("meeting__fund", "application"), pk=pk
    )


def _to_meeting(item: AgendaItem) -> HttpResponse:
    return redirect(reverse("portfolio:ic_meeting_detail", args=[item.meeting_id]) + f"#item-{item.pk}")


@allow(*MANAGERS)
@require_POST
def agenda_item_add_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_visible_or_404(request.user, ICMeeting.objects.select_related("fund"), pk=pk)
    fund_manager_check(request, meeting.fund)
    application = access.scope(request.user, Application).filter(pk=request.POST.get("application") or 0).first()
    if application is None:
        messages.error(request, _("Choose an application that is ready for the committee."))
    else:
        service_run(
            request,
            lambda: agenda_item_add(actor=request.user, meeting=meeting, application=application),
            _("%(ref)s is on the agenda.") % {"ref": application.reference},
        )
    return redirect("portfolio:ic_meeting_detail", pk=meeting.pk)


@allow(Role.IC_MEMBER)
@require_POST
def conflict_declare_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    service_run(
        request,
        lambda: conflict_declare(actor=request.user, item=item, reason=request.POST.get("reason", "")),
        _("Your conflict of interest is recorded; you will not vote on this item."),
    )
    return _to_meeting(item)


@allow(Role.IC_MEMBER)
@require_POST
def vote_cast_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    prefix = f"i{item.pk}-"
    service_run(
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
def decision_record_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    fund_manager_check(request, item.meeting.fund)
    form = DecisionForm(request.POST, prefix=f"d{item.pk}")
    if not form.is_valid():
        messages.error(request, _("Amount, rate, term and grace are numbers."))
        return _to_meeting(item)
    data = form.cleaned_data
    recorded = service_run(
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
        labels={name: field.label for name, field in form.fields.items()},
    )
    if isinstance(recorded, PendingChange):
        messages.success(
            request,
            _(
                "The terms differ from those the committee voted on: the decision was sent for approval, and is "
                "recorded (with its loan) once another fund manager approves it."
            ),
        )
        return redirect("fund:change_detail", pk=recorded.pk)
    if recorded is not FAILED:
        messages.success(request, _("Decision recorded."))
        loan = Loan.objects.filter(application_id=item.application_id).first()
        if loan is not None:
            return redirect("portfolio:loan_detail", pk=loan.pk)
    return _to_meeting(item)


@allow(*MANAGERS_AND_COMMITTEE)
@require_GET
def ic_memo_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The IC memo as a web page (the PDF comes from the reporting app, from the same selector)."""
    application = visible_application(request, pk)
    if not (
        access.can_manage_fund(request.user, application.fund)
        or application.fund_id in access.ic_fund_ids(request.user)
    ):
        raise PermissionDenied
    return render(request, "portfolio/ic_memo.html", {"memo": ic_memo(application=application)})
