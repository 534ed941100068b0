"""The application's state machine: draft → submitted → screening → due diligence → IC, and what each move needs."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from fund.errors import DomainError
from fund.models import AuditEvent
from portfolio.choices import ApplicationStatus as S
from portfolio.choices import DueDiligenceStatus
from portfolio.models import Application, ApplicationStatusChange
from portfolio.services.applications import (
    application_decline,
    application_move,
    application_submit,
    application_update,
    application_withdraw,
)
from portfolio.services.screening import dd_item_update
from portfolio.tasks import application_notify_applicant
from portfolio.transitions import APPLICATION_TRANSITIONS
from tests.portfolio.conftest import application_at, new_application, submitted_application

pytestmark = pytest.mark.django_db


def test_a_draft_cannot_be_submitted_without_thesis_metrics_and_business_plan(demo):
    app = new_application(demo, themes=[], target_group="", metric_codes=[])
    with pytest.raises(ValidationError) as exc:
        application_submit(actor=demo.investee, application=app)
    assert set(exc.value.message_dict) == {"themes", "target_group", "metric_codes", "documents"}
    app.refresh_from_db()
    assert app.status == S.DRAFT and app.submitted_at is None


def test_fields_are_all_checked_at_once_and_themes_must_be_the_funds(demo):
    with pytest.raises(ValidationError) as exc:
        new_application(demo, amount="0", term_months=12, grace_months=12, themes=["circular_economy"])
    assert set(exc.value.message_dict) == {"amount_requested", "grace_months", "themes"}
    assert "SIF Rotterdam" in exc.value.message_dict["themes"][0]


def test_submission_records_the_change_and_queues_the_applicant_mail(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        app = submitted_application(demo)
    assert app.status == S.SUBMITTED and app.submitted_at is not None
    assert len(callbacks) == 1
    change = ApplicationStatusChange.objects.get(application=app)
    assert (change.from_status, change.to_status) == (S.DRAFT, S.SUBMITTED)
    assert AuditEvent.objects.filter(object_id=str(app.pk), action="application.submitted").exists()


def test_the_notification_task_mails_the_applicants_investee_users(demo):
    app = submitted_application(demo)
    assert application_notify_applicant(app.pk, "received", "We received it.") == 1
    assert mail.outbox[-1].to == ["investee@sif.example"]
    assert app.reference in mail.outbox[-1].subject


def test_a_submitted_application_cannot_be_changed(demo):
    app = submitted_application(demo)
    with pytest.raises(DomainError, match="Only a draft"):
        application_update(actor=demo.investee, application=app, purpose="Iets anders")


def test_illegal_moves_are_refused_with_a_message(demo):
    app = submitted_application(demo)
    with pytest.raises(DomainError, match="cannot move from “Submitted” to “Investment committee”"):
        application_move(actor=demo.manager, application=app, target=S.IC)
    with pytest.raises(DomainError, match="Only an investment committee decision"):
        application_move(actor=demo.manager, application=app, target=S.APPROVED)
    assert Application.objects.get(pk=app.pk).status == S.SUBMITTED


def test_due_diligence_needs_the_eligibility_checks_first(demo):
    app = submitted_application(demo)
    app = application_move(actor=demo.manager, application=app, target=S.SCREENING)
    with pytest.raises(DomainError, match="eligibility checks"):
        application_move(actor=demo.manager, application=app, target=S.DUE_DILIGENCE)


def test_entering_due_diligence_copies_the_funds_checklist_and_ic_needs_it_finished(demo):
    app = application_at(demo, S.DUE_DILIGENCE)
    titles = list(app.dd_items.values_list("title", flat=True))
    assert titles == list(demo.rotterdam_fund.dd_template_items.values_list("title", flat=True))
    assert len(titles) == 6
    first = app.dd_items.first()
    dd_item_update(actor=demo.manager, item=first, status=DueDiligenceStatus.DONE, owner=demo.manager, note="ok")
    with pytest.raises(DomainError, match="5 of 6 due-diligence items are not done yet"):
        application_move(actor=demo.manager, application=app, target=S.IC)
    for item in app.dd_items.exclude(pk=first.pk):
        dd_item_update(actor=demo.manager, item=item, status=DueDiligenceStatus.NOT_APPLICABLE, note="n.v.t.")
    assert application_move(actor=demo.manager, application=app, target=S.IC).status == S.IC


def test_not_applicable_needs_a_note_and_the_owner_must_manage_the_fund(demo):
    app = application_at(demo, S.DUE_DILIGENCE)
    with pytest.raises(ValidationError) as exc:
        dd_item_update(actor=demo.manager, item=app.dd_items.first(), status="not_applicable", owner=demo.investee)
    assert set(exc.value.message_dict) == {"owner", "note"}


def test_decline_needs_reasons_and_the_committee_decides_once_at_ic(demo):
    app = application_at(demo, S.SCREENING)
    with pytest.raises(ValidationError):
        application_decline(actor=demo.manager, application=app, reason=" ")
    declined = application_decline(actor=demo.manager, application=app, reason="Buiten de regio")
    assert declined.status == S.DECLINED and declined.outcome_reason == "Buiten de regio"
    at_ic = application_at(demo, S.IC)
    with pytest.raises(DomainError, match="committee decides"):
        application_decline(actor=demo.manager, application=at_ic, reason="Nee")


def test_withdrawn_keeps_its_history_and_reason_and_is_final(demo):
    app = application_at(demo, S.SCREENING)
    application_withdraw(actor=demo.investee, application=app, reason="Elders gefinancierd")
    app.refresh_from_db()
    assert app.status == S.WITHDRAWN and app.outcome_reason == "Elders gefinancierd"
    assert list(app.status_changes.values_list("to_status", flat=True)) == [S.SUBMITTED, S.SCREENING, S.WITHDRAWN]
    with pytest.raises(DomainError):
        application_move(actor=demo.manager, application=app, target=S.SCREENING)


def test_closed_statuses_have_no_way_out():
    assert all(not APPLICATION_TRANSITIONS[s] for s in (S.APPROVED, S.DECLINED, S.WITHDRAWN))
    assert S.APPROVED in APPLICATION_TRANSITIONS[S.IC]
    assert all(S.APPROVED not in targets for status, targets in APPLICATION_TRANSITIONS.items() if status != S.IC)
