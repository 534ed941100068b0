"""Eligibility checks with their reasons, and weighted scores."""

from decimal import Decimal

import pytest

from portfolio.choices import ApplicationStatus
from portfolio.selectors.dealflow import application_scores
from portfolio.services.screening import application_assess, eligibility_checks_run
from tests.portfolio.conftest import application_at

pytestmark = pytest.mark.django_db


def _results(app) -> dict:
    return {c.code: (c.passed, c.reason) for c in eligibility_checks_run(actor=None, application=app)}


def test_a_rotterdam_enterprise_with_a_label_passes_everything(demo):
    # Buurtkeuken holds Social Enterprise NL (open-ended); its PSO step 2 ran until 28-02-2026.
    app = application_at(demo, ApplicationStatus.SCREENING, amount="100000")
    results = _results(app)
    assert results["region"] == (True, "Rotterdam (GM0599) lies in the fund's region.")
    assert results["theme"] == (True, "Fits the fund's themes: Labour participation.")
    # Amounts in the English format ("€100,000.00", issue 10 item 6), no longer "€ 100,000.00".
    assert results["ticket"] == (True, "€100,000.00 lies within the tickets of €25,000.00 to €500,000.00.")
    assert results["labels"][0] is True and "Social Enterprise NL member" in results["labels"][1]


def test_failures_say_why(demo):
    # A Haarlem enterprise without labels asking SIF Rotterdam for less than the minimum ticket.
    app = application_at(demo, ApplicationStatus.SCREENING, organisation="Fietsherstel Schalkwijk B.V.", amount="20000")
    results = _results(app)
    assert results["region"] == (False, "Haarlem (GM0392) lies outside the fund's region (Rotterdam).")
    assert results["ticket"] == (False, "€20,000.00 is below the minimum ticket of €25,000.00.")  # English format
    assert results["labels"] == (False, "Holds no recognised label today.")


def test_running_the_checks_again_replaces_the_results(demo):
    app = application_at(demo, ApplicationStatus.SCREENING)
    eligibility_checks_run(actor=None, application=app)
    assert app.eligibility_checks.count() == 4


def test_weighted_scores_per_kind(demo):
    app = application_at(demo, ApplicationStatus.SCREENING)
    criteria = {c.name: c.pk for c in demo.rotterdam_fund.scoring_criteria.all()}
    application_assess(
        actor=demo.manager,
        application=app,
        scores={  # the demo fund's criteria, in Dutch as its team writes them
            criteria["Terugbetaalcapaciteit"]: 4,  # weight 3
            criteria["Management en bestuur"]: 2,  # weight 2
            criteria["Zekerheden en cofinanciering"]: 5,  # weight 1
            criteria["Diepgang van de impact op de doelgroep"]: 5,  # weight 2
            criteria["Schaal"]: 3,  # weight 1; "Meetbaarheid" (measurability) left unscored
        },
        risk_grade="B",
        proposed_rate=Decimal("3.250"),
    )
    summary = application_scores(application=app)
    assert summary.credit == Decimal("3.50")  # (3×4 + 2×2 + 1×5) / 6 = 21 / 6
    assert summary.impact == Decimal("4.33")  # (2×5 + 1×3) / 3 = 13 / 3
    app.refresh_from_db()
    assert (app.risk_grade, app.proposed_rate) == ("B", Decimal("3.250"))


def test_scores_outside_one_to_five_are_refused(demo):
    from django.core.exceptions import ValidationError

    app = application_at(demo, ApplicationStatus.SCREENING)
    criterion = demo.rotterdam_fund.scoring_criteria.first()
    with pytest.raises(ValidationError) as exc:
        application_assess(actor=demo.manager, application=app, scores={criterion.pk: 6}, risk_grade="F")
    assert set(exc.value.message_dict) == {"scores", "risk_grade"}
