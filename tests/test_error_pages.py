"""Error pages a user can read in both languages, with a way back; the 500 page needs neither a request nor the
database."""

import pytest
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "back"),
    [("en", "Page not found", "Back to the home page"), ("nl", "Pagina niet gevonden", "Terug naar de startpagina")],
)
def test_an_unknown_address_shows_a_page_not_found_with_a_way_home(client, language, title, back):
    client.force_login(factories.user("fund_manager", fund=factories.fund()))
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in page and f'href="/" data-testid="way-back">{back}</a>' in page
    assert 'class="topbar"' in page  # the site's own layout, not a bare server page


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "title"), [("en", "No access"), ("nl", "Geen toegang")])
def test_a_page_outside_ones_role_shows_no_access_with_a_way_home(client, language, title):
    client.force_login(factories.user("investee", organisation=factories.organisation()))
    response = client.get(reverse("reporting:run_list"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    page = response.content.decode()
    assert f"<h1>{title}</h1>" in page and 'data-testid="way-back"' in page


def test_the_server_error_page_renders_without_a_request_or_the_database():
    # no django_db mark: pytest-django refuses any database access here, so a query would fail this test
    page = get_template("500.html").render()  # as Django's server_error renders it: no context at all
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and response.content.decode() == page
    assert "Er ging iets mis" in page and "Something went wrong" in page  # both languages
    assert 'href="/" data-testid="way-back"' in page
