"""Every URL the project has, opened by every demo role: who gets 200, who 403, who 404 (out of scope).

Adding a URL without adding it here fails `test_every_url_is_in_the_table`.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

ROLES = ("admin", "manager", "ic", "investee", "coinvestor", "haarlem", "rotterdam", "anonymous")
BUURTKEUKEN = "Buurtkeuken Delfshaven B.V."  # Rotterdam investee of investee@
SPAARNE = "Spaarne Werkt B.V."  # Haarlem investee
IJMOND = "IJmond Circulair B.V."  # Velsen investee


def expect(default: int, **per_role: int) -> dict[str, int]:
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = 302
    table.update(per_role)
    return table


FUND_ROTTERDAM = expect(200, investee=403, haarlem=404)
FUND_ZKIJ = expect(200, investee=403, ic=404, coinvestor=404, rotterdam=404)
ORG_READERS = expect(200, ic=403)
MANAGERS_ONLY = expect(403, admin=200, manager=200)

# (url name, kwargs or a callable giving them, expected status per role)
TABLE = [
    ("home", {}, expect(200)),
    ("login", {}, expect(302, anonymous=200)),
    ("fund:fund_detail", {"slug": "sif-rotterdam"}, FUND_ROTTERDAM),
    ("fund:fund_detail", {"slug": "sif-zkij"}, FUND_ZKIJ),
    ("fund:organisation_list", {}, ORG_READERS),
    ("fund:organisation_create", {}, MANAGERS_ONLY),
    ("fund:organisation_detail", {"org": BUURTKEUKEN}, expect(200, ic=403, coinvestor=404, haarlem=404)),
    ("fund:organisation_detail", {"org": SPAARNE}, expect(200, ic=403, coinvestor=404, investee=404, rotterdam=404)),
    (
        "fund:organisation_detail",
        {"org": IJMOND},
        expect(200, ic=403, coinvestor=404, investee=404, rotterdam=404, haarlem=404),
    ),
    ("fund:organisation_edit", {"org": BUURTKEUKEN}, MANAGERS_ONLY),
    ("fund:municipality_detail", {"code": "GM0392"}, expect(403, admin=200, manager=200, haarlem=200, rotterdam=404)),
    ("fund:municipality_detail", {"code": "GM0453"}, expect(403, admin=200, manager=200, haarlem=404, rotterdam=404)),
    ("api:schema", {}, expect(200)),
    ("api:fund_list", {}, expect(200, investee=403)),
    ("api:capital_accounts", {"slug": "sif-rotterdam"}, FUND_ROTTERDAM),
    ("api:capital_accounts", {"slug": "sif-zkij"}, FUND_ZKIJ),
    ("api:organisation_list", {}, ORG_READERS),
    ("admin:index", {}, expect(302, admin=200, manager=200)),
    ("admin:fund_organisation_changelist", {}, expect(302, admin=200, manager=200)),
    ("admin:fund_member_changelist", {}, expect(302, admin=200, manager=200)),
    ("admin:fund_auditevent_changelist", {}, expect(302, admin=200, manager=200)),
]
# Not walked: logout and set_language only accept POST (tested in test_auth), healthz is public (test_health).
NOT_WALKED = {"logout", "set_language", "healthz"}


def _kwargs(kwargs: dict) -> dict:
    from fund.models import Organisation

    if "org" in kwargs:
        return {"pk": Organisation.objects.get(legal_name=kwargs["org"]).pk}
    return kwargs


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


def test_every_url_is_in_the_table():
    walked = {name for name, _, _ in TABLE}
    assert _named_urls() - walked - NOT_WALKED == set()


@pytest.mark.parametrize(("name", "kwargs", "expected"), TABLE, ids=[f"{n}-{k}" for n, k, _ in TABLE])
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
    settings.ROOT_URLCONF = "tests.fund.undeclared_urls"
    client.force_login(demo.admin)
    assert client.get("/undeclared/").status_code == 403
