"""Login security through the real forms: lockout per account and per address, trusted proxies, unlocking, password
reset and change, idle sessions, logging out everywhere, and the two-factor step."""

import base64
import re
import time
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.two_factor import DEMO_TOTP_SECRETS
from fund.auth import DEMO_PASSWORD, client_ip_address
from fund.choices import AccountAction
from fund.models import AuditEvent, User
from fund.sessions import LAST_SEEN_SESSION_KEY
from fund.two_factor import two_factor_required
from tests.otp import totp_code, user_totp_code

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PROXY_1, PROXY_2 = "10.0.0.1", "10.0.0.2"  # the two trusted reverse proxies, outer and inner


def login_post(client, email, password, address="192.0.2.1", forwarded_for=None):
    extra = {"REMOTE_ADDR": address, **EN}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def logged_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def events(action, user):
    return AuditEvent.objects.filter(action=action, object_id=str(user.pk))


# ---- lockout ---------------------------------------------------------------------------------------------------------


def test_case_and_whitespace_variants_of_an_email_count_against_one_lockout(client, demo):
    ic2 = "ic2@sif.example"
    variants = ["ic2@sif.example", "IC2@sif.example", " Ic2@SIF.example ", "ic2@SIF.EXAMPLE", "  IC2@Sif.Example"]
    statuses = [  # five wrong passwords, each spelled and sent from elsewhere: the fifth locks the account
        login_post(Client(), spelling, "wrong-password", address=f"198.51.100.{n + 1}").status_code
        for n, spelling in enumerate(variants)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert AccessAttempt.objects.filter(username=ic2).count() == 5  # one account, five addresses

    response = login_post(client, " IC2@sif.example ", DEMO_PASSWORD, address="203.0.113.50")
    assert response.status_code == 429
    assert logged_in_as(client) is None


def test_four_wrong_passwords_still_let_the_right_one_in(client, demo):
    for spelling in ["investee@sif.example", "INVESTEE@sif.example", " Investee@sif.example", "investee@SIF.example"]:
        login_post(Client(), spelling, "wrong-password")
    assert login_post(client, "Investee@SIF.example ", DEMO_PASSWORD).status_code == 302
    assert logged_in_as(client) == str(demo.investee.pk)


def test_one_address_guessing_at_many_accounts_is_locked_out_at_its_own_higher_limit(client, demo, settings):
    settings.SIF_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for n in range(7):  # seven accounts, one wrong password each: no account near its limit of five
        login_post(Client(), f"someone{n}@example.org", "wrong-password", address="192.0.2.66")
    assert login_post(Client(), "investee@sif.example", DEMO_PASSWORD, address="192.0.2.66").status_code == 302

    login_post(Client(), "someone7@example.org", "wrong-password", address="192.0.2.66")  # the eighth failure
    assert login_post(client, "investee@sif.example", DEMO_PASSWORD, address="192.0.2.66").status_code == 429
    # The investee's own account is not locked: from another address the same login works.
    assert login_post(Client(), "investee@sif.example", DEMO_PASSWORD, address="192.0.2.67").status_code == 302


# ---- trusted proxies -------------------------------------------------------------------------------------------------


def test_behind_two_trusted_proxies_the_client_is_the_address_the_outer_proxy_saw(settings):
    settings.SIF_TRUSTED_PROXY_COUNT = 2
    # The client wrote "6.6.6.6" itself; the outer proxy appended the client's real address, the inner one the outer's.
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY_2, HTTP_X_FORWARDED_FOR=f"6.6.6.6, 203.0.113.7, {PROXY_1}")
    assert client_ip_address(request) == "203.0.113.7"  # the third address from the right of XFF + REMOTE_ADDR

    settings.SIF_TRUSTED_PROXY_COUNT = 0
    assert client_ip_address(request) == PROXY_2


def test_a_request_through_two_trusted_proxies_is_limited_by_the_clients_address(demo, settings):
    settings.SIF_TRUSTED_PROXY_COUNT = 2
    settings.SIF_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    guesser, colleague = "203.0.113.7", "198.51.100.23"
    for n in range(6):  # the guesser's sixth failure reaches its address's limit (each account stays at one)
        forged = f"10.9.9.{n}, {guesser}, {PROXY_1}"  # a forged left-most entry changes nothing
        login_post(Client(), f"someone{n}@example.org", "wrong-password", PROXY_2, forwarded_for=forged)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {guesser}

    locked = login_post(Client(), "investee@sif.example", DEMO_PASSWORD, PROXY_2, forwarded_for=f"{guesser}, {PROXY_1}")
    assert locked.status_code == 429
    # Another client behind the same two proxies is not locked out by the guesser.
    other = Client()
    response = login_post(
        other, "investee@sif.example", DEMO_PASSWORD, PROXY_2, forwarded_for=f"{colleague}, {PROXY_1}"
    )
    assert response.status_code == 302 and logged_in_as(other) == str(demo.investee.pk)


# ---- unlocking -------------------------------------------------------------------------------------------------------


def test_an_administrator_unlocks_a_locked_account_and_the_audit_trail_says_who(client, demo):
    for _ in range(5):
        login_post(Client(), "investee@sif.example", "wrong-password")
    assert login_post(Client(), "investee@sif.example", DEMO_PASSWORD).status_code == 429

    client.force_login(demo.admin)
    page = client.get(reverse("login_lockouts"), **EN).content.decode()
    assert "investee@sif.example" in page
    response = client.post(reverse("login_lockout_clear"), {"email": "investee@sif.example"}, **EN)
    assert response.status_code == 302
    assert "No account is locked." in client.get(reverse("login_lockouts"), **EN).content.decode()

    assert login_post(Client(), "investee@sif.example", DEMO_PASSWORD).status_code == 302
    event = events(AccountAction.LOGIN_UNLOCKED, demo.investee).get()
    assert event.actor == demo.admin


def test_only_an_administrator_may_unlock(client, demo):
    for _ in range(5):
        login_post(Client(), "investee@sif.example", "wrong-password")
    client.force_login(demo.manager)
    assert client.post(reverse("login_lockout_clear"), {"email": "investee@sif.example"}).status_code == 403
    assert login_post(Client(), "investee@sif.example", DEMO_PASSWORD).status_code == 429


# ---- password reset and change ---------------------------------------------------------------------------------------


def test_a_password_reset_mail_leads_to_a_new_password_that_logs_in(client, demo):
    response = client.post(reverse("password_reset"), {"email": "Investee@SIF.example"}, **EN)
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["investee@sif.example"]
    assert message.subject == "A new password for the SIF portfolio"
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True, **EN)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    new = "Vier-nieuwe-woorden-2026"
    done = client.post(set_url, {"new_password1": new, "new_password2": new}, **EN)
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")

    assert login_post(Client(), "investee@sif.example", new).status_code == 302
    assert login_post(Client(), "investee@sif.example", DEMO_PASSWORD).status_code == 200  # the old one is refused
    # The link works once.
    assert "no longer valid" in client.get(link, follow=True, **EN).content.decode()


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, demo):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, **EN)
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_the_reset_pages_and_mail_speak_dutch(client, demo):
    page = client.get(reverse("password_reset"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Wachtwoord vergeten?" in page
    client.post(reverse("password_reset"), {"email": "investee@sif.example"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert mail.outbox[0].subject == "Een nieuw wachtwoord voor de SIF-portefeuille"
    assert "Kies hier een nieuw wachtwoord" in mail.outbox[0].body


def test_the_login_page_links_to_the_password_reset(client, demo):
    page = client.get(reverse("login"), **EN).content.decode()
    assert f'href="{reverse("password_reset")}"' in page


def test_a_user_changes_their_password_from_the_security_page(client, demo):
    client.force_login(demo.investee)
    security = client.get(reverse("account_security"), **EN).content.decode()
    assert f'href="{reverse("password_change")}"' in security
    new = "Vier-nieuwe-woorden-2026"
    response = client.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": new, "new_password2": new},
        **EN,
    )
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    assert client.get(reverse("home")).status_code == 200  # this session stays logged in
    assert login_post(Client(), "investee@sif.example", new).status_code == 302


def test_the_user_menu_links_to_the_security_page(client, demo):
    client.force_login(demo.coinvestor)
    page = client.get(reverse("home"), **EN).content.decode()
    assert f'href="{reverse("account_security")}"' in page


# ---- sessions --------------------------------------------------------------------------------------------------------


def idle_for(client, minutes: float) -> None:
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = time.time() - minutes * 60
    session.save()


def test_a_managers_session_ends_after_thirty_idle_minutes(client, demo):
    client.force_login(demo.manager)
    idle_for(client, 29)
    assert client.get(reverse("home")).status_code == 200
    idle_for(client, 31)
    response = client.get(reverse("home"), **EN)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert logged_in_as(client) is None


def test_an_idle_htmx_request_sends_the_whole_page_to_the_login(client, demo):
    client.force_login(demo.manager)
    idle_for(client, 31)
    response = client.get(reverse("home"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("login"))


def test_an_investees_session_lasts_longer_idle_than_a_managers(client, demo, settings):
    assert settings.SIF_SESSION_IDLE_MINUTES == 120
    client.force_login(demo.investee)
    idle_for(client, 31)
    assert client.get(reverse("home")).status_code == 200
    idle_for(client, 121)
    assert client.get(reverse("home")).status_code == 302


def test_the_idle_limit_is_configurable(client, demo, settings):
    settings.SIF_SESSION_IDLE_MINUTES_PRIVILEGED = 10
    client.force_login(demo.manager)
    idle_for(client, 11)
    assert client.get(reverse("home")).status_code == 302


def test_the_session_key_changes_at_login_and_again_after_the_code(client, demo):
    client.get(reverse("login"))
    session = client.session
    session["probe"] = 1  # an anonymous session with a key
    session.save()
    anonymous_key = client.cookies["sessionid"].value

    login_post(client, "manager@sif.example", DEMO_PASSWORD)
    password_key = client.cookies["sessionid"].value
    assert password_key != anonymous_key

    client.post(reverse("two_factor_verify"), {"token": user_totp_code("manager@sif.example")})
    assert client.cookies["sessionid"].value not in (anonymous_key, password_key)
    assert client.get(reverse("home")).status_code == 200


def test_log_out_everywhere_ends_every_session_of_the_user(demo):
    laptop, phone, colleague = Client(), Client(), Client()
    for c in (laptop, phone):
        login_post(c, "investee@sif.example", DEMO_PASSWORD)
    login_post(colleague, "coinvestor@sif.example", DEMO_PASSWORD)
    assert phone.get(reverse("home")).status_code == 200

    response = laptop.post(reverse("logout_everywhere"), **EN)
    assert response.status_code == 302 and response.url == reverse("login")
    assert laptop.get(reverse("home")).status_code == 302
    assert phone.get(reverse("home")).status_code == 302
    assert colleague.get(reverse("home")).status_code == 200  # another user's session is untouched
    assert events(AccountAction.SESSIONS_ENDED, demo.investee).count() == 1
    assert login_post(Client(), "investee@sif.example", DEMO_PASSWORD).status_code == 302  # logging in again works


# ---- two-factor ------------------------------------------------------------------------------------------------------


def test_after_the_password_a_manager_can_open_nothing_but_the_code_page(client, demo, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no pause after the wrong code (see the next test)
    response = login_post(client, "manager@sif.example", DEMO_PASSWORD)
    assert response.status_code == 302
    for url in (reverse("home"), reverse("fund:organisation_list"), "/admin/", reverse("account_security")):
        blocked = client.get(url)
        assert blocked.status_code == 302 and blocked.url.startswith(reverse("two_factor_verify")), url

    wrong = client.post(reverse("two_factor_verify"), {"token": "000000"}, **EN)
    assert "That code is not right" in wrong.content.decode()
    assert events(AccountAction.TWO_FACTOR_REFUSED, demo.manager).count() == 1

    right = client.post(
        reverse("two_factor_verify"), {"token": user_totp_code("manager@sif.example"), "next": "/organisations/"}
    )
    assert right.status_code == 302 and right.url == "/organisations/"
    assert client.get(reverse("fund:organisation_list")).status_code == 200
    assert events(AccountAction.TWO_FACTOR_VERIFIED, demo.manager).count() == 1


def test_after_a_wrong_code_even_the_right_one_must_wait(client, demo):
    # django-otp's throttling: after n wrong codes the device refuses every code for 2^(n-1) seconds.
    login_post(client, "manager@sif.example", DEMO_PASSWORD)
    client.post(reverse("two_factor_verify"), {"token": "000000"})
    assert (
        client.post(reverse("two_factor_verify"), {"token": user_totp_code("manager@sif.example")}).status_code == 200
    )
    assert client.get(reverse("home")).status_code == 302


def test_a_code_is_accepted_once(demo):
    code = user_totp_code("ic@sif.example")
    first, second = Client(), Client()
    for c in (first, second):
        login_post(c, "ic@sif.example", DEMO_PASSWORD)
    assert first.post(reverse("two_factor_verify"), {"token": code}).status_code == 302
    assert second.post(reverse("two_factor_verify"), {"token": code}).status_code == 200  # refused: used already
    assert second.get(reverse("home")).status_code == 302


def test_a_manager_without_two_factor_must_set_it_up_before_any_page(client, demo):
    TOTPDevice.objects.filter(user=demo.manager).delete()
    login_post(client, "manager@sif.example", DEMO_PASSWORD)
    for url in (reverse("home"), reverse("fund:organisation_list"), reverse("two_factor_verify")):
        blocked = client.get(url)
        assert blocked.status_code == 302 and blocked.url.startswith(reverse("two_factor_enrol")), url

    page = client.get(reverse("two_factor_enrol"), **EN).content.decode()
    secret = re.search(r'data-testid="two-factor-secret">([A-Z2-7]+)<', page).group(1)
    qr = client.get(reverse("two_factor_qr"))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None  # no inline script

    key = base64.b32decode(secret).hex()
    assert "not right" in client.post(reverse("two_factor_enrol"), {"token": "123456"}, **EN).content.decode()
    done = client.post(reverse("two_factor_enrol"), {"token": totp_code(key)}, **EN)
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("home")).status_code == 200
    assert events(AccountAction.TWO_FACTOR_ENROLLED, demo.manager).count() == 1
    # The codes are not shown again.
    assert client.get(reverse("two_factor_enrol")).status_code == 302


def test_a_recovery_code_logs_in_once(demo):
    device = StaticDevice.objects.create(user=demo.manager, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=device, token="herstel01")
    first = Client()
    login_post(first, "manager@sif.example", DEMO_PASSWORD)
    assert first.post(reverse("two_factor_verify"), {"token": "herstel01"}).status_code == 302
    assert first.get(reverse("home")).status_code == 200
    assert events(AccountAction.TWO_FACTOR_RECOVERY_USED, demo.manager).count() == 1

    second = Client()
    login_post(second, "manager@sif.example", DEMO_PASSWORD)
    assert second.post(reverse("two_factor_verify"), {"token": "herstel01"}).status_code == 200


def test_an_investee_may_turn_two_factor_on_and_off(client, demo):
    login_post(client, "investee@sif.example", DEMO_PASSWORD)
    assert client.get(reverse("home")).status_code == 200  # optional: not asked to set it up
    page = client.get(reverse("two_factor_enrol"), **EN).content.decode()
    key = base64.b32decode(re.search(r'data-testid="two-factor-secret">([A-Z2-7]+)<', page).group(1)).hex()
    client.post(reverse("two_factor_enrol"), {"token": totp_code(key)})

    again = Client()
    login_post(again, "investee@sif.example", DEMO_PASSWORD)
    assert again.get(reverse("home")).url.startswith(reverse("two_factor_verify"))  # now asked for a code

    client.post(reverse("two_factor_disable"), **EN)
    assert not TOTPDevice.objects.filter(user=demo.investee).exists()
    assert events(AccountAction.TWO_FACTOR_DISABLED, demo.investee).count() == 1
    third = Client()
    login_post(third, "investee@sif.example", DEMO_PASSWORD)
    assert third.get(reverse("home")).status_code == 200


def test_a_manager_cannot_turn_two_factor_off(client, demo):
    client.force_login(demo.manager)
    response = client.post(reverse("two_factor_disable"), follow=True, **EN)
    assert "must keep two-factor login on" in response.content.decode()
    assert TOTPDevice.objects.filter(user=demo.manager, confirmed=True).exists()
    assert "Turn off two-factor login" not in client.get(reverse("account_security"), **EN).content.decode()


def test_every_privileged_demo_login_is_enrolled_with_the_secret_the_readme_lists(demo, settings):
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    privileged = sorted(u.email for u in User.objects.all() if two_factor_required(u))
    # admin, manager, manager2, and the committee members ic and ic2–ic6
    assert len(privileged) == 9 and set(privileged) == set(DEMO_TOTP_SECRETS)
    for email in privileged:
        secret = DEMO_TOTP_SECRETS[email]
        assert TOTPDevice.objects.get(user__email=email).key == base64.b32decode(secret).hex()
        assert f"| `{email}` | `{secret}` |" in readme


def test_the_printed_demo_secret_gives_the_code_that_logs_in(client, demo):
    # What `oathtool --totp -b SECRET` computes: RFC 6238, SHA-1, 30-second steps, six digits.
    login_post(client, "ic3@sif.example", DEMO_PASSWORD)
    code = totp_code(base64.b32decode(DEMO_TOTP_SECRETS["ic3@sif.example"]).hex())
    assert client.post(reverse("two_factor_verify"), {"token": code}).status_code == 302
    assert client.get(reverse("home")).status_code == 200


# ---- new recovery codes ----------------------------------------------------------------------------------------------


def test_a_manager_without_recovery_codes_is_told_so_and_makes_ten_new_ones_that_each_log_in_once(demo):
    # The demo's managers are enrolled with an authenticator app only: no recovery codes.
    old_device = StaticDevice.objects.create(user=demo.manager, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=old_device, token="oudecode1")
    StaticToken.objects.create(device=old_device, token="oudecode2")
    client = Client()
    login_post(client, "manager@sif.example", DEMO_PASSWORD)
    client.post(reverse("two_factor_verify"), {"token": "oudecode1"})  # one of two used: one left, fewer than 3
    security = client.get(reverse("account_security"), **EN).content.decode()
    assert "1 recovery code left." in security
    assert 'Only 1 recovery code is left: make new ones with the button "New recovery codes" below.' in security
    assert f'action="{reverse("two_factor_recovery_codes_new")}"' in security

    response = client.post(reverse("two_factor_recovery_codes_new"), **EN)
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "Print these codes or store them somewhere safe now: they are shown only once." in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None  # no inline script
    codes = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(codes) == 10 and len(set(codes)) == 10
    event = events(AccountAction.TWO_FACTOR_RECOVERY_CODES_RENEWED, demo.manager).get()
    assert event.changes == {"recovery_codes_left": ["1", "10"]}
    security = client.get(reverse("account_security"), **EN).content.decode()
    assert "10 recovery codes left." in security and 'data-testid="recovery-codes-low"' not in security
    assert client.get(reverse("home")).status_code == 200  # the session verified with a recovery code stays so

    # Each new code logs in once; the old one no longer works.
    for code in codes:
        first = Client()
        login_post(first, "manager@sif.example", DEMO_PASSWORD)
        assert first.post(reverse("two_factor_verify"), {"token": code}).status_code == 302, code
        assert first.get(reverse("home")).status_code == 200
    assert not StaticToken.objects.filter(device__user=demo.manager).exists()
    for refused in ("oudecode2", codes[0]):
        # a wrong code slows every device of the user down for a while (django-otp's throttling): start afresh
        StaticDevice.objects.filter(user=demo.manager).update(throttling_failure_count=0)
        TOTPDevice.objects.filter(user=demo.manager).update(throttling_failure_count=0)
        again = Client()
        login_post(again, "manager@sif.example", DEMO_PASSWORD)
        assert again.post(reverse("two_factor_verify"), {"token": refused}).status_code == 200, refused
        assert again.get(reverse("home")).status_code == 302  # still at the code page


def test_a_demo_manager_with_no_recovery_codes_left_is_pointed_to_the_button(client, demo):
    client.force_login(demo.manager)
    nl = client.get(reverse("account_security"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    en = client.get(reverse("account_security"), **EN).content.decode()
    assert 'You have no recovery codes left: make new ones with the button "New recovery codes" below.' in en
    assert "Nieuwe herstelcodes" in nl and 'data-testid="recovery-codes-low"' in nl


def test_new_recovery_codes_are_never_made_on_get_nor_for_a_session_that_did_not_pass_the_second_step(demo):
    device = StaticDevice.objects.create(user=demo.manager, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=device, token="herstel01")
    verified = Client()
    login_post(verified, "manager@sif.example", DEMO_PASSWORD)
    verified.post(reverse("two_factor_verify"), {"token": user_totp_code("manager@sif.example")})
    assert verified.get(reverse("two_factor_recovery_codes_new")).status_code == 405

    password_only = Client()
    login_post(password_only, "manager@sif.example", DEMO_PASSWORD)
    refused = password_only.post(reverse("two_factor_recovery_codes_new"))
    assert refused.status_code == 302 and refused.url.startswith(reverse("two_factor_verify"))

    # An investee without two-factor login passes no second step: refused by the page itself.
    investee = Client()
    login_post(investee, "investee@sif.example", DEMO_PASSWORD)
    assert investee.post(reverse("two_factor_recovery_codes_new")).status_code == 403

    assert list(StaticToken.objects.filter(device__user=demo.manager).values_list("token", flat=True)) == ["herstel01"]
    assert not StaticToken.objects.filter(device__user=demo.investee).exists()
    assert not AuditEvent.objects.filter(action=AccountAction.TWO_FACTOR_RECOVERY_CODES_RENEWED).exists()
