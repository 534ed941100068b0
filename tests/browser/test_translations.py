"""The Dutch catalogue is complete and compiled, and pages speak Dutch or English as the visitor asks."""

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

LOCALE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES"


def _catalogue():
    with (LOCALE / "django.po").open("rb") as handle:
        return read_po(handle, locale="nl")


def test_every_message_has_a_dutch_translation_and_none_is_fuzzy():
    catalogue = _catalogue()
    assert len(catalogue) > 100
    untranslated = [m.id for m in catalogue if m.id and not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_is_committed_and_matches_its_source():
    """Run `python manage.py compilemessages -l nl --ignore=.venv` after editing django.po."""
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for message in _catalogue():
        if not message.id or not (all(message.string) if message.pluralizable else message.string):
            continue  # untranslated: the completeness test reports it
        if message.pluralizable:
            singular, plural = message.id
            current = [
                compiled.npgettext(message.context, singular, plural, n)
                if message.context
                else compiled.ngettext(singular, plural, n)
                for n in (1, 2)
            ]
            expected = list(message.string)
        else:
            lookup = compiled.pgettext(message.context, message.id) if message.context else compiled.gettext(message.id)
            current, expected = lookup, message.string
        if current != expected:
            stale.append(message.id)
    assert stale == []


@pytest.mark.django_db
def test_login_page_is_dutch_by_default_and_english_on_request(client):
    dutch = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'lang="nl"' in dutch
    assert "Inloggen" in dutch
    assert "E-mailadres" in dutch
    assert "Wachtwoord" in dutch

    english = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in english
    assert "Log in" in english
    assert "Inloggen" not in english


@pytest.mark.django_db
def test_home_page_in_dutch_uses_dutch_fund_terms_and_formats(client, demo):
    client.force_login(demo.manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"

    page = client.get(reverse("home")).content.decode()

    for text in ("Fondsen", "Leden", "Toegezegd", "Gestort", "Niet-gestort", "Uitloggen", "Nieuwe organisatie"):
        assert text in page, text
    assert "€\xa07.750.000,00" in page  # SIF Rotterdam's commitments

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("home")).content.decode()
    assert "Unfunded" in page
    assert "€7,750,000.00" in page


@pytest.mark.django_db
def test_fund_page_in_dutch(client, demo):
    client.force_login(demo.manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"

    page = client.get(reverse("fund:fund_detail", args=["sif-rotterdam"])).content.decode()

    for text in ("Oprichtingsdatum", "01-06-2019", "Opgevraagd", "Uitgekeerd", "Kapitaalrekeningen", "stand per"):
        assert text in page, text
