"""Text the product writes and keeps (screening reasons) reads in the language of whoever reads it later."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from portfolio.models import Application
from portfolio.services.screening import eligibility_checks_run

pytestmark = pytest.mark.django_db


def test_eligibility_checked_on_an_english_screen_reads_in_dutch_on_a_dutch_one(client, demo):
    application = Application.objects.get(organisation__legal_name="Kringloop Noord B.V.")  # in due diligence
    with translation.override("en"):
        eligibility_checks_run(actor=demo.manager, application=application)
    client.force_login(demo.manager)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    dutch = client.get(reverse("portfolio:application_detail", args=[application.pk])).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("portfolio:application_detail", args=[application.pk])).content.decode()

    assert "ligt in de regio van het fonds" in dutch and "lies in the fund&#x27;s region" not in dutch
    assert "ligt binnen de ticketgrootte van €\xa025.000,00 tot €\xa0500.000,00" in dutch
    assert "lies within the tickets of €25,000.00 to €500,000.00" in english
