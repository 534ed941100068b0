"""Small factories for tests that do not test the demo: each builds one thing through the product's own services
(so validation, ledgers and audit events are real), with keyword defaults a test overrides only where its numbers
depend on them.

Names, KvK numbers, IBANs and e-mail addresses come from one counter, so two calls never collide with each other or with
the demo data set (which a test session may have loaded as well).
"""

import datetime
import itertools
from decimal import Decimal
from typing import TYPE_CHECKING

from schwifty import IBAN

from fund.choices import LegalForm, MemberKind, Role
from fund.models import Fund, Member, Municipality, Organisation, RoleAssignment, User
from fund.services.capital import capital_commit, member_admit
from fund.services.funds import fund_create
from fund.services.organisations import organisation_create

if TYPE_CHECKING:
    from portfolio.models import Application, FundBankAccount, Loan

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


_new_organisation = organisation  # for the factories below whose `organisation` argument hides the function


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
        organisation = _new_organisation(
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


def bank_account(fund: Fund) -> "FundBankAccount":
    """The fund's own bank account (loans are paid out from it and repaid to it)."""
    from portfolio.models import FundBankAccount

    account, _ = FundBankAccount.objects.get_or_create(
        fund=fund,
        defaults={"account_name": fund.name, "iban": iban(), "creditor_id": "NL98ZZZ999999999999"},
    )
    return account


def loan(
    *,
    fund: Fund,
    organisation: Organisation,
    requester: User,
    approver: User,
    amount: str = "12000",
    rate: str = "0",
    term: int = 12,
    grace: int = 0,
    disbursed_on: datetime.date = D(2025, 1, 1),
) -> "Loan":
    """A loan paid out in full on `disbursed_on`, monthly from a month later: its committee approval is recorded as
    history (`demo.historic`), then the contract is signed and the tranche requested, approved by a second manager
    and confirmed through the servicing services, so its schedule, ledger and audit events are the product's own."""
    from demo.historic import historic_loan_create
    from portfolio.engine.dates import add_months
    from portfolio.services.contract import loan_contract_sign
    from portfolio.services.disbursement import tranche_approve, tranche_confirm, tranche_request

    bank_account(fund)
    approved = historic_loan_create(
        fund=fund,
        organisation=organisation,
        reference=f"TEST-{_next():04d}",
        amount=Decimal(amount),
        rate=Decimal(rate),
        term_months=term,
        grace_months=grace,
        approved_on=disbursed_on - datetime.timedelta(days=30),
    )
    loan_contract_sign(
        actor=requester,
        loan=approved,
        signed_on=disbursed_on - datetime.timedelta(days=10),
        planned_disbursement_date=disbursed_on,
        first_due_date=add_months(disbursed_on, 1),
        borrower_iban=organisation.iban or iban(),
    )
    tranche = tranche_request(actor=requester, loan=approved, amount=Decimal(amount), planned_date=disbursed_on)
    tranche_approve(actor=approver, tranche=tranche)
    tranche_confirm(actor=approver, tranche=tranche, paid_on=disbursed_on)
    approved.refresh_from_db()
    return approved


def due_diligence_checklist(fund: Fund, titles: tuple[str, ...]) -> None:
    """The fund's own due-diligence checklist, one line per title (every application in due diligence gets them)."""
    from portfolio.models import DueDiligenceTemplateItem

    for position, title in enumerate(titles, 1):
        DueDiligenceTemplateItem.objects.create(fund=fund, title=title, position=position)


def application(
    *,
    fund: Fund,
    organisation: Organisation,
    applicant: User,
    manager: User,
    status: str = "submitted",
    amount: str = "100000",
) -> "Application":
    """An application with a business plan (a small PDF), submitted by `applicant` and moved by `manager` through the
    deal-flow services up to `status` (submitted, screening, due_diligence or ic); private uploads must be writable
    (tests/portfolio's `private_storage` fixture)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portfolio.choices import ApplicationStatus, DocumentKind, DueDiligenceStatus
    from portfolio.services.applications import application_create, application_move, application_submit
    from portfolio.services.documents import document_upload
    from portfolio.services.screening import dd_item_update, eligibility_checks_run

    draft = application_create(
        actor=applicant,
        fund=fund,
        organisation=organisation,
        amount_requested=Decimal(amount),
        purpose="Een tweede keuken voor het leerwerktraject",
        term_months=48,
        grace_months=6,
        instrument="senior_loan",
        themes=["labour_participation"],
        target_group="Statushouders en mensen uit de bijstand",
        expected_outcomes="Twaalf mensen per jaar aan betaald werk",
        metric_codes=["SIF-PLACED"],
    )
    plan = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    document_upload(actor=applicant, application=draft, kind=DocumentKind.BUSINESS_PLAN, uploaded=plan)
    moved = application_submit(actor=applicant, application=draft)
    order = [ApplicationStatus.SCREENING, ApplicationStatus.DUE_DILIGENCE, ApplicationStatus.IC]
    for target in order[: order.index(ApplicationStatus(status)) + 1] if status in order else []:
        if target == ApplicationStatus.IC:
            for item in moved.dd_items.all():
                dd_item_update(actor=manager, item=item, status=DueDiligenceStatus.DONE)
        moved = application_move(actor=manager, application=moved, target=target)
        if target == ApplicationStatus.SCREENING:
            eligibility_checks_run(actor=manager, application=moved)
    moved.refresh_from_db()
    return moved
