"""Pages of the fund app. Each declares its roles (fund.access.allow) and reads objects through the access scope."""

import datetime
import json

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fund import access
from fund.access import AUTHENTICATED, PUBLIC, allow
from fund.audit import action_label
from fund.choices import Role
from fund.forms import (
    AuditExportForm,
    EmailAuthenticationForm,
    FundForm,
    OrganisationEditForm,
    OrganisationForm,
)
from fund.http import AuthenticatedHttpRequest
from fund.models import ChangeState, Fund, Member, Municipality, Organisation
from fund.roles import FUND_PAGE_READERS, MANAGERS, MUNICIPALITY_READERS, ORGANISATION_READERS
from fund.selectors import (
    fund_audit_events,
    fund_capital_totals,
    member_capital_accounts,
    member_organisations,
    object_history,
    organisation_labels_on,
    organisation_list,
    pending_change_for,
    pending_changes_for,
)
from fund.service_calls import form_service_run
from fund.services.funds import fund_create
from fund.services.organisations import (
    ORGANISATION_FIELDS,
    ORGANISATION_IBAN_KIND,
    organisation_create,
    organisation_update,
)
from fund.spreadsheets import csv_lines


class LoginView(auth_views.LoginView):
    allowed_roles = (PUBLIC,)
    authentication_form = EmailAuthenticationForm
    template_name = "fund/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    allowed_roles = (PUBLIC,)


def _today() -> datetime.date:
    return timezone.localdate()


@allow(AUTHENTICATED)
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One page per role: what this user works on."""
    user = request.user
    today = _today()
    funds = list(access.scope(user, Fund).prefetch_related("themes").order_by("name"))
    fund_rows = [{"fund": f, "totals": fund_capital_totals(fund=f, as_of=today)} for f in funds]
    context = {
        "roles": access.role_names(user),
        "fund_rows": fund_rows,
        "my_organisations": list(
            access.scope(user, Organisation)
            .filter(pk__in=access.investee_organisation_ids(user))
            .select_related("municipality")
        ),
        "my_municipalities": list(
            access.scope(user, Municipality).filter(pk__in=access.officer_municipality_ids(user))
        ),
        "my_memberships": list(
            access.scope(user, Member)
            .filter(pk__in=access.co_investor_member_ids(user))
            .select_related("fund", "organisation")
        ),
        "today": today,
    }
    return render(request, "fund/home.html", context)


@allow(*FUND_PAGE_READERS)
def fund_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A fund's overview: identity, region, themes, capital totals, and the capital accounts the user may see."""
    fund = access.get_visible_or_404(request.user, Fund.objects.prefetch_related("themes", "region"), slug=slug)
    today = _today()
    visible_members = access.scope(request.user, Member).filter(fund=fund)
    return render(
        request,
        "fund/fund_detail.html",
        {
            "fund": fund,
            "today": today,
            "totals": fund_capital_totals(fund=fund, as_of=today),
            "accounts": member_capital_accounts(fund=fund, as_of=today, members=visible_members),
            "can_manage": access.can_manage_fund(request.user, fund),
            "changes_waiting": pending_changes_for(request.user, fund=fund).filter(state=ChangeState.PENDING).count(),
            "history": object_history(fund) if access.can_see_history(request.user) else [],
            "audit_export_period": (today.replace(month=1, day=1), today),
        },
    )


@allow(*MANAGERS)
@require_GET
def fund_audit_events_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponseBase:
    """The fund's audit events of a period as CSV, streamed, for the fund's auditor (its managers download it): the
    chain's hashes included, so the file can be checked against `audit_verify`; formula-like text neutralised."""
    fund = access.get_visible_or_404(request.user, Fund, slug=slug)
    if not access.can_manage_fund(request.user, fund):
        raise PermissionDenied
    today = _today()
    form = AuditExportForm(request.GET or {"start": today.replace(month=1, day=1), "end": today})
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("fund:fund_detail", slug=fund.slug)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    header = [
        _("Event"),
        _("Time (UTC)"),
        _("Who"),
        _("Action code"),
        _("Action"),
        _("Object type"),
        _("Object id"),
        _("Object"),
        _("Changes (JSON)"),
        _("Previous hash"),
        _("Hash"),
    ]
    rows = (
        [
            event.pk,
            event.at.astimezone(datetime.UTC).isoformat(timespec="seconds"),
            event.actor.email if event.actor else "",
            event.action,
            action_label(event.action),
            f"{event.content_type.app_label}.{event.content_type.model}",
            event.object_id,
            event.object_repr,
            json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
            event.prev_hash,
            event.hash,
        ]
        for event in fund_audit_events(fund=fund, start=start, end=end)
    )
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{fund.slug}-{start:%Y%m%d}-{end:%Y%m%d}.csv"'
    return response


@allow(*ORGANISATION_READERS)
def organisation_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Organisations the user may see, with search (live via htmx)."""
    search = request.GET.get("q", "")
    rows = organisation_list(organisations=access.scope(request.user, Organisation), search=search)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    template = "fund/_organisation_rows.html" if request.htmx else "fund/organisation_list.html"
    return render(request, template, {"page": page, "search": search})


@allow(*ORGANISATION_READERS)
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_visible_or_404(
        request.user, Organisation.objects.select_related("municipality__labour_market_region"), pk=pk
    )
    today = _today()
    return render(
        request,
        "fund/organisation_detail.html",
        {
            "organisation": organisation,
            "labels": organisation.labels.all(),
            "labels_today": organisation_labels_on(organisation=organisation, day=today),
            "memberships": access.scope(request.user, Member).filter(organisation=organisation).select_related("fund"),
            "history": object_history(organisation) if access.can_see_history(request.user) else [],
            "can_edit": access.can_edit_organisations(request.user),
            "pending_iban": pending_change_for(kind=ORGANISATION_IBAN_KIND, target=organisation)
            if access.can_edit_organisations(request.user)
            else None,
            "today": today,
        },
    )


def _organisation_form_submit(request: AuthenticatedHttpRequest, form: OrganisationForm, save) -> HttpResponse | None:
    organisation = form_service_run(form, save)
    if organisation is None:
        return None
    messages.success(request, _("Saved %(name)s.") % {"name": organisation})
    if pending_change_for(kind=ORGANISATION_IBAN_KIND, target=organisation):
        messages.info(request, _("The new IBAN takes effect when a second manager approves it."))
    return redirect("fund:organisation_detail", pk=organisation.pk)


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def organisation_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_edit_organisations(request.user):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST":
        response = _organisation_form_submit(
            request, form, lambda data: organisation_create(actor=request.user, **data)
        )
        if response:
            return response
    return render(request, "fund/organisation_form.html", {"form": form, "creating": True}, status=200)


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def organisation_edit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_visible_or_404(request.user, Organisation, pk=pk)
    if not access.can_edit_organisations(request.user):
        raise PermissionDenied
    initial = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    form = OrganisationEditForm(request.POST or None, initial=initial)
    if request.method == "POST":
        response = _organisation_form_submit(
            request, form, lambda data: organisation_update(actor=request.user, organisation=organisation, **data)
        )
        if response:
            return response
    return render(request, "fund/organisation_form.html", {"form": form, "organisation": organisation})


@allow(*MUNICIPALITY_READERS)
def municipality_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """A municipality's own page: enterprises located there, its memberships, and the funds covering it."""
    municipality = access.get_visible_or_404(
        request.user, Municipality.objects.select_related("labour_market_region"), code=code
    )
    today = _today()
    memberships = list(access.scope(request.user, Member).filter(municipality=municipality).select_related("fund"))
    located_here = access.scope(request.user, Organisation).filter(municipality=municipality)
    return render(
        request,
        "fund/municipality_detail.html",
        {
            "municipality": municipality,
            # Investees (the enterprises the funds finance) apart from the fund's members (who put money in).
            "investees": organisation_list(organisations=located_here.filter(is_investee=True)),
            "members": member_organisations(organisations=located_here),
            "membership_rows": [
                {
                    "member": m,
                    "account": next(
                        iter(member_capital_accounts(fund=m.fund, as_of=today, members=Member.objects.filter(pk=m.pk))),
                        None,
                    ),
                }
                for m in memberships
            ],
            "funds": access.scope(request.user, Fund).filter(region=municipality),
            "today": today,
        },
    )


@allow(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def fund_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up a new fund (administrators): identity, region and at most three focus themes."""
    form = FundForm(
        request.POST or None, municipalities=Municipality.objects.filter(valid_to__isnull=True).order_by("name")
    )
    if request.method == "POST":
        fund = form_service_run(
            form,
            lambda d: fund_create(actor=request.user, region_codes=[m.code for m in d.pop("region")], **d),
        )
        if fund is not None:
            messages.success(request, _("Fund %(fund)s created.") % {"fund": fund})
            return redirect("fund:fund_detail", slug=fund.slug)
    return render(request, "fund/simple_form.html", {"form": form, "title": _("New fund")})
