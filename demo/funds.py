"""The demo data set: two funds, their members and capital, about thirty investees, and one login per role.

Idempotent: every row is looked up by its natural key first, so running it again adds nothing.
Used by `python manage.py seed_demo` (demo settings only) and by the test suite.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from schwifty import IBAN

from fund.auth import DEMO_PASSWORD
from fund.choices import LabelKind, LegalForm, MemberKind, Role, Theme
from fund.models import Fund, Member, Municipality, Organisation, RoleAssignment, User
from fund.services.capital import (
    capital_call_issue,
    capital_commit,
    capital_contribution_record,
    capital_distribution_record,
    member_admit,
)
from fund.services.funds import fund_create
from fund.services.organisations import impact_label_add, organisation_create

D = datetime.date
ZKIJ_REGION = ["GM0377", "GM0392", "GM0397", "GM0473", "GM0375", "GM0396", "GM0453"]

# (legal name, trade name, kvk, legal form, street, postcode, city, website, labels: (kind, level, from, to))
INVESTEES = [
    (
        "Buurtkeuken Delfshaven B.V.",
        "Buurtkeuken",
        "71234561",
        "bv",
        "Schiedamseweg 112",
        "3026 AK",
        "Rotterdam",
        [("pso", "2", D(2023, 3, 1), D(2026, 2, 28)), ("se_nl", "", D(2021, 1, 1), None)],
    ),
    (
        "Fietsfabriek Zuid B.V.",
        "De Fietsfabriek",
        "71234562",
        "bv",
        "Putselaan 20",
        "3074 JC",
        "Rotterdam",
        [("pso", "3", D(2024, 6, 1), D(2027, 5, 31))],
    ),
    (
        "Stichting Werkplaats Feijenoord",
        "Werkplaats Feijenoord",
        "71234563",
        "stichting",
        "Oranjeboomstraat 9",
        "3071 SC",
        "Rotterdam",
        [("cedris", "", D(2022, 1, 1), None)],
    ),
    (
        "Schoon Rotterdam Coöperatie U.A.",
        "Schoon!",
        "71234564",
        "cooperatie_ua",
        "Kleiweg 87",
        "3051 GN",
        "Rotterdam",
        [("code_so", "", D(2022, 9, 1), None)],
    ),
    (
        "Kringloop Noord B.V.",
        "Kringloop Noord",
        "71234565",
        "bv",
        "Zaagmolenkade 40",
        "3035 KA",
        "Rotterdam",
        [("pso", "1", D(2020, 1, 1), D(2022, 12, 31))],
    ),
    (
        "Zorgcafé Charlois B.V.",
        "Zorgcafé Charlois",
        "71234566",
        "bv",
        "Wolphaertsbocht 218",
        "3083 MT",
        "Rotterdam",
        [],
    ),
    (
        "Groene Daken Rotterdam B.V.",
        "Groene Daken",
        "71234567",
        "bv",
        "Vierhavensstraat 54",
        "3029 BE",
        "Rotterdam",
        [("se_nl", "", D(2023, 5, 1), None)],
    ),
    ("Taalhuis Werkt B.V.", "Taalhuis Werkt", "71234568", "bv", "Beijerlandselaan 71", "3074 EC", "Rotterdam", []),
    (
        "Maaltijdmakers Rotterdam B.V.",
        "Maaltijdmakers",
        "71234569",
        "bv",
        "Nieuwe Binnenweg 300",
        "3021 GR",
        "Rotterdam",
        [("pso", "30+", D(2024, 1, 1), D(2026, 12, 31))],
    ),
    (
        "Havenwerk Leer-werkbedrijf B.V.",
        "Havenwerk",
        "71234570",
        "bv",
        "Waalhaven O.z. 81",
        "3087 BM",
        "Rotterdam",
        [("cedris", "", D(2021, 6, 1), None), ("pso", "2", D(2025, 1, 1), D(2027, 12, 31))],
    ),
    ("Digitaal Erbij B.V.", "Digitaal Erbij", "71234571", "bv", "Hoogstraat 120", "3011 PV", "Rotterdam", []),
    (
        "Kinderopvang Samen B.V.",
        "Samen",
        "71234572",
        "bv",
        "Slinge 501",
        "3085 EZ",
        "Rotterdam",
        [("code_so", "", D(2024, 3, 1), None)],
    ),
    ("Upcycle Studio Rotterdam B.V.", "Upcycle Studio", "71234573", "bv", "Keileweg 18", "3029 BS", "Rotterdam", []),
    (
        "Energieklussers Rotterdam B.V.",
        "Energieklussers",
        "71234574",
        "bv",
        "Zuidplein 36",
        "3083 CW",
        "Rotterdam",
        [("se_nl", "", D(2022, 2, 1), None)],
    ),
    ("Schuldhulp Start B.V.", "Schuldhulp Start", "71234575", "bv", "Goudsesingel 210", "3011 KD", "Rotterdam", []),
    (
        "Spaarne Werkt B.V.",
        "Spaarne Werkt",
        "81234561",
        "bv",
        "Oudeweg 91",
        "2031 CC",
        "Haarlem",
        [("pso", "2", D(2024, 4, 1), D(2027, 3, 31))],
    ),
    (
        "Kringloopcentrum Haarlem Stichting",
        "Kringloop Haarlem",
        "81234562",
        "stichting",
        "Zijlweg 120",
        "2015 BK",
        "Haarlem",
        [("cedris", "", D(2020, 1, 1), None)],
    ),
    (
        "Bakkerij De Kans B.V.",
        "De Kans",
        "81234563",
        "bv",
        "Botermarkt 17",
        "2011 XL",
        "Haarlem",
        [("code_so", "", D(2023, 1, 1), None)],
    ),
    (
        "Fietsherstel Schalkwijk B.V.",
        "Fietsherstel Schalkwijk",
        "81234564",
        "bv",
        "Fie Carelsenplein 5",
        "2034 LN",
        "Haarlem",
        [],
    ),
    (
        "Duinzicht Zorgboerderij B.V.",
        "Zorgboerderij Duinzicht",
        "81234565",
        "bv",
        "Zeeweg 44",
        "2051 EC",
        "Overveen",
        [("se_nl", "", D(2022, 6, 1), None)],
    ),
    ("Strandwerk Zandvoort B.V.", "Strandwerk", "81234566", "bv", "Boulevard Barnaart 12", "2041 JA", "Zandvoort", []),
    (
        "Heemsteedse Hersteldienst B.V.",
        "Hersteldienst",
        "81234567",
        "bv",
        "Binnenweg 140",
        "2101 JN",
        "Heemstede",
        [("pso", "1", D(2025, 2, 1), D(2028, 1, 31))],
    ),
    (
        "IJmond Circulair B.V.",
        "IJmond Circulair",
        "81234568",
        "bv",
        "Kanaaldijk 250",
        "1972 NG",
        "IJmuiden",
        [("pso", "3", D(2023, 9, 1), D(2026, 8, 31)), ("se_nl", "", D(2023, 1, 1), None)],
    ),
    (
        "Velsen Aan Het Werk Stichting",
        "Velsen Werkt",
        "81234569",
        "stichting",
        "Lange Nieuwstraat 520",
        "1972 GA",
        "IJmuiden",
        [("cedris", "", D(2019, 1, 1), None)],
    ),
    ("Groentetuin Beverwijk B.V.", "De Groentetuin", "81234570", "bv", "Breestraat 60", "1941 EK", "Beverwijk", []),
    (
        "Textielhub Beverwijk B.V.",
        "Textielhub",
        "81234571",
        "bv",
        "Zeestraat 77",
        "1942 AR",
        "Beverwijk",
        [("code_so", "", D(2024, 7, 1), None)],
    ),
    (
        "Heemskerk Zorgt B.V.",
        "Heemskerk Zorgt",
        "81234572",
        "bv",
        "Maerten van Heemskerckplein 8",
        "1961 ET",
        "Heemskerk",
        [],
    ),
    (
        "Kennemer Klusbedrijf B.V.",
        "Kennemer Klus",
        "81234573",
        "bv",
        "Kleverparkweg 30",
        "2023 CG",
        "Haarlem",
        [("pso", "2", D(2022, 5, 1), D(2025, 4, 30))],
    ),
    (
        "Zonnepanelen Samen Coöperatie U.A.",
        "Zon Samen",
        "81234574",
        "cooperatie_ua",
        "Rijksstraatweg 300",
        "2025 DN",
        "Haarlem",
        [("se_nl", "", D(2024, 9, 1), None)],
    ),
    (
        "Bloemendaal Buurthuis B.V.",
        "Buurthuis Bloemendaal",
        "81234575",
        "bv",
        "Bloemendaalseweg 30",
        "2061 CL",
        "Bloemendaal",
        [],
    ),
]

# fund slug → [(legal name, kvk, kind, postcode, city, municipality code or None, admission, commitment, paid share)]
MEMBERS = {
    "sif-rotterdam": [
        (
            "Gemeente Rotterdam",
            "24353000",
            "municipality",
            "3011 AD",
            "Rotterdam",
            "GM0599",
            D(2019, 6, 1),
            Decimal("2500000"),
            Decimal("1"),
        ),
        (
            "Stichting Havenfonds Rotterdam",
            "41120001",
            "foundation",
            "3012 CL",
            "Rotterdam",
            None,
            D(2019, 6, 1),
            Decimal("1500000"),
            Decimal("1"),
        ),
        (
            "Stichting Maasstad Vooruit",
            "41120002",
            "foundation",
            "3016 DJ",
            "Rotterdam",
            None,
            D(2019, 6, 1),
            Decimal("1000000"),
            Decimal("1"),
        ),
        (
            "Stichting Zuid Kansrijk",
            "41120003",
            "foundation",
            "3072 AP",
            "Rotterdam",
            None,
            D(2019, 6, 1),
            Decimal("1000000"),
            Decimal("1"),
        ),
        (
            "Stichting Van Dam Fonds",
            "41120004",
            "foundation",
            "3062 PA",
            "Rotterdam",
            None,
            D(2019, 9, 1),
            Decimal("750000"),
            Decimal("1"),
        ),
        (
            "Stichting Rotterdamse Werkgevers",
            "41120005",
            "foundation",
            "3013 AL",
            "Rotterdam",
            None,
            D(2020, 1, 1),
            Decimal("750000"),
            Decimal("0.5"),
        ),
        (
            "Maasoever Family Office B.V.",
            "41120006",
            "private_investor",
            "3016 BH",
            "Rotterdam",
            None,
            D(2021, 3, 1),
            Decimal("250000"),
            Decimal("1"),
        ),
    ],
    "sif-zkij": [
        (
            "Gemeente Haarlem",
            "34369000",
            "municipality",
            "2011 RD",
            "Haarlem",
            "GM0392",
            D(2025, 3, 1),
            Decimal("1000000"),
            Decimal("1"),
        ),
        (
            "Gemeente Velsen",
            "34369001",
            "municipality",
            "1971 EN",
            "IJmuiden",
            "GM0453",
            D(2025, 3, 1),
            Decimal("500000"),
            Decimal("1"),
        ),
        (
            "Stichting Kennemer Fonds",
            "34369002",
            "foundation",
            "2012 JD",
            "Haarlem",
            None,
            D(2025, 3, 1),
            Decimal("1250000"),
            Decimal("1"),
        ),
        (
            "Stichting Tata Steel IJmond Fonds",
            "34369003",
            "institutional",
            "1951 JZ",
            "Velsen-Noord",
            None,
            D(2025, 3, 1),
            Decimal("1000000"),
            Decimal("1"),
        ),
        (
            "Duin & Kust Beleggingen B.V.",
            "34369004",
            "private_investor",
            "2051 EB",
            "Overveen",
            None,
            D(2025, 6, 1),
            Decimal("300000"),
            Decimal("0.5"),
        ),
    ],
}

CAPITAL_CALLS = {
    "sif-rotterdam": [(D(2019, 7, 1), Decimal("30")), (D(2021, 1, 15), Decimal("30")), (D(2023, 3, 1), Decimal("20"))],
    "sif-zkij": [(D(2025, 7, 1), Decimal("25"))],
}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    role: str
    scope: str


DEMO_LOGINS = [
    DemoLogin("admin@sif.example", "Anna Admin", Role.ADMIN, ""),
    DemoLogin("manager@sif.example", "Mehmet Manager", Role.FUND_MANAGER, "sif-rotterdam, sif-zkij"),
    DemoLogin("ic@sif.example", "Ilse Investeringscommissie", Role.IC_MEMBER, "sif-rotterdam"),
    DemoLogin("investee@sif.example", "Ingrid Investee", Role.INVESTEE, "Buurtkeuken Delfshaven B.V."),
    DemoLogin("coinvestor@sif.example", "Coen Co-investor", Role.CO_INVESTOR, "Stichting Havenfonds Rotterdam"),
    DemoLogin("haarlem@sif.example", "Hanna Haarlem", Role.MUNICIPALITY_OFFICER, "GM0392"),
    DemoLogin("rotterdam@sif.example", "Ruben Rotterdam", Role.MUNICIPALITY_OFFICER, "GM0599"),
]


def _iban(kvk: str) -> str:
    return IBAN.generate("NL", bank_code="INGB", account_code=kvk[-7:].rjust(10, "0")).compact


def _organisation(legal_name, kvk, legal_form, street, postcode, city, website="", is_investee=False) -> Organisation:
    existing = Organisation.objects.filter(kvk_number=kvk).first()
    if existing:
        return existing
    return organisation_create(
        actor=None,
        legal_name=legal_name,
        kvk_number=kvk,
        legal_form=legal_form,
        street=street,
        postcode=postcode,
        city=city,
        iban=_iban(kvk),
        website=website,
        is_investee=is_investee,
    )


def _funds() -> dict[str, Fund]:
    specs = [
        dict(
            name="SIF Rotterdam",
            slug="sif-rotterdam",
            kvk_number="75123456",
            inception_date=D(2019, 6, 1),
            target_size=Decimal("10000000"),
            region_codes=["GM0599"],
            themes=[Theme.LABOUR_PARTICIPATION, Theme.EQUAL_OPPORTUNITY, Theme.POVERTY],
        ),
        dict(
            name="SIF ZKIJ",
            slug="sif-zkij",
            kvk_number="95123457",
            inception_date=D(2025, 3, 1),
            target_size=Decimal("6000000"),
            region_codes=ZKIJ_REGION,
            themes=[Theme.LABOUR_PARTICIPATION, Theme.CIRCULAR_ECONOMY, Theme.INCLUSIVE_TRANSITION],
        ),
    ]
    funds = {}
    for spec in specs:
        funds[spec["slug"]] = Fund.objects.filter(slug=spec["slug"]).first() or fund_create(actor=None, **spec)
    return funds


def _members(funds: dict[str, Fund]) -> dict[str, Member]:
    members = {}
    for slug, rows in MEMBERS.items():
        fund = funds[slug]
        for name, kvk, kind, postcode, city, gm, admitted, committed, _paid in rows:
            legal_form = (
                LegalForm.PUBLIC_BODY
                if kind == MemberKind.MUNICIPALITY
                else (LegalForm.STICHTING if name.startswith("Stichting") else LegalForm.BV)
            )
            org = _organisation(name, kvk, legal_form, "", postcode, city)
            member = Member.objects.filter(fund=fund, organisation=org).first() or member_admit(
                actor=None,
                fund=fund,
                organisation=org,
                kind=kind,
                admission_date=admitted,
                municipality=Municipality.objects.get(code=gm) if gm else None,
            )
            if not member.capital_movements.exists():
                capital_commit(
                    actor=None, member=member, amount=committed, value_date=admitted, reference="lidmaatschap"
                )
            members[name] = member
    return members


def _capital(funds: dict[str, Fund]) -> None:
    paid_share = {name: paid for rows in MEMBERS.values() for name, *_, paid in rows}
    for slug, calls in CAPITAL_CALLS.items():
        fund = funds[slug]
        if fund.capital_calls.exists():
            continue
        for call_date, percent in calls:
            call = capital_call_issue(
                actor=None,
                fund=fund,
                call_date=call_date,
                due_date=call_date + datetime.timedelta(days=30),
                percent=percent,
            )
            for movement in call.movements.select_related("member__organisation"):
                share = paid_share[movement.member.organisation.legal_name]
                amount = (movement.amount.amount * share).quantize(Decimal("0.01"))
                if amount > 0:
                    capital_contribution_record(
                        actor=None,
                        member=movement.member,
                        amount=amount,
                        value_date=call_date + datetime.timedelta(days=21),
                        capital_call=call,
                        reference=call.payment_reference,
                    )
    rotterdam = funds["sif-rotterdam"]
    for member in rotterdam.members.filter(kind=MemberKind.FOUNDATION).order_by("pk")[:2]:
        if not member.capital_movements.filter(kind="distribution").exists():
            capital_distribution_record(
                actor=None,
                member=member,
                amount=Decimal("25000.00"),
                value_date=D(2025, 12, 15),
                reference="rente 2025",
            )


def _investees() -> dict[str, Organisation]:
    organisations = {}
    for legal_name, trade, kvk, form, street, postcode, city, labels in INVESTEES:
        existing = Organisation.objects.filter(kvk_number=kvk).first()
        org = existing or organisation_create(
            actor=None,
            legal_name=legal_name,
            trade_name=trade,
            kvk_number=kvk,
            legal_form=form,
            street=street,
            postcode=postcode,
            city=city,
            iban=_iban(kvk),
            is_investee=True,
            website=f"https://{trade.lower().replace(' ', '').replace('!', '')}.example",
        )
        if existing is None:
            for kind, level, valid_from, valid_to in labels:
                impact_label_add(
                    actor=None,
                    organisation=org,
                    kind=LabelKind(kind),
                    level=level,
                    valid_from=valid_from,
                    valid_to=valid_to,
                )
        organisations[legal_name] = org
    return organisations


def _users(funds, members, investees) -> None:
    scopes = {
        "manager@sif.example": [{"fund": f} for f in funds.values()],
        "ic@sif.example": [{"fund": funds["sif-rotterdam"]}],
        "investee@sif.example": [{"organisation": investees["Buurtkeuken Delfshaven B.V."]}],
        "coinvestor@sif.example": [{"member": members["Stichting Havenfonds Rotterdam"]}],
        "haarlem@sif.example": [{"municipality": Municipality.objects.get(code="GM0392")}],
        "rotterdam@sif.example": [{"municipality": Municipality.objects.get(code="GM0599")}],
        "admin@sif.example": [{}],
    }
    for login in DEMO_LOGINS:
        user = User.objects.filter(email=login.email).first()
        if user is None:
            is_admin = login.role == Role.ADMIN
            user = User.objects.create_user(
                login.email,
                DEMO_PASSWORD,
                full_name=login.full_name,
                is_staff=login.role in (Role.ADMIN, Role.FUND_MANAGER),
                is_superuser=is_admin,
            )
        for scope in scopes[login.email]:
            RoleAssignment.objects.get_or_create(user=user, role=login.role, **scope)


@transaction.atomic
def demo_seed() -> None:
    """Create the demo data set, or leave it as it is where it exists already."""
    if not settings.DEMO_MODE:
        raise RuntimeError("The demo data set can only be loaded with the demo settings (DEMO_MODE).")
    funds = _funds()
    members = _members(funds)
    _capital(funds)
    investees = _investees()
    _users(funds, members, investees)


SECOND_MANAGER = ("manager2@sif.example", "Marieke Tweede Beheerder")


def second_manager(funds: list[Fund]) -> User:
    """The funds' second fund manager: whatever one manager asks for under four eyes, she approves (and back)."""
    email, name = SECOND_MANAGER
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, DEMO_PASSWORD, full_name=name, is_staff=True
    )
    for fund in funds:
        RoleAssignment.objects.get_or_create(user=user, role=Role.FUND_MANAGER, fund=fund)
    return user
