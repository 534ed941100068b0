"""Who may see what: the one place that decides it. Default deny.

Two layers, both used by every view, API endpoint, download and admin page:
1. Route policy: a view declares the roles that may open it (`@allow(...)`, `AllowRoles`), or that it is public.
   `DefaultDenyMiddleware` refuses any view that declared nothing, so a forgotten declaration fails closed.
2. Object scope: `scope(user, Model)` is the queryset of rows the user may see; views fetch objects only through it
   (`get_visible_or_404`), so an object outside the user's scope is a 404, never a leak.

Scopes per role:
- admin: everything.
- fund manager: the funds they manage, their members and capital, and their audit events; all organisations (the
  management company's shared relationship file) and all municipalities.
- investment committee member: the funds they sit on (fund level only).
- investee: their own organisation.
- co-investor: the funds of their memberships, fund-level totals, and their own member rows.
- municipality officer: their municipality, organisations located in it, its own membership rows, and the fund-level
  totals of the funds their municipality is a member of; never another municipality's own data.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest

from fund.approval_kinds import approval_kinds
from fund.choices import Role
from fund.models import (
    AuditEvent,
    CapitalMovement,
    Fund,
    ImpactLabel,
    Member,
    Municipality,
    Organisation,
    PendingChange,
    RoleAssignment,
)

PUBLIC = "public"
AUTHENTICATED = "authenticated"
ALL_ROLES = frozenset(Role.values)


def user_roles(user) -> list[RoleAssignment]:
    """The user's role assignments, loaded once per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_sif_roles", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user))
        user._sif_roles = cached
    return cached


def role_names(user) -> set[str]:
    names = {r.role for r in user_roles(user)}
    if getattr(user, "is_superuser", False) and user.is_active:
        names.add(Role.ADMIN)
    return names


def is_admin(user) -> bool:
    return Role.ADMIN in role_names(user)


def _ids(user, role: str, field: str) -> set[int]:
    return {getattr(r, f"{field}_id") for r in user_roles(user) if r.role == role}


def managed_fund_ids(user) -> set[int]:
    return _ids(user, Role.FUND_MANAGER, "fund")


def ic_fund_ids(user) -> set[int]:
    return _ids(user, Role.IC_MEMBER, "fund")


def investee_organisation_ids(user) -> set[int]:
    return _ids(user, Role.INVESTEE, "organisation")


def co_investor_member_ids(user) -> set[int]:
    return _ids(user, Role.CO_INVESTOR, "member")


def officer_municipality_ids(user) -> set[int]:
    return _ids(user, Role.MUNICIPALITY_OFFICER, "municipality")


def _funds_q(user) -> Q | None:
    """Funds the user may see at fund level; None means all."""
    if is_admin(user):
        return None
    q = Q(pk__in=managed_fund_ids(user) | ic_fund_ids(user))
    q |= Q(members__pk__in=co_investor_member_ids(user))
    q |= Q(members__municipality__pk__in=officer_municipality_ids(user))
    return q


def _scope_fund(user, qs: QuerySet) -> QuerySet:
    q = _funds_q(user)
    return qs if q is None else qs.filter(q).distinct()


def _scope_member(user, qs: QuerySet) -> QuerySet:
    if is_admin(user):
        return qs
    return qs.filter(
        Q(fund__pk__in=managed_fund_ids(user))
        | Q(pk__in=co_investor_member_ids(user))
        | Q(municipality__pk__in=officer_municipality_ids(user))
    )


def _scope_organisation(user, qs: QuerySet) -> QuerySet:
    if is_admin(user) or managed_fund_ids(user):
        return qs
    return qs.filter(
        Q(pk__in=investee_organisation_ids(user))
        | Q(municipality__pk__in=officer_municipality_ids(user))
        | Q(memberships__pk__in=co_investor_member_ids(user))
    ).distinct()


def _scope_municipality(user, qs: QuerySet) -> QuerySet:
    if is_admin(user) or managed_fund_ids(user):
        return qs
    return qs.filter(pk__in=officer_municipality_ids(user))


def _scope_capital_movement(user, qs: QuerySet) -> QuerySet:
    return qs.filter(member__in=_scope_member(user, Member.objects.all()))


def _scope_label(user, qs: QuerySet) -> QuerySet:
    return qs.filter(organisation__in=_scope_organisation(user, Organisation.objects.all()))


def _scope_audit(user, qs: QuerySet) -> QuerySet:
    # The audit log is for the people who run the funds: a manager reads their own funds' events; events on shared
    # data (organisations, users, the catalog) are for admins (an object's own page still shows its history).
    if is_admin(user):
        return qs
    return qs.filter(fund__pk__in=managed_fund_ids(user))


def _scope_pending_change(user, qs: QuerySet) -> QuerySet:
    # Four-eyes changes: the funds' managers (who request and approve them), and committee members for the kinds
    # they are checkers of.
    if is_admin(user):
        return qs
    ic_kinds = [name for name, kind in approval_kinds().items() if Role.IC_MEMBER in kind.checker_roles]
    return qs.filter(Q(fund__pk__in=managed_fund_ids(user)) | Q(fund__pk__in=ic_fund_ids(user), kind__in=ic_kinds))


_SCOPES: dict[type[Model], Callable[[object, QuerySet], QuerySet]] = {
    Fund: _scope_fund,
    Member: _scope_member,
    Organisation: _scope_organisation,
    Municipality: _scope_municipality,
    CapitalMovement: _scope_capital_movement,
    ImpactLabel: _scope_label,
    AuditEvent: _scope_audit,
    PendingChange: _scope_pending_change,
}


def register_scope(model: type[Model], func: Callable[[object, QuerySet], QuerySet]) -> None:
    """Let another app declare how its model is scoped (called from its AppConfig.ready)."""
    _SCOPES[model] = func


def scope(user, model_or_queryset: type[Model] | QuerySet) -> QuerySet:
    """The rows of a model the user may see. A model without a declared scope is visible to admins only."""
    qs = model_or_queryset if isinstance(model_or_queryset, QuerySet) else model_or_queryset._default_manager.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    func = _SCOPES.get(qs.model)
    if func is None:
        return qs if is_admin(user) else qs.none()
    return func(user, qs)


def get_visible_or_404(user, model_or_queryset, **lookup):
    """Fetch one object through the user's scope; outside the scope it does not exist for them."""
    try:
        return scope(user, model_or_queryset).get(**lookup)
    except (model_or_queryset if isinstance(model_or_queryset, type) else model_or_queryset.model).DoesNotExist as exc:
        raise Http404 from exc


def can_manage_fund(user, fund: Fund) -> bool:
    """May change the fund's data (members, capital): admins and the fund's managers."""
    return is_admin(user) or fund.pk in managed_fund_ids(user)


def can_edit_organisations(user) -> bool:
    """May create and edit organisations: admins and fund managers."""
    return is_admin(user) or bool(managed_fund_ids(user))


def can_see_history(user) -> bool:
    return is_admin(user) or bool(managed_fund_ids(user))


# ---- route policy ---------------------------------------------------------------------------------------------------


def allow(*roles: str) -> Callable:
    """Declare which roles may open a view (function views). `allow(PUBLIC)` and `allow(AUTHENTICATED)` also work."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            return view(*args, **kwargs)

        wrapped.access_policy = frozenset(roles)
        return wrapped

    return decorator


def policy_permits(user, policy: frozenset[str]) -> bool:
    if PUBLIC in policy:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if AUTHENTICATED in policy:
        return True
    return bool(role_names(user) & policy)


def _view_policy(view_func) -> frozenset[str] | None:
    """A function view's `@allow(...)`, or a class-based/API view's `allowed_roles` class attribute."""
    policy = getattr(view_func, "access_policy", None)
    if policy is not None:
        return frozenset(policy)
    for view_class in (getattr(view_func, "view_class", None), getattr(view_func, "cls", None)):
        roles = getattr(view_class, "allowed_roles", None)
        if roles:
            return frozenset(roles)
    return None


class DefaultDenyMiddleware:
    """Refuse every view that has not declared who may open it; send anonymous users to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.namespace == "admin":
            return None  # the admin site asks fund.admin.ScopedAdminSite.has_permission, which uses this module
        policy = _view_policy(view_func)
        if policy is None:
            raise PermissionDenied("This page has not declared who may see it.")
        if policy_permits(request.user, policy):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        raise PermissionDenied
