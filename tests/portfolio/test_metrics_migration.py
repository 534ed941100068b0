"""Moving the applications' metric codes to catalog metrics (portfolio 0007) keeps every promised metric, both ways."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portfolio.models import Application
from tests.conftest import demo_ensure

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("portfolio", "0006_eligibility_reason_in_each_language")
AFTER = ("portfolio", "0007_application_metrics_from_catalog")


def test_the_demo_applications_keep_their_metrics_through_the_migration_and_back(migrations_restored):
    demo_ensure()
    promised = {a.reference: a.metric_codes for a in Application.objects.prefetch_related("metrics")}
    assert promised and any(promised.values())

    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = MigrationExecutor(connection).loader.project_state([BEFORE]).apps.get_model("portfolio", "Application")
    # back on the free list: the same codes, by code
    assert {a.reference: a.metric_codes for a in old.objects.all()} == promised

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([AFTER])
    assert {a.reference: a.metric_codes for a in Application.objects.prefetch_related("metrics")} == promised
