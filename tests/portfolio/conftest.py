"""Deal-flow fixtures: private uploads in a temporary folder; helpers that build applications through the services."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fund.choices import Role
from fund.models import RoleAssignment, User
from portfolio.choices import ApplicationStatus, DocumentKind, DueDiligenceStatus
from portfolio.services.applications import application_create, application_move, application_submit
from portfolio.services.documents import document_upload
from portfolio.services.screening import dd_item_update, eligibility_checks_run

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Uploads go to a temporary private folder, so a test can see exactly what was kept."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": location}},
    }
    return location


def pdf(name: str = "plan.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def new_application(demo, *, organisation="Buurtkeuken Delfshaven B.V.", fund=None, amount="100000", **extra):
    values = (
        dict(
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
        | extra
    )
    return application_create(
        actor=demo.investee, fund=fund or demo.rotterdam_fund, organisation=demo.organisation(organisation), **values
    )


def submitted_application(demo, **kwargs):
    app = new_application(demo, **kwargs)
    document_upload(actor=demo.investee, application=app, kind=DocumentKind.BUSINESS_PLAN, uploaded=pdf())
    return application_submit(actor=demo.investee, application=app)


def application_at(demo, status: str, **kwargs):
    """An application moved through the services up to `status` (submitted, screening, due_diligence or ic)."""
    app = submitted_application(demo, **kwargs)
    order = [ApplicationStatus.SCREENING, ApplicationStatus.DUE_DILIGENCE, ApplicationStatus.IC]
    for target in order[: order.index(status) + 1] if status in order else []:
        if target == ApplicationStatus.IC:
            for item in app.dd_items.all():
                dd_item_update(actor=demo.manager, item=item, status=DueDiligenceStatus.DONE)
        app = application_move(actor=demo.manager, application=app, target=target)
        if target == ApplicationStatus.SCREENING:
            eligibility_checks_run(actor=demo.manager, application=app)
    app.refresh_from_db()
    return app


def rotterdam_ic(demo) -> list[User]:
    """SIF Rotterdam's committee in the demo: ic@, ic2@ and ic3@ (three members, so quorum is two)."""
    ids = RoleAssignment.objects.filter(role=Role.IC_MEMBER, fund=demo.rotterdam_fund).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids).order_by("email"))
