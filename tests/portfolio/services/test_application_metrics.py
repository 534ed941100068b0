"""An applicant promises to report metrics of the fund's catalog (impactmetrics), not of a list fixed in the code."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from impactmetrics.models import Metric
from portfolio.services.applications import application_update
from tests.portfolio.conftest import new_application

pytestmark = pytest.mark.django_db


def test_an_applicant_can_promise_any_metric_the_catalog_has_in_use(demo):
    # SIF-INWORK is in the starter catalog but was never in the old fixed list of six
    app = new_application(demo, metric_codes=["SIF-INWORK", "PI3687"])
    assert app.metric_codes == ["PI3687", "SIF-INWORK"]
    assert set(app.metrics.values_list("code", flat=True)) == {"PI3687", "SIF-INWORK"}


def test_a_metric_the_catalog_no_longer_uses_is_refused_by_name(demo):
    Metric.objects.filter(code="SIF-WASTE").update(is_active=False)
    app = new_application(demo)
    with pytest.raises(ValidationError) as exc:
        application_update(actor=demo.investee, application=app, metric_codes=["SIF-WASTE", "NOPE"])
    assert exc.value.message_dict == {"metric_codes": ["Unknown metric: SIF-WASTE, NOPE."]}
    assert app.metric_codes == ["SIF-PLACED"]


def test_the_application_page_names_the_catalog_metrics(client, demo):
    app = new_application(demo, metric_codes=["SIF-PLACED"])
    client.force_login(demo.investee)
    page = client.get(reverse("portfolio:application_detail", args=[app.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "SIF-PLACED People from social assistance placed in paid work" in page.content.decode()
