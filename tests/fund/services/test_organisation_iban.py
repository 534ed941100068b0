"""An organisation's IBAN is where the funds pay it: no one person sets or changes it (issue 12, four eyes)."""

import pytest
from django.core.exceptions import ValidationError

from fund.errors import FourEyesError
from fund.models import AuditEvent, ChangeState, Organisation, User
from fund.selectors import pending_change_for
from fund.services.approvals import change_approve, change_rows
from fund.services.organisations import organisation_create, organisation_iban_request, organisation_update

pytestmark = pytest.mark.django_db

KIND = "fund.organisation_iban"
OLD = "NL91ABNA0417164300"
NEW = "NL44RABO0123456789"


@pytest.fixture
def manager2(demo) -> User:
    return User.objects.get(email="manager2@sif.example")


@pytest.fixture
def org(demo, manager2) -> Organisation:
    org = organisation_create(
        actor=demo.manager,
        legal_name="Werkplaats Oost B.V.",
        kvk_number="90123456",
        legal_form="bv",
        postcode="3011 AB",
        iban=OLD,
    )
    change_approve(actor=manager2, change=pending_change_for(kind=KIND, target=org))
    org.refresh_from_db()
    return org


def test_a_new_organisations_first_iban_needs_a_second_manager(demo, manager2):
    org = organisation_create(
        actor=demo.manager,
        legal_name="Werkplaats West B.V.",
        kvk_number="90123457",
        legal_form="bv",
        postcode="3011 AB",
        iban="NL91 ABNA 0417 1643 00",
    )
    assert org.iban == ""
    change = pending_change_for(kind=KIND, target=org)
    with pytest.raises(FourEyesError, match="You requested this change"):
        change_approve(actor=demo.manager, change=change)
    change_approve(actor=manager2, change=change)
    org.refresh_from_db()
    assert org.iban == OLD


def test_changing_the_iban_keeps_the_approved_one_until_a_second_manager_approves(demo, manager2, org):
    with pytest.raises(ValidationError) as caught:
        organisation_update(actor=demo.manager, organisation=org, iban=NEW)
    assert list(caught.value.message_dict) == ["iban_reason"]

    organisation_update(actor=demo.manager, organisation=org, iban=NEW, city="Rotterdam", iban_reason="New bank.")
    org.refresh_from_db()
    assert (org.iban, org.city) == (OLD, "Rotterdam")  # the other fields change at once
    change = pending_change_for(kind=KIND, target=org)
    assert change_rows(change) == [("IBAN", OLD, NEW)]  # the approver sees old and new side by side

    with pytest.raises(FourEyesError, match="You requested this change; another manager must approve it"):
        change_approve(actor=demo.manager, change=change)
    change_approve(actor=manager2, change=change)
    org.refresh_from_db()
    assert org.iban == NEW
    change.refresh_from_db()
    assert change.state == ChangeState.APPROVED
    event = AuditEvent.objects.filter(object_id=str(org.pk), action="organisation.updated").latest("pk")
    assert (event.actor, event.changes) == (manager2, {"iban": [OLD, NEW]})


def test_a_wrong_iban_is_refused_before_anyone_is_asked(demo, org):
    with pytest.raises(ValidationError) as caught:
        organisation_iban_request(actor=demo.manager, organisation=org, iban="NL91ABNA0417164301", reason="Typo?")
    assert "not a valid IBAN" in caught.value.message_dict["iban"][0]
    assert pending_change_for(kind=KIND, target=org) is None


def test_an_iban_is_not_removed_by_leaving_the_field_empty(demo, org):
    with pytest.raises(ValidationError) as caught:
        organisation_update(actor=demo.manager, organisation=org, iban="", iban_reason="Closed.")
    assert list(caught.value.message_dict) == ["iban"]
