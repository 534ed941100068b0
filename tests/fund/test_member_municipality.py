"""Only a municipality member names a municipality (its officers read the member's capital account): the form, the
service and the database refuse it for any other kind, and the migration that adds the rule names the members
that break it instead of clearing them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from fund.models import Member, Municipality, Organisation
from fund.services.capital import member_admit
from tests.conftest import demo_ensure

RULE_BEFORE = ("fund", "0006_auditevent_append_only_trigger")
RULE = ("fund", "0007_member_municipality_only_for_municipality_members")


def _organisation(name: str) -> Organisation:
    return Organisation.objects.create(legal_name=name, municipality=Municipality.objects.get(code="GM0599"))


@pytest.mark.django_db
def test_the_service_refuses_a_municipality_on_a_foundation_member(demo):
    with pytest.raises(ValidationError) as exc:
        member_admit(
            actor=demo.manager,
            fund=demo.rotterdam_fund,
            organisation=_organisation("Stichting Zonder Gemeente"),
            kind="foundation",
            admission_date=datetime.date(2026, 1, 1),
            municipality=Municipality.objects.get(code="GM0599"),
        )
    assert exc.value.message_dict == {
        "municipality": ["Only a municipality member names a municipality; leave it empty for this kind."]
    }


@pytest.mark.django_db
def test_the_admit_form_names_the_municipality_field(client, demo):
    organisation = _organisation("Stichting Formulier")
    client.force_login(demo.manager)
    response = client.post(
        reverse("fund:member_create", args=["sif-rotterdam"]),
        {
            "organisation": organisation.pk,
            "kind": "foundation",
            "admission_date": "2026-01-01",
            "municipality": Municipality.objects.get(code="GM0599").pk,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "municipality": ["Only a municipality member names a municipality; leave it empty for this kind."]
    }
    assert not Member.objects.filter(organisation=organisation).exists()


@pytest.mark.django_db
def test_the_database_refuses_a_municipality_on_a_private_member(demo):
    with pytest.raises(IntegrityError, match="only_municipality_member_names_municipality"), transaction.atomic():
        Member.objects.create(
            fund=demo.rotterdam_fund,
            organisation=_organisation("Particulier B.V."),
            kind="private",
            admission_date=datetime.date(2026, 1, 1),
            municipality=Municipality.objects.get(code="GM0599"),
        )


@pytest.mark.django_db(transaction=True)
def test_the_migration_names_the_members_that_break_the_rule_and_clears_nothing(migrations_restored):
    demo_ensure()  # reference data again, if an earlier transactional test flushed it
    executor = MigrationExecutor(connection)
    executor.migrate([RULE_BEFORE])
    old = executor.loader.project_state([RULE_BEFORE]).apps
    OldMember, OldFund = old.get_model("fund", "Member"), old.get_model("fund", "Fund")
    OldOrganisation, OldMunicipality = old.get_model("fund", "Organisation"), old.get_model("fund", "Municipality")
    rotterdam = OldMunicipality.objects.get(code="GM0599")
    fund = OldFund.objects.create(
        name="Regel Fonds", slug="regel", inception_date=datetime.date(2026, 1, 1), target_size=1_000_000
    )
    organisation = OldOrganisation.objects.create(legal_name="Stichting Verkeerd", municipality=rotterdam)
    wrong = OldMember.objects.create(
        fund=fund,
        organisation=organisation,
        kind="foundation",
        admission_date=datetime.date(2026, 1, 1),
        municipality=rotterdam,
    )

    executor = MigrationExecutor(connection)
    with pytest.raises(RuntimeError) as exc:
        executor.migrate([RULE])
    assert f"member {wrong.pk}: Stichting Verkeerd in Regel Fonds, kind foundation, names Rotterdam" in str(exc.value)
    assert OldMember.objects.get(pk=wrong.pk).municipality_id == rotterdam.pk  # nothing cleared

    OldMember.objects.filter(pk=wrong.pk).update(municipality=None)  # the operator's fix
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([RULE])
    assert Member.objects.get(pk=wrong.pk).municipality is None
