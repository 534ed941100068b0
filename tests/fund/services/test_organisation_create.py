import pytest
from django.core.exceptions import ValidationError

from fund.models import AuditEvent, Organisation
from fund.selectors import pending_change_for
from fund.services.organisations import organisation_create, organisation_update
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    return factories.user("fund_manager", fund=factories.fund())


@pytest.fixture
def admin(db):
    return factories.user("admin")


VALID = {
    "legal_name": "Werkplaats Oost B.V.",
    "trade_name": "Werkplaats Oost",
    "kvk_number": "90123456",
    "legal_form": "bv",
    "street": "Oostzeedijk 10",
    "postcode": "3011ab",
    "city": "Rotterdam",
    "iban": "NL91 ABNA 0417 1643 00",
    "website": "https://werkplaats-oost.example",
}


def test_a_valid_organisation_is_saved_with_its_municipality_derived_from_the_postcode(manager):
    org = organisation_create(actor=manager, **VALID)
    org.refresh_from_db()
    # the IBAN a manager types waits for a second manager (issue 12): the organisation has none until then
    assert (org.municipality.code, org.postcode, org.iban) == ("GM0599", "3011 AB", "")
    assert pending_change_for(kind="fund.organisation_iban", target=org).payload == {"iban": "NL91ABNA0417164300"}
    event = AuditEvent.objects.get(object_id=str(org.pk), action="organisation.created")
    assert event.actor == manager
    assert event.changes["kvk_number"] == [None, "90123456"]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("kvk_number", "9012345", "8 digits"),
        ("kvk_number", "9012345A", "8 digits"),
        ("iban", "NL91ABNA0417164301", "IBAN"),
        ("postcode", "30111", "postcode"),
        ("postcode", "1000", "not in the CBS"),
        ("website", "not a url", "URL"),
        ("legal_name", "   ", "legal name"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(manager, field, value, words):
    before = (Organisation.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as excinfo:
        organisation_create(actor=manager, **(VALID | {field: value}))
    assert list(excinfo.value.message_dict) == [field]
    assert words.lower() in excinfo.value.message_dict[field][0].lower()
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == before


def test_every_wrong_field_is_reported_at_once(manager):
    with pytest.raises(ValidationError) as excinfo:
        organisation_create(actor=manager, **(VALID | {"kvk_number": "123", "iban": "XX00", "postcode": "x"}))
    assert set(excinfo.value.message_dict) == {"kvk_number", "iban", "postcode"}


def test_a_kvk_number_can_belong_to_one_organisation_only(manager):
    taken = factories.organisation().kvk_number
    with pytest.raises(ValidationError) as excinfo:
        organisation_create(actor=manager, **(VALID | {"kvk_number": taken}))
    assert "already" in excinfo.value.message_dict["kvk_number"][0]


def test_an_update_records_old_and_new_values_and_moves_the_municipality_with_the_postcode(manager, admin):
    org = organisation_create(actor=manager, **VALID)
    organisation_update(actor=admin, organisation=org, postcode="2011 AB", city="Haarlem")
    org.refresh_from_db()
    assert org.municipality.code == "GM0392"
    event = AuditEvent.objects.filter(object_id=str(org.pk), action="organisation.updated").get()
    assert event.actor == admin
    assert event.changes == {
        "postcode": ["3011 AB", "2011 AB"],
        "city": ["Rotterdam", "Haarlem"],
        "municipality": ["Rotterdam", "Haarlem"],
    }


def test_a_failed_update_leaves_the_organisation_as_it_was(manager):
    org = organisation_create(actor=manager, **VALID)
    with pytest.raises(ValidationError):
        organisation_update(actor=manager, organisation=org, city="Haarlem", iban="NL00BANK0000000000")
    org.refresh_from_db()
    assert (org.city, org.iban) == ("Rotterdam", "")  # its first IBAN awaits approval
    assert not AuditEvent.objects.filter(object_id=str(org.pk), action="organisation.updated").exists()
