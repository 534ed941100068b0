"""Every URL the project has, opened by every demo role: who gets 200, who 403, who 404 (out of scope), who 302.

Each app keeps its rows in `tests/access/<app>_table.py` (a module-level `TABLE` and optionally `NOT_WALKED`).
Adding a URL without a row fails `test_every_url_is_in_a_table`.
"""

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.roles import ROLES

pytestmark = pytest.mark.django_db

_TABLE_MODULES = [
    importlib.import_module(f"tests.access.{info.name}")
    for info in pkgutil.iter_modules([str(Path(__file__).parent)])
    if info.name.endswith("_table")
]
TABLE = [row for module in _TABLE_MODULES for row in module.TABLE]
NOT_WALKED = set().union(*(getattr(module, "NOT_WALKED", set()) for module in _TABLE_MODULES))


def _kwargs(kwargs) -> dict:
    """Rows give kwargs as a dict, or as a callable that looks them up in the demo data."""
    return kwargs() if callable(kwargs) else kwargs


def _named_urls(resolver=None, namespace="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            names |= _named_urls(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(namespace + entry.name)
    return names


def test_every_url_is_in_a_table():
    walked = {name for name, _, _ in TABLE}
    assert _named_urls() - walked - NOT_WALKED == set()


@pytest.mark.parametrize(("name", "kwargs", "expected"), TABLE, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(TABLE)])
def test_who_sees_what(client, demo, name, kwargs, expected):
    url = reverse(name, kwargs=_kwargs(kwargs))
    seen = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(demo.user(role))
        seen[role] = client.get(url).status_code
    assert seen == expected


def test_a_view_that_declares_no_roles_is_closed_to_everyone(client, demo, settings):
    settings.ROOT_URLCONF = "tests.access.undeclared_urls"
    client.force_login(demo.admin)
    assert client.get("/undeclared/").status_code == 403
