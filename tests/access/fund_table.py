"""URL access rows for the fund app (see test_url_walk)."""

from tests.access.roles import expect


def member(legal_name: str, fund_slug: str):
    def kwargs() -> dict:
        from fund.models import Member

        return {"pk": Member.objects.get(organisation__legal_name=legal_name, fund__slug=fund_slug).pk}

    return kwargs


def movement(legal_name: str):
    def kwargs() -> dict:
        from fund.models import CapitalMovement

        return {"pk": CapitalMovement.objects.filter(member__organisation__legal_name=legal_name).first().pk}

    return kwargs


def org(legal_name: str):
    def kwargs() -> dict:
        from fund.models import Organisation

        return {"pk": Organisation.objects.get(legal_name=legal_name).pk}

    return kwargs


def demo_change():
    def kwargs() -> dict:
        from fund.models import PendingChange

        return {"pk": PendingChange.objects.get(kind="fund.organisation_iban", state="pending").pk}

    return kwargs


BUURTKEUKEN = "Buurtkeuken Delfshaven B.V."  # Rotterdam investee of investee@
SPAARNE = "Spaarne Werkt B.V."  # Haarlem investee
IJMOND = "IJmond Circulair B.V."  # Velsen investee


FUND_ROTTERDAM = expect(200, investee=403, haarlem=404)
FUND_ZKIJ = expect(200, investee=403, ic=404, coinvestor=404, rotterdam=404)
ORG_READERS = expect(200, ic=403)
MANAGERS_ONLY = expect(403, admin=200, manager=200)

# (url name, kwargs or a callable giving them, expected status per role)
TABLE = [
    ("home", {}, expect(200)),
    ("login", {}, expect(302, anonymous=200)),
    # Account pages: password reset for everyone, the rest for any logged-in user; locked logins for admins.
    ("password_reset", {}, expect(200, anonymous=200)),
    ("password_reset_done", {}, expect(200, anonymous=200)),
    ("password_reset_confirm", {"uidb64": "MQ", "token": "not-a-token"}, expect(200, anonymous=200)),
    ("password_reset_complete", {}, expect(200, anonymous=200)),
    ("password_change", {}, expect(200)),
    ("password_change_done", {}, expect(200)),
    ("account_security", {}, expect(200)),
    # The walk's sessions have passed the second step: the code page sends them on.
    ("two_factor_verify", {}, expect(302)),
    # Enrolled already (the demo's admin, manager and committee member): sent to the security page.
    ("two_factor_enrol", {}, expect(200, admin=302, manager=302, ic=302)),
    # Only while the enrolment page shows a secret in the same session.
    ("two_factor_qr", {}, expect(404)),
    # POST only: a GET changes nothing
    ("two_factor_recovery_codes_new", {}, expect(405)),
    ("two_factor_disable", {}, expect(405)),
    ("logout_everywhere", {}, expect(405)),
    ("login_lockouts", {}, expect(403, admin=200)),
    ("login_lockout_clear", {}, expect(403, admin=405)),
    ("fund:fund_detail", {"slug": "sif-rotterdam"}, FUND_ROTTERDAM),
    ("fund:fund_detail", {"slug": "sif-zkij"}, FUND_ZKIJ),
    ("fund:fund_audit_events_csv", {"slug": "sif-rotterdam"}, MANAGERS_ONLY),
    ("fund:organisation_list", {}, ORG_READERS),
    ("fund:organisation_create", {}, MANAGERS_ONLY),
    ("fund:organisation_detail", org(BUURTKEUKEN), expect(200, ic=403, coinvestor=404, haarlem=404)),
    ("fund:organisation_detail", org(SPAARNE), expect(200, ic=403, coinvestor=404, investee=404, rotterdam=404)),
    (
        "fund:organisation_detail",
        org(IJMOND),
        expect(200, ic=403, coinvestor=404, investee=404, rotterdam=404, haarlem=404),
    ),
    ("fund:organisation_edit", org(BUURTKEUKEN), MANAGERS_ONLY),
    ("fund:municipality_detail", {"code": "GM0392"}, expect(403, admin=200, manager=200, haarlem=200, rotterdam=404)),
    ("fund:municipality_detail", {"code": "GM0453"}, expect(403, admin=200, manager=200, haarlem=404, rotterdam=404)),
    ("fund:fund_create", {}, expect(403, admin=200)),
    ("fund:member_create", {"slug": "sif-rotterdam"}, MANAGERS_ONLY),
    ("fund:capital_call_create", {"slug": "sif-zkij"}, MANAGERS_ONLY),
    (
        "fund:member_detail",
        member("Stichting Havenfonds Rotterdam", "sif-rotterdam"),
        expect(200, ic=403, investee=403, haarlem=404, rotterdam=404),
    ),
    (
        "fund:member_detail",
        member("Gemeente Haarlem", "sif-zkij"),
        expect(200, ic=403, investee=403, coinvestor=404, rotterdam=404),
    ),
    ("fund:capital_movement_create", member("Gemeente Haarlem", "sif-zkij"), expect(403, admin=405, manager=405)),
    ("fund:capital_movement_reverse", movement("Gemeente Haarlem"), expect(403, admin=405, manager=405)),
    ("api:schema", {}, expect(200)),
    ("api:fund_list", {}, expect(200, investee=403)),
    ("api:capital_accounts", {"slug": "sif-rotterdam"}, FUND_ROTTERDAM),
    ("api:capital_accounts", {"slug": "sif-zkij"}, FUND_ZKIJ),
    ("api:organisation_list", {}, ORG_READERS),
    ("admin:index", {}, expect(302, admin=200, manager=200)),
    ("admin:fund_organisation_changelist", {}, expect(302, admin=200, manager=200)),
    ("admin:fund_member_changelist", {}, expect(302, admin=200, manager=200)),
    ("admin:fund_auditevent_changelist", {}, expect(302, admin=200, manager=200)),
    ("admin:fund_pendingchange_changelist", {}, expect(302, admin=200, manager=200)),
    # four eyes: managers and the committee (who see only the kinds they check: the demo's IBAN change is not one)
    ("fund:change_list", {"slug": "sif-rotterdam"}, expect(403, admin=200, manager=200, ic=200)),
    ("fund:change_list", {"slug": "sif-zkij"}, expect(403, admin=200, manager=200, ic=404)),
    ("fund:change_detail", demo_change(), expect(403, admin=200, manager=200, ic=404)),
    ("fund:change_approve", demo_change(), expect(403, admin=405, manager=405, ic=405)),
    ("fund:change_reject", demo_change(), expect(403, admin=405, manager=405, ic=405)),
    ("fund:change_withdraw", demo_change(), expect(403, admin=405, manager=405, ic=405)),
    ("api:change_list", {}, expect(403, admin=200, manager=200, ic=200)),
    ("api:change_approve", demo_change(), expect(403, admin=405, manager=405, ic=405)),
    ("api:change_reject", demo_change(), expect(403, admin=405, manager=405, ic=405)),
    ("api:change_withdraw", demo_change(), expect(403, admin=405, manager=405, ic=405)),
]
# Not walked: logout and set_language only accept POST (tested in test_auth), healthz is public (tests/test_health.py).
NOT_WALKED = {"logout", "set_language", "healthz"}
