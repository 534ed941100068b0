"""Shared fixtures: the demo data set (in the test database for the whole session) and its users, one per role."""

from dataclasses import dataclass

import pytest
from django.conf import settings

from demo.seed import demo_seed
from fund.models import Fund, Municipality, Organisation, User
from fund.services.reference import reference_data_load


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    where = db.get("NAME") if "sqlite" in db["ENGINE"] else f"{db.get('HOST')}:{db.get('PORT')}/{db.get('NAME')}"
    return [f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {where}", f"redis: {settings.REDIS_URL}"]


def demo_ensure() -> None:
    """Reference and demo data exist (a transactional test flushes tables, so they may need loading again)."""
    if not Municipality.objects.exists():
        reference_data_load()
    if not Fund.objects.filter(slug="sif-rotterdam").exists():
        demo_seed()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """Load the demo once for the session when a collected test uses it; tests built on tests/factories.py run
    without it (and so show that they do not lean on it)."""
    if any("demo" in getattr(item, "fixturenames", ()) for item in request.session.items):
        with django_db_blocker.unblock():
            demo_ensure()


@dataclass
class Demo:
    admin: User
    manager: User
    ic: User
    investee: User
    coinvestor: User
    haarlem: User
    rotterdam: User
    rotterdam_fund: Fund
    zkij_fund: Fund

    def user(self, role: str) -> User:
        return getattr(self, role)

    @staticmethod
    def organisation(legal_name: str) -> Organisation:
        return Organisation.objects.get(legal_name=legal_name)


@pytest.fixture
def demo(db) -> Demo:
    demo_ensure()
    users = {u.email.split("@")[0]: u for u in User.objects.all()}
    return Demo(
        **{role: users[role] for role in ("admin", "manager", "ic", "investee", "coinvestor", "haarlem", "rotterdam")},
        rotterdam_fund=Fund.objects.get(slug="sif-rotterdam"),
        zkij_fund=Fund.objects.get(slug="sif-zkij"),
    )


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in English; pages choose their language per request (see the i18n tests)."""
    from django.utils import translation

    with translation.override("en"):
        yield
