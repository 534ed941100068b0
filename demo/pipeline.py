"""The demo pipeline: committee members and rules per fund, checklists and scoring criteria, about 25 applications
across every stage for both funds, two IC meetings with votes (one with a declared conflict), approved and declined.

Idempotent: it does nothing when the demo applications exist already. Every status move runs through the services;
afterwards the demo's timestamps are moved into the past so the funnel shows realistic days per stage.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from demo.funds import second_manager
from demo.historic import change_backdate, demo_moment
from fund.auth import DEMO_PASSWORD
from fund.choices import Role
from fund.models import Fund, Organisation, PendingChange, RoleAssignment, User
from fund.services.approvals import change_approve
from portfolio.choices import (
    ApplicationStatus as S,
)
from portfolio.choices import (
    CoFinancingSource,
    CoFinancingStatus,
    CriterionKind,
    DocumentKind,
    DueDiligenceStatus,
    QuorumRule,
    VoteChoice,
)
from portfolio.models import (
    Application,
    ApplicationDocument,
    ApplicationStatusChange,
    CommitteeRules,
    DueDiligenceTemplateItem,
    ScoringCriterion,
)
from portfolio.services.applications import (
    application_create,
    application_decline,
    application_move,
    application_submit,
    application_withdraw,
    co_financing_add,
)
from portfolio.services.committee import (
    agenda_item_add,
    conflict_declare,
    ic_decision_record,
    ic_meeting_create,
    ic_vote_cast,
)
from portfolio.services.questions import question_answer, question_ask
from portfolio.services.screening import application_assess, dd_item_update, eligibility_checks_run

# Extra committee members, so quorum means something: three per fund (ic@ sits on SIF Rotterdam's already).
IC_MEMBERS = [
    ("ic2@sif.example", "Iris Commissie", "sif-rotterdam"),
    ("ic3@sif.example", "Igor Commissie", "sif-rotterdam"),
    ("ic4@sif.example", "Inge Kennemer", "sif-zkij"),
    ("ic5@sif.example", "Isaac IJmond", "sif-zkij"),
    ("ic6@sif.example", "Ivo Spaarne", "sif-zkij"),
]
# The fund team's own checklist, in the team's language.
DD_CHECKLIST = [
    "KvK-uittreksel en UBO-register gecontroleerd",
    "Jaarrekeningen geanalyseerd",
    "Kasstroomprognose doorgerekend met stresstest",
    "Gesprek met het management",
    "Impactthese en indicatoren afgesproken",
    "Positie van bank en Qredits bevestigd",
]
# The fund's own scoring criteria, in the team's language.
CRITERIA = [
    (CriterionKind.CREDIT, "Terugbetaalcapaciteit", Decimal("3")),
    (CriterionKind.CREDIT, "Management en bestuur", Decimal("2")),
    (CriterionKind.CREDIT, "Zekerheden en cofinanciering", Decimal("1")),
    (CriterionKind.IMPACT, "Diepgang van de impact op de doelgroep", Decimal("2")),
    (CriterionKind.IMPACT, "Schaal", Decimal("1")),
    (CriterionKind.IMPACT, "Meetbaarheid", Decimal("1")),
]
LP, EO, PV = "labour_participation", "equal_opportunity", "poverty"
CE, IT = "circular_economy", "inclusive_transition"

# (organisation, fund, amount, term, grace, instrument, themes, final stage, days since submission)
# final stage "ic1"/"ic2" means decided at the first or second meeting; "agenda" is on the planned meeting.
PIPELINE = [
    ("Buurtkeuken Delfshaven B.V.", "sif-rotterdam", "150000", 60, 6, "senior_loan", [LP], "approved_ic1", 200),
    ("Fietsfabriek Zuid B.V.", "sif-rotterdam", "250000", 72, 12, "subordinated_loan", [LP, EO], "approved_ic1", 190),
    ("Stichting Werkplaats Feijenoord", "sif-rotterdam", "90000", 48, 0, "senior_loan", [LP], "declined_ic1", 185),
    ("Schoon Rotterdam Coöperatie U.A.", "sif-rotterdam", "120000", 60, 6, "senior_loan", [LP, PV], "agenda", 120),
    ("Kringloop Noord B.V.", "sif-rotterdam", "60000", 36, 0, "senior_loan", [LP], "due_diligence", 80),
    ("Zorgcafé Charlois B.V.", "sif-rotterdam", "45000", 36, 3, "senior_loan", [EO], "due_diligence", 60),
    ("Groene Daken Rotterdam B.V.", "sif-rotterdam", "300000", 84, 12, "convertible_loan", [LP], "screening", 40),
    ("Taalhuis Werkt B.V.", "sif-rotterdam", "35000", 36, 0, "senior_loan", [EO], "screening", 25),
    ("Maaltijdmakers Rotterdam B.V.", "sif-rotterdam", "180000", 60, 6, "subordinated_loan", [PV], "submitted", 10),
    ("Havenwerk Leer-werkbedrijf B.V.", "sif-rotterdam", "400000", 84, 12, "senior_loan", [LP], "submitted", 5),
    ("Digitaal Erbij B.V.", "sif-rotterdam", "20000", 24, 0, "senior_loan", [EO], "declined_screening", 150),
    ("Kinderopvang Samen B.V.", "sif-rotterdam", "100000", 60, 0, "senior_loan", [EO], "withdrawn", 140),
    ("Upcycle Studio Rotterdam B.V.", "sif-rotterdam", "75000", 48, 6, "senior_loan", [LP], "draft", 0),
    ("Spaarne Werkt B.V.", "sif-zkij", "200000", 60, 6, "senior_loan", [LP], "approved_ic2", 150),
    ("Kringloopcentrum Haarlem Stichting", "sif-zkij", "80000", 48, 0, "subordinated_loan", [CE], "approved_ic2", 140),
    ("Bakkerij De Kans B.V.", "sif-zkij", "50000", 36, 3, "senior_loan", [LP], "declined_ic2", 135),
    ("IJmond Circulair B.V.", "sif-zkij", "350000", 84, 12, "convertible_loan", [CE, IT], "ic", 70),
    ("Velsen Aan Het Werk Stichting", "sif-zkij", "150000", 60, 6, "senior_loan", [LP], "due_diligence", 55),
    ("Textielhub Beverwijk B.V.", "sif-zkij", "90000", 48, 0, "senior_loan", [CE], "due_diligence", 45),
    ("Zonnepanelen Samen Coöperatie U.A.", "sif-zkij", "250000", 84, 12, "subordinated_loan", [IT], "screening", 30),
    ("Heemsteedse Hersteldienst B.V.", "sif-zkij", "40000", 36, 0, "senior_loan", [CE], "screening", 20),
    ("Groentetuin Beverwijk B.V.", "sif-zkij", "30000", 36, 0, "senior_loan", [LP], "submitted", 8),
    ("Heemskerk Zorgt B.V.", "sif-zkij", "700000", 96, 12, "senior_loan", [IT], "declined_screening", 100),
    ("Strandwerk Zandvoort B.V.", "sif-zkij", "65000", 48, 6, "senior_loan", [LP], "withdrawn", 90),
    ("Bloemendaal Buurthuis B.V.", "sif-zkij", "55000", 36, 0, "senior_loan", [IT], "draft", 0),
]
_ORDER = [S.SUBMITTED, S.SCREENING, S.DUE_DILIGENCE, S.IC]
_REACHES = {
    "draft": None,
    "submitted": S.SUBMITTED,
    "screening": S.SCREENING,
    "due_diligence": S.DUE_DILIGENCE,
    "ic": S.IC,
    "agenda": S.IC,
    "approved_ic1": S.IC,
    "approved_ic2": S.IC,
    "declined_ic1": S.IC,
    "declined_ic2": S.IC,
    "declined_screening": S.SCREENING,
    "withdrawn": S.SCREENING,
}
SAMPLE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
SAMPLE_NAME = "demo/business-plan.pdf"


def _users(funds: dict[str, Fund]) -> dict[str, User]:
    users = {}
    for email, name, slug in IC_MEMBERS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, DEMO_PASSWORD, full_name=name
        )
        RoleAssignment.objects.get_or_create(user=user, role=Role.IC_MEMBER, fund=funds[slug])
        users[email] = user
    users["ic@sif.example"] = User.objects.get(email="ic@sif.example")
    users["manager@sif.example"] = User.objects.get(email="manager@sif.example")
    return users


def _fund_configuration(funds: dict[str, Fund]) -> None:
    for fund in funds.values():
        CommitteeRules.objects.get_or_create(fund=fund, defaults={"quorum_rule": QuorumRule.MAJORITY})
        for position, title in enumerate(DD_CHECKLIST, 1):
            DueDiligenceTemplateItem.objects.get_or_create(fund=fund, title=title, defaults={"position": position})
        for position, (kind, name, weight) in enumerate(CRITERIA, 1):
            ScoringCriterion.objects.get_or_create(
                fund=fund, kind=kind, name=name, defaults={"weight": weight, "position": position}
            )


def _sample_document(application: Application) -> None:
    """Demo applications share one stored sample business plan (written once), so seeding writes no file per row."""
    if not default_storage.exists(SAMPLE_NAME):
        default_storage.save(SAMPLE_NAME, ContentFile(SAMPLE_PDF))
    ApplicationDocument.objects.create(
        application=application,
        kind=DocumentKind.BUSINESS_PLAN,
        file=SAMPLE_NAME,
        original_name="ondernemingsplan.pdf",
        extension="pdf",
        content_type="application/pdf",
        size=len(SAMPLE_PDF),
        sha256="demo",
    )


def _walk(app: Application, reach, manager: User, index: int) -> Application:
    """Move an application through the pipeline up to `reach`, doing each stage's work on the way."""
    if reach is None:
        return app
    application_submit(actor=None, application=app)
    for target in _ORDER[1 : _ORDER.index(reach) + 1]:
        if target == S.IC:
            for item in app.dd_items.exclude(status=DueDiligenceStatus.DONE):
                dd_item_update(actor=manager, item=item, status=DueDiligenceStatus.DONE, owner=manager, note="In orde.")
        app = application_move(actor=manager, application=app, target=target)
        if target == S.SCREENING:
            eligibility_checks_run(actor=manager, application=app)
            application_assess(
                actor=manager,
                application=app,
                scores={c.pk: 3 + (c.position + index) % 3 for c in app.fund.scoring_criteria.all()},
                risk_grade="ABCDE"[index % 4 + (1 if app.amount_requested.amount > 300000 else 0)],
                proposed_rate=Decimal("3.500") + Decimal(index % 4) / 2,
            )
        if target == S.DUE_DILIGENCE:
            question = question_ask(
                actor=manager, application=app, text="Kunt u de prognose voor de komende twee jaar toelichten?"
            )
            if index % 2 == 0:
                question_answer(actor=None, question=question, answer="Zie de bijgewerkte prognose in de bijlage.")
            for item in app.dd_items.filter(position__lte=2 + index % 3):
                dd_item_update(actor=manager, item=item, status=DueDiligenceStatus.DONE, owner=manager, note="In orde.")
    return app


def _backdate(app: Application, days_ago: int) -> None:
    """Spread the demo history over the past: each status change a few weeks after the one before."""
    if days_ago <= 0:
        return
    now = timezone.now()
    changes = list(app.status_changes.order_by("at", "pk"))
    step = max(days_ago // max(len(changes), 1), 1)
    for i, change in enumerate(changes):
        at = now - datetime.timedelta(days=days_ago - i * step)
        ApplicationStatusChange.objects.filter(pk=change.pk).update(at=at)
    first_at = now - datetime.timedelta(days=days_ago)
    last_at = now - datetime.timedelta(days=days_ago - (len(changes) - 1) * step) if changes else now
    Application.objects.filter(pk=app.pk).update(submitted_at=first_at, status_changed_at=last_at)


def _meetings(funds, apps, users) -> None:
    manager = users["manager@sif.example"]
    approver = second_manager(list(funds.values()))
    today = timezone.localdate()
    plans = [
        (
            funds["sif-rotterdam"],
            today - datetime.timedelta(days=60),
            "Kantoor SIF Rotterdam, Wijnhaven",
            ["ic@sif.example", "ic2@sif.example", "ic3@sif.example"],
            "1",
        ),
        (
            funds["sif-zkij"],
            today - datetime.timedelta(days=30),
            "Stadhuis Haarlem",
            ["ic4@sif.example", "ic5@sif.example", "ic6@sif.example"],
            "2",
        ),
    ]
    for fund, held_on, location, members, tag in plans:
        meeting = ic_meeting_create(actor=manager, fund=fund, held_on=held_on, location=location)
        items = [
            (agenda_item_add(actor=manager, meeting=meeting, application=Application.objects.get(pk=pk)), outcome)
            for pk, (outcome, t) in apps.items()
            if t == tag
        ]
        for item, outcome in items:
            app = Application.objects.get(pk=item.application_id)
            approve = outcome == "approved"
            first, second, third = (users[m] for m in members)
            if tag == "1" and approve and app.organisation.legal_name.startswith("Fietsfabriek"):
                conflict_declare(actor=third, item=item, reason="Ik ben toezichthouder bij De Fietsfabriek.")
            else:
                ic_vote_cast(
                    actor=third, item=item, choice=VoteChoice.APPROVE if approve else VoteChoice.DECLINE, reason="—"
                )
            ic_vote_cast(
                actor=first,
                item=item,
                choice=VoteChoice.APPROVE_WITH_CONDITIONS if approve else VoteChoice.DECLINE,
                reason="" if approve else "Terugbetaalcapaciteit te krap.",
                conditions=["Halfjaarlijkse impactrapportage"] if approve else [],
            )
            ic_vote_cast(actor=second, item=item, choice=VoteChoice.APPROVE if approve else VoteChoice.ABSTAIN)
            recorded = ic_decision_record(
                actor=manager,
                item=item,
                reasons="Sterke impactcase en realistisch plan." if approve else "De terugbetaalcapaciteit is te krap.",
                applicant_message="Wij financieren uw plan graag; u ontvangt de overeenkomst binnenkort."
                if approve
                else "Uw plan past bij het fonds, maar de verwachte kasstroom is te krap voor deze lening.",
                amount=app.amount_requested.amount - (Decimal("10000") if tag == "2" else 0) if approve else None,
                annual_interest_rate=app.proposed_rate if approve else None,
                term_months=app.term_months if approve else None,
                grace_months=app.grace_months if approve else None,
                instrument=app.instrument if approve else "",
                conditions_precedent=["Getekende overeenkomst met de bank", "Bewijs van eigen inbreng"]
                if approve
                else [],
                covenants=["Solvabiliteit minimaal 20 %", "Jaarlijkse impactrapportage"] if approve else [],
            )
            if isinstance(recorded, PendingChange):
                # SIF ZKIJ lends 10,000 less than voted on: the second fund manager approves those terms (four eyes)
                change_approve(actor=approver, change=recorded)
                change_backdate(recorded, requested_at=demo_moment(held_on, 16))
    # A planned meeting for SIF Rotterdam with one application on its agenda.
    meeting = ic_meeting_create(
        actor=manager, fund=funds["sif-rotterdam"], held_on=today + datetime.timedelta(days=14), location="Online"
    )
    for pk, (outcome, _tag) in apps.items():
        if outcome == "agenda":
            agenda_item_add(actor=manager, meeting=meeting, application=Application.objects.get(pk=pk))


@transaction.atomic
def demo_seed() -> None:
    """Create the demo pipeline, or leave it as it is where it exists already."""
    if not settings.DEMO_MODE:
        raise RuntimeError("The demo data set can only be loaded with the demo settings (DEMO_MODE).")
    funds = {f.slug: f for f in Fund.objects.filter(slug__in=["sif-rotterdam", "sif-zkij"])}
    users = _users(funds)
    _fund_configuration(funds)
    if Application.objects.filter(fund__in=funds.values()).exists():
        return
    manager = users["manager@sif.example"]
    decided: dict[int, tuple[str, str]] = {}
    ages: dict[int, int] = {}
    for index, (org_name, slug, amount, term, grace, instrument, themes, stage, days_ago) in enumerate(PIPELINE):
        org = Organisation.objects.get(legal_name=org_name)
        app = application_create(
            actor=None,
            fund=funds[slug],
            organisation=org,
            amount_requested=Decimal(amount),
            purpose="Werkplekken en inventaris voor de uitbreiding van het leerwerktraject.",
            term_months=term,
            grace_months=grace,
            instrument=instrument,
            themes=themes,
            target_group="Rotterdammers en Kennemers met een afstand tot de arbeidsmarkt (bijstand, Wajong).",
            expected_outcomes="Mensen uit de bijstand aan betaald werk; na 12 maanden nog in dienst.",
            metric_codes=["SIF-PLACED", "PI3687"],
            annual_revenue=Decimal(amount) * 3,
            net_result=Decimal(amount) / 20,
            equity=Decimal(amount) / 2,
            employees_fte=Decimal(12 + index),
        )
        co_financing_add(
            actor=None,
            application=app,
            source=CoFinancingSource.BANK if index % 3 else CoFinancingSource.QREDITS,
            provider="Rabobank" if index % 3 else "Qredits",
            amount=Decimal(amount) / 2,
            status=CoFinancingStatus.COMMITTED if index % 2 else CoFinancingStatus.REQUESTED,
        )
        co_financing_add(
            actor=None,
            application=app,
            source=CoFinancingSource.OWN_FUNDS,
            amount=Decimal(amount) / 10,
            status=CoFinancingStatus.COMMITTED,
        )
        if stage == "draft":
            continue
        _sample_document(app)
        app = _walk(app, _REACHES[stage], manager, index)
        if stage == "declined_screening":
            application_decline(
                actor=manager, application=app, reason="Het gevraagde bedrag past niet binnen de ticketgrenzen."
            )
        elif stage == "withdrawn":
            application_withdraw(actor=None, application=app, reason="We hebben elders financiering gevonden.")
        elif stage.startswith(("approved_ic", "declined_ic")):
            decided[app.pk] = (stage.split("_")[0], stage[-1])
        elif stage == "agenda":
            decided[app.pk] = ("agenda", "")
        ages[app.pk] = days_ago
    _meetings(funds, decided, users)
    for app in Application.objects.filter(pk__in=ages):
        _backdate(app, ages[app.pk])
