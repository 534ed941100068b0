"""Every page a fund manager, an investee and a municipality officer can open, read in Dutch (and in English): no raw
choice code, no English metric name or interface text, no decimal point where Dutch writes a comma.

The pages come from the access-matrix tables (tests/access), so a page added there is crawled here too; the fund's
committee members and co-investors are read as well."""

from pprint import pformat

import pytest
from django.conf import settings

from impactmetrics.models import Metric
from tests.i18n.crawl import (
    DUTCH_DECIMAL,
    ENGLISH_DECIMAL,
    EURO_WITH_SPACE,
    english_interface_texts,
    find_words,
    page_urls,
    raw_choice_values,
    visible_text,
)

pytestmark = pytest.mark.django_db

ROLES = ("manager", "investee", "rotterdam", "haarlem", "ic", "coinvestor")


def _crawl(client, demo, language: str):
    """(role, url, visible text) for every page of every role, read in `language`."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for role in ROLES:
        client.force_login(demo.user(role))
        for url in page_urls(role):
            response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            yield role, url, " | ".join(visible_text(response.content.decode()))


def test_dutch_pages_show_labels_dutch_metric_names_and_decimal_commas(client, demo):
    codes = raw_choice_values()
    english_names = {m.name for m in Metric.objects.all() if m.name != m.name_nl}
    english_texts = english_interface_texts()
    found = {}
    crawled = 0
    for role, url, text in _crawl(client, demo, "nl"):
        crawled += 1
        problems = {
            "raw choice values": find_words(codes, text),
            "English metric names": sorted(name for name in english_names if name in text),
            "English interface text": [english for english in english_texts if english in text],
            "decimal points": sorted(set(ENGLISH_DECIMAL.findall(text))),
        }
        problems = {kind: found for kind, found in problems.items() if found}
        if problems:
            found[f"{role} {url}"] = problems
    assert crawled >= 60  # every page of six roles, not a list that came out empty
    assert found == {}, pformat(found)


def test_english_pages_write_amounts_the_english_way(client, demo):
    """€75,000.00 on English pages, never € 75.000,00 (also in history panels)."""
    found = {}
    for role, url, text in _crawl(client, demo, "en"):
        commas = sorted(set(DUTCH_DECIMAL.findall(text)))
        spaced = sorted(set(EURO_WITH_SPACE.findall(text)))
        if commas or spaced:
            found[f"{role} {url}"] = commas + spaced
    assert found == {}, pformat(found)


def test_the_crawl_sees_raw_codes_and_decimal_points_but_not_dutch_numbers_or_attributes():
    html = '<p title="partly_paid">Deels betaald · 1.234,56 · 45,70 % · IRIS+ 5.3c</p><td>partly_paid</td><td>17.4</td>'
    text = " | ".join(visible_text(html))
    assert find_words(raw_choice_values(), text) == ["partly_paid"]  # the cell, not the title attribute
    assert ENGLISH_DECIMAL.findall(text) == ["17.4"]
    assert DUTCH_DECIMAL.findall("€75,000.00 · 1,234 · 17,4") == ["17,4"]
    assert EURO_WITH_SPACE.findall("From € | €75,000.00 | € 75.000,00") == ["€ 75.000,00"]


def test_the_crawl_knows_the_english_interface_texts_that_dutch_translates():
    texts = english_interface_texts()
    assert len(texts) > 500
    assert "Another fund manager approves this tranche (four-eyes)." in texts
