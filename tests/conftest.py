"""Shared fixtures: the demo data set (in the test database for the whole session) and its users, one per role."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.seed import demo_seed
from fund.models import Fund, Municipality, Organisation, RoleAssignment, User
from fund.roles import MANAGERS_AND_COMMITTEE
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


def _two_factor_required(user: User) -> bool:
    """fund.two_factor.two_factor_required, read without caching the roles on the user object the test holds."""
    privileged = RoleAssignment.objects.filter(user=user, role__in=MANAGERS_AND_COMMITTEE).exists()
    return user.is_staff or user.is_superuser or privileged


class VerifiedLoginClient(Client):
    """`force_login` logs in as if the password and, for a user with an authenticator (the demo's managers, committee
    members and admin), the two-factor code were entered: a test of a page need not repeat the login steps. A user
    who must use two-factor and has no authenticator yet (one a test made) gets one first, as if enrolled. The login
    steps themselves are tested through the real forms (tests/fund/test_login_security.py, tests/browser)."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None and _two_factor_required(user):
            device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client() -> VerifiedLoginClient:
    return VerifiedLoginClient()


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in English; pages choose their language per request (see the i18n tests)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def migrations_restored(transactional_db):
    """For a test that migrates an app back: afterwards every app is migrated to its latest migration again, so the
    tests after it find the schema they expect (migrating one app back also unapplies what depends on it elsewhere)."""
    yield
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
