"""Small factories for tests that do not test the demo: each builds one thing through the product's own services (so
validation, ledgers and audit events are real) with keyword defaults a test overrides only where its numbers depend on it.

Names, KvK numbers, IBANs and e-mail addresses come from one counter, so two calls never collide with each other or with
the demo data set (which a test session may have loaded as well).
"""

import datetime
import itertools
from decimal import Decimal

from schwifty import IBAN

from fund.choices import LegalForm, MemberKind, Role
from fund.models import Fund, Member, Municipality, Organisation, RoleAssignment, User
from fund.services.capital import capital_commit, member_admit
from fund.services.funds import fund_create
from fund.services.organisations import organisation_create

D = datetime.date
_numbers = itertools.count(1)


def _next() -> int:
    return next(_numbers)


def kvk_number() -> str:
    """A fresh eight-digit KvK number (the demo's start with 7, 8 and 9)."""
    return f"{40_000_000 + _next():08d}"


def iban(number: int | None = None) -> str:
    """A valid Dutch IBAN (checksum computed by schwifty)."""
    return IBAN.generate("NL", bank_code="ABNA", account_code=f"{number or _next():010d}").compact


def fund(
    *,
    name: str = "",
    inception_date: datetime.date = D(2024, 1, 1),
    target_size: str = "5000000",
    region_codes: tuple[str, ...] = ("GM0599",),
    themes: tuple[str, ...] = ("labour_participation", "poverty"),
) -> Fund:
    """A fund in Rotterdam (unless `region_codes` says otherwise), made by `fund_create`."""
    return fund_create(
        actor=None,
        name=name or f"SIF Testfonds {_next()}",
        inception_date=inception_date,
        target_size=Decimal(target_size),
        region_codes=list(region_codes),
        themes=list(themes),
    )


def organisation(
    *,
    legal_name: str = "",
    postcode: str = "3011 AB",
    city: str = "",
    legal_form: str = LegalForm.BV,
    is_investee: bool = True,
    kvk: str = "",
) -> Organisation:
    """An organisation with a valid KvK number and IBAN; its municipality follows from the postcode."""
    number = _next()
    return organisation_create(
        actor=None,
        legal_name=legal_name or f"Testbedrijf {number} B.V.",
        kvk_number=kvk or kvk_number(),
        legal_form=legal_form,
        postcode=postcode,
        city=city,
        iban=iban(number),
        is_investee=is_investee,
    )


def user(
    role: str,
    *,
    fund: Fund | None = None,
    organisation: Organisation | None = None,
    member: Member | None = None,
    municipality: Municipality | str | None = None,
    email: str = "",
    full_name: str = "",
) -> User:
    """A user holding `role` in one scope (a fund for managers and committee members, an organisation for investees,
    a membership for co-investors, a municipality, given as object or CBS code, for municipality officers)."""
    number = _next()
    if isinstance(municipality, str):
        municipality = Municipality.objects.get(code=municipality)
    account = User.objects.create_user(
        email or f"{role.replace('_', '-')}-{number}@test.example",
        "not-used-by-tests",
        full_name=full_name or f"{Role(role).label} {number}",
        is_staff=role in (Role.ADMIN, Role.FUND_MANAGER),
        is_superuser=role == Role.ADMIN,
    )
    role_in(account, role, fund=fund, organisation=organisation, member=member, municipality=municipality)
    return account


def role_in(account: User, role: str, **scope: object) -> User:
    """Give an existing user one more role (and forget the roles the access module cached on it)."""
    RoleAssignment.objects.create(user=account, role=role, **{k: v for k, v in scope.items() if v is not None})
    account._sif_roles = None  # type: ignore[attr-defined]
    return account


def member(
    *,
    fund: Fund,
    organisation: Organisation | None = None,
    legal_name: str = "",
    kind: str = MemberKind.FOUNDATION,
    committed: str = "100000.00",
    admitted: datetime.date = D(2024, 1, 1),
    municipality: str = "",
) -> Member:
    """A member of the fund's cooperative with its commitment recorded (a municipality member names its CBS code)."""
    if organisation is None:
        public = kind == MemberKind.MUNICIPALITY
        organisation = globals()["organisation"](
            legal_name=legal_name or f"Stichting Lid {_next()}",
            legal_form=LegalForm.PUBLIC_BODY if public else LegalForm.STICHTING,
            is_investee=False,
        )
    admitted_member = member_admit(
        actor=None,
        fund=fund,
        organisation=organisation,
        kind=kind,
        admission_date=admitted,
        municipality=Municipality.objects.get(code=municipality) if municipality else None,
    )
    capital_commit(actor=None, member=admitted_member, amount=Decimal(committed), value_date=admitted)
    return admitted_member
