"""Pages of the fund app. Each declares its roles (fund.access.allow) and reads objects through the access scope."""

import datetime

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fund import access
from fund.access import AUTHENTICATED, PUBLIC, allow
from fund.choices import Role
from fund.forms import EmailAuthenticationForm, OrganisationForm
from fund.models import Fund, Member, Municipality, Organisation
from fund.selectors import (
    fund_capital_totals,
    member_capital_accounts,
    object_history,
    organisation_labels_on,
    organisation_list,
)
from fund.services.organisations import ORGANISATION_FIELDS, organisation_create, organisation_update

MANAGERS = (Role.ADMIN, Role.FUND_MANAGER)
READERS = (Role.ADMIN, Role.FUND_MANAGER, Role.INVESTEE, Role.MUNICIPALITY_OFFICER, Role.CO_INVESTOR)


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
def home(request: HttpRequest) -> HttpResponse:
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


@allow(Role.ADMIN, Role.FUND_MANAGER, Role.IC_MEMBER, Role.CO_INVESTOR, Role.MUNICIPALITY_OFFICER)
def fund_detail(request: HttpRequest, slug: str) -> HttpResponse:
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
            "history": object_history(fund) if access.can_see_history(request.user) else [],
        },
    )


@allow(*READERS)
def organisation_index(request: HttpRequest) -> HttpResponse:
    """Organisations the user may see, with search (live via htmx)."""
    search = request.GET.get("q", "")
    rows = organisation_list(organisations=access.scope(request.user, Organisation), search=search)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    template = "fund/_organisation_rows.html" if request.htmx else "fund/organisation_list.html"
    return render(request, template, {"page": page, "search": search})


@allow(*READERS)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
            "today": today,
        },
    )


def _organisation_form_submit(request: HttpRequest, form: OrganisationForm, save) -> HttpResponse | None:
    """Run the service; on a validation error put each message on its field and return None."""
    if not form.is_valid():
        return None
    try:
        organisation = save(form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None
    messages.success(request, _("Saved %(name)s.") % {"name": organisation})
    return redirect("fund:organisation_detail", pk=organisation.pk)


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def organisation_create_view(request: HttpRequest) -> HttpResponse:
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
def organisation_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_visible_or_404(request.user, Organisation, pk=pk)
    if not access.can_edit_organisations(request.user):
        raise PermissionDenied
    initial = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        response = _organisation_form_submit(
            request, form, lambda data: organisation_update(actor=request.user, organisation=organisation, **data)
        )
        if response:
            return response
    return render(request, "fund/organisation_form.html", {"form": form, "organisation": organisation})


@allow(Role.ADMIN, Role.FUND_MANAGER, Role.MUNICIPALITY_OFFICER)
def municipality_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A municipality's own page: enterprises located there, its memberships, and the funds covering it."""
    municipality = access.get_visible_or_404(
        request.user, Municipality.objects.select_related("labour_market_region"), code=code
    )
    today = _today()
    memberships = list(access.scope(request.user, Member).filter(municipality=municipality).select_related("fund"))
    return render(
        request,
        "fund/municipality_detail.html",
        {
            "municipality": municipality,
            "organisations": organisation_list(
                organisations=access.scope(request.user, Organisation).filter(municipality=municipality)
            ),
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
