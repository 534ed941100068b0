import pytest
from django.urls import reverse

from fund.auth import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_login_by_email_in_any_case_lands_on_home(client, demo):
    # An investee: since two-factor login, a manager's password leads to the code page first
    # (tests/fund/test_login_security.py).
    response = _login(client, "Investee@SIF.example", DEMO_PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == demo.investee


def test_a_wrong_password_stays_on_the_login_page_with_an_error(client, demo):
    response = _login(client, "manager@sif.example", "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_five_failed_logins_lock_the_account_even_for_the_right_password(client, demo):
    for _ in range(5):
        _login(client, "investee@sif.example", "wrong-password")
    response = _login(client, "investee@sif.example", DEMO_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_demo_password_is_refused_outside_the_demo_settings(client, demo, settings):
    settings.DEMO_MODE = False
    response = _login(client, "manager@sif.example", DEMO_PASSWORD)
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_logout_is_a_post_and_ends_the_session(client, demo):
    client.force_login(demo.manager)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302
