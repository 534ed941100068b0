"""The pages a role can open, built from the access-matrix tables, and what a reader sees on them.

The URL list is the access walk's (tests/access/*_table.py): every row where the role gets a 200, minus files
(PDF, XLSX, downloads) and JSON endpoints. Visible text is the text between tags (not attributes, scripts or styles).
"""

import importlib
import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation

from tests.access.test_url_walk import TABLE, _kwargs

# Stored values that are also ordinary words or abbreviations of Dutch text ("met" means "with", a "tranche" is a
# "tranche"): seeing them on a page says nothing.
DUTCH_WORDS = {"aanloop", "admin", "bv", "contract", "ic", "impact", "labels", "met", "nv", "ticket", "tranche", "vof"}

# Files and machine-readable endpoints: not pages a person reads in the browser.
_NOT_PAGES = re.compile(r"(^admin:|_api:|^api:|download|_pdf$|_xlsx$|_csv$|_template$|_tables$|_file$)")


def page_urls(role: str) -> list[str]:
    """Every page (one URL per table row) that `role` opens with a 200."""
    urls = []
    for name, kwargs, expected in TABLE:
        if expected.get(role) != 200 or _NOT_PAGES.search(name):
            continue
        url = reverse(name, kwargs=_kwargs(kwargs))
        if url not in urls:
            urls.append(url)
    return urls


class _TextParser(HTMLParser):
    _HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.chunks.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    """The text chunks a reader sees on the page, one per text node."""
    parser = _TextParser()
    parser.feed(html)
    return parser.chunks


def _choices_modules() -> list[str]:
    """The `choices` module of every app of this project (not of installed libraries)."""
    names = []
    for config in django_apps.get_app_configs():
        if "site-packages" in config.path or not Path(config.path).is_relative_to(settings.BASE_DIR):
            continue
        if importlib.util.find_spec(f"{config.name}.choices"):
            names.append(f"{config.name}.choices")
    return names


def raw_choice_values() -> dict[str, str]:
    """Every stored choice value of the project that reads as a code (`partly_paid`, `senior_loan`, `lt1`), with
    the name of its choices class; values that are also their own Dutch label (“Open”, “Bank”) are left out."""
    values = {}
    with translation.override("nl"):
        for module_name in _choices_modules():
            module = importlib.import_module(module_name)
            for cls in vars(module).values():
                if not (
                    isinstance(cls, type) and issubclass(cls, models.TextChoices) and cls.__module__ == module_name
                ):
                    continue
                for value, label in cls.choices:
                    if value in DUTCH_WORDS or not re.search(r"[a-z]", value):
                        continue
                    if find_words([value.lower()], str(label).lower()):
                        continue  # the label holds the value itself: "Open", "Cedris leerwerkbedrijf", "WW"
                    values[value] = cls.__name__
    return values


def find_words(words, text: str) -> list[str]:
    """The words of `words` that occur in `text` as a whole word (not inside a longer word or code)."""
    if not words:
        return []
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    # Not inside a longer word, code, e-mail address or path: "investee@sif.example" is no stored value.
    pattern = re.compile(r"(?<![\w\-+./@])(" + alternatives + r")(?![\w\-+/@])")
    return sorted(set(pattern.findall(text)))


# A decimal point where Dutch writes a comma: "17.4", "45.70 %"; not a Dutch thousands group ("1.234"), a date
# ("30.09.2026"), a version ("5.3c") or part of a longer dotted code.
# (not a version number: "XAF 3.2", the Dutch audit file's name, is the same in every language)
ENGLISH_DECIMAL = re.compile(r"(?<![\d.])(?<!XAF )\d+\.\d{1,2}(?![\d.\w])")
# A decimal comma where English writes a point: "75.000,00", "17,4"; a list "1, 2" has a space after the comma.
DUTCH_DECIMAL = re.compile(r"(?<![\d,])\d+,\d{1,2}(?![\d,\w])")
# The Dutch way of writing an amount ("€ 75.000,00"); English pages write "€75,000.00".
EURO_WITH_SPACE = re.compile(r"€[ \xa0]\d[\d.,]*")


def english_interface_texts() -> list[str]:
    """The English texts of the Dutch catalogue that Dutch translates differently (sentences and phrases of at least
    12 characters, without placeholders): on a Dutch page, one of them means a text escaped translation."""
    from babel.messages.pofile import read_po

    with (Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalogue = read_po(handle, locale="nl")
    return [
        m.id
        for m in catalogue
        if isinstance(m.id, str)
        and m.string
        and m.string != m.id
        and " " in m.id
        and len(m.id) >= 12
        and not re.search(r"[%{]", m.id)
    ]
