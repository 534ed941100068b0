import pytest

from fund.services.postcodes import PostcodeError, postcode_municipality, postcode_normalise

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("postcode", "code", "name"),
    [
        ("3011", "GM0599", "Rotterdam"),
        ("3011 AB", "GM0599", "Rotterdam"),
        ("3011ab", "GM0599", "Rotterdam"),
        (" 2011 ab ", "GM0392", "Haarlem"),
        ("1971", "GM0453", "Velsen"),
    ],
)
def test_postcode_resolves_to_its_municipality(postcode, code, name):
    municipality = postcode_municipality(postcode)
    assert (municipality.code, municipality.name) == (code, name)


def test_postcode_spanning_two_municipalities_resolves_to_the_one_with_most_addresses():
    from fund.models import PostcodeArea

    pc4 = PostcodeArea.objects.filter(is_main_municipality=False).values_list("pc4", flat=True).first()
    main = PostcodeArea.objects.get(pc4=pc4, is_main_municipality=True)
    assert postcode_municipality(pc4) == main.municipality


@pytest.mark.parametrize("postcode", ["", "301", "30111", "0123 AB", "3011 A", "3011-AB", "ABCD", "3011 SS"])
def test_malformed_postcode_is_rejected_with_a_clear_message(postcode):
    with pytest.raises(PostcodeError) as excinfo:
        postcode_municipality(postcode)
    assert "postcode" in excinfo.value.messages[0].lower()


def test_unknown_postcode_says_it_is_not_in_the_table():
    with pytest.raises(PostcodeError) as excinfo:
        postcode_municipality("1000")  # a valid shape, but no addresses (PO boxes)
    assert "1000" in excinfo.value.messages[0]


def test_normalise_formats_with_a_space_and_capitals():
    assert postcode_normalise("3011ab") == "3011 AB"
    assert postcode_normalise("3011") == "3011"
