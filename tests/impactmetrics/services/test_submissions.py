"""Submitting, validating and reviewing: messages a non-expert understands, nothing saved when anything is wrong,
every version kept, and only approved values counting."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from fund.errors import DomainError
from fund.models import AuditEvent
from impactmetrics.choices import RequestStatus, VersionStatus
from impactmetrics.models import MetricValue, SubmissionVersion
from impactmetrics.selectors.aggregation import metric_aggregates
from impactmetrics.selectors.requests import submission_history
from impactmetrics.services.submissions import (
    submission_approve,
    submission_correction_start,
    submission_draft_save,
    submission_return,
    submission_submit,
)
from tests.impactmetrics.conftest import Q1, Q2, Q4, approved, data, plan_for, request_for, second_manager

pytestmark = pytest.mark.django_db

CODES = ["OD9151", "OI8869", "OI4038", "PI3687", "SIF-DISTANCE", "SIF-DIST-SHARE", "SIF-WAGE-POLICY", "SIF-LIVING-WAGE"]
GOOD = {
    "OD9151": "20",
    "OI8869": "12",
    "OI4038": "3",
    "PI3687": "2",
    "SIF-DISTANCE": "9",
    "SIF-WAGE-POLICY": "collective agreement (cao)",
    "SIF-LIVING-WAGE": "ja",
}


@pytest.fixture
def plan(rotterdam):
    return plan_for(rotterdam, CODES)


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_every_problem_is_reported_at_once_in_plain_words_and_nothing_is_saved(plan, investee_user):
    request = request_for(plan, Q1)
    bad = GOOD | {"OD9151": "twenty", "OI4038": "13", "PI3687": "2.5", "SIF-WAGE-POLICY": "whatever"}
    bad.pop("SIF-LIVING-WAGE")
    with pytest.raises(ValidationError) as excinfo:
        submission_submit(actor=investee_user, request=request, data=data(bad))
    errors = errors_of(excinfo)
    assert errors["value_OD9151"] == ["“twenty” is not a number. Enter digits only, for example 12."]
    assert errors["value_PI3687"] == ["Enter a whole number (jobs are counted, not split); “2.5” has decimals."]
    assert errors["value_OI4038"] == [
        "13 is more than “Permanent Employees: Total” (12): a part can never be larger than its total."
    ]
    assert errors["value_SIF-WAGE-POLICY"][0].startswith("Choose one of: Minimum wage, Collective agreement (cao)")
    assert errors["value_SIF-LIVING-WAGE"] == ["Enter a value; every metric of the request needs one."]
    assert not SubmissionVersion.objects.filter(request=request).exists()


def test_a_share_above_100_percent_is_refused_on_its_numerator(rotterdam, investee_user):
    plan = plan_for(rotterdam, ["PI9465", "PI4060", "PI3527"])
    request = request_for(plan, Q1)
    with pytest.raises(ValidationError) as excinfo:
        submission_submit(actor=investee_user, request=request, data=data({"PI9465": "25", "PI4060": "20"}))
    assert errors_of(excinfo) == {
        "value_PI9465": [
            "25 is more than 20 (“Client Individuals: Total”), which would make “Job Placement Rate” more than 100 %."
        ]
    }


def test_dutch_decimal_commas_and_yes_no_in_dutch_are_understood(plan, investee_user):
    request = request_for(plan, Q1)
    version = submission_submit(actor=investee_user, request=request, data=data(GOOD | {"SIF-LIVING-WAGE": "Nee"}))
    values = {v.metric.code: v for v in version.values.select_related("metric")}
    assert values["SIF-LIVING-WAGE"].value == 0
    assert values["SIF-WAGE-POLICY"].choice == "Collective agreement (cao)"


def test_a_jump_of_more_than_half_needs_an_explanation_to_submit(plan, manager, investee_user):
    approved(plan, Q1, GOOD, actor=manager)
    request = request_for(plan, Q2)
    jumped = GOOD | {"OD9151": "32", "OI8869": "12"}  # +60 %
    with pytest.raises(ValidationError) as excinfo:
        submission_submit(actor=investee_user, request=request, data=data(jumped))
    assert errors_of(excinfo) == {
        "explanation_OD9151": ["This is 60 % more than last period (20). Explain the change to submit."]
    }
    version = submission_submit(
        actor=investee_user, request=request, data=data(jumped, explanations={"OD9151": "Took over a second kitchen."})
    )
    assert version.values.get(metric__code="OD9151").explanation == "Took over a second kitchen."


def test_a_draft_keeps_what_was_typed_without_checking_completeness_but_refuses_a_wrong_type(plan, investee_user):
    request = request_for(plan, Q1)
    draft = submission_draft_save(actor=investee_user, request=request, data=data({"OD9151": "20"}))
    assert draft.status == VersionStatus.DRAFT
    again = submission_draft_save(actor=investee_user, request=request, data=data({"OD9151": "21", "OI8869": "4"}))
    assert again.pk == draft.pk and again.values.count() == 2
    with pytest.raises(ValidationError):
        submission_draft_save(actor=investee_user, request=request, data=data({"OD9151": "x"}))
    assert again.values.get(metric__code="OD9151").value == 21


def test_return_with_comments_then_correct_and_approve_keeps_every_version(plan, manager, investee_user):
    request = request_for(plan, Q1)
    v1 = submission_submit(actor=investee_user, request=request, data=data(GOOD))
    with pytest.raises(ValidationError):
        submission_return(actor=manager, version=v1, comments={})
    submission_return(actor=manager, version=v1, comments={"OD9151": "Payroll says 21."})
    request.refresh_from_db()
    assert request.status == RequestStatus.RETURNED
    assert v1.values.get(metric__code="OD9151").review_comment == "Payroll says 21."
    with pytest.raises(DomainError):
        submission_approve(actor=manager, version=v1)

    v2 = submission_submit(actor=investee_user, request=request, data=data(GOOD | {"OD9151": "21"}))
    assert v2.number == 2
    submission_approve(actor=manager, version=v2)
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED

    history = submission_history(request=request)
    assert [(h.version.number, h.version.status) for h in history] == [(1, "returned"), (2, "approved")]
    assert history[1].changed == {"OD9151": ("20", "21")}
    assert history[1].version.submitted_by == investee_user and history[1].version.reviewed_by == manager
    actions = set(AuditEvent.objects.filter(object_id__in=[v1.pk, v2.pk]).values_list("action", flat=True))
    assert {"submission.submitted", "submission.returned", "submission.approved"} <= actions


def test_only_approved_values_count_and_a_correction_keeps_the_old_version_until_approved(plan, manager, investee_user):
    plans = type(plan).objects.filter(pk=plan.pk)
    request = request_for(plan, Q1)
    version = submission_submit(actor=investee_user, request=request, data=data(GOOD))

    def employees():
        return {a.code: a.value for a in metric_aggregates(plans=plans, start=Q1.replace(month=1, day=1), end=Q4)}.get(
            "OD9151"
        )

    assert employees() is None  # submitted, not approved
    submission_approve(actor=manager, version=version)
    assert employees() == 20

    with pytest.raises(ValidationError):
        submission_correction_start(actor=manager, request=request, reason=" ")
    correction = submission_correction_start(actor=manager, request=request, reason="Payroll corrected.")
    submission_submit(actor=manager, request=request, data=data(GOOD | {"OD9151": "22"}))
    assert employees() == 20  # the correction is not approved yet
    # the manager typed the corrected figures, so another manager approves them (four eyes)
    submission_approve(actor=second_manager(manager, plan.fund), version=correction)
    assert employees() == 22

    history = submission_history(request=request)
    assert [(h.version.number, h.version.status) for h in history] == [(1, "superseded"), (2, "approved")]
    assert history[1].version.reason == "Payroll corrected."
    assert MetricValue.objects.filter(version=history[0].version, metric__code="OD9151").get().value == 20


def test_a_submitted_report_cannot_be_changed_until_reviewed(plan, investee_user):
    request = request_for(plan, Q1)
    submission_submit(actor=investee_user, request=request, data=data(GOOD))
    with pytest.raises(DomainError, match="waiting for the fund's review"):
        submission_draft_save(actor=investee_user, request=request, data=data(GOOD))


def test_figures_a_manager_entered_for_an_investee_are_approved_by_another_manager_only(client, plan, manager):
    request = request_for(plan, Q1)
    version = submission_submit(actor=manager, request=request, data=data(GOOD))  # on the investee's behalf
    with pytest.raises(DomainError, match="You entered figures in this report; another fund manager must approve it"):
        submission_approve(actor=manager, version=version)
    # the review page offers that manager no approve button, refuses a forced approval and says why
    client.force_login(manager)
    page = client.get(reverse("impact:request_detail", args=[request.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="four-eyes-note"' in page and 'data-testid="approve"' not in page
    response = client.post(
        reverse("impact:request_detail", args=[request.pk]), {"action": "approve"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400 and "You entered figures in this report" in response.content.decode()
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED
    # and the database, whatever path writes the row
    with pytest.raises(IntegrityError), transaction.atomic():
        SubmissionVersion.objects.filter(pk=version.pk).update(status=VersionStatus.APPROVED, reviewed_by=manager)
    other = second_manager(manager, plan.fund)
    submission_approve(actor=other, version=version)
    version.refresh_from_db()
    assert (version.status, version.submitted_by, version.reviewed_by) == ("approved", manager, other)


def test_a_manager_who_saved_a_draft_of_the_investees_report_cannot_approve_it(plan, manager, investee_user):
    request = request_for(plan, Q1)
    submission_draft_save(actor=manager, request=request, data=data(GOOD | {"OD9151": "19"}))
    version = submission_submit(actor=investee_user, request=request, data=data(GOOD))
    with pytest.raises(DomainError, match="You entered figures in this report"):
        submission_approve(actor=manager, version=version)
    submission_approve(actor=second_manager(manager, plan.fund), version=version)
