"""The back-office only reads domain data; administrators change users and their roles there, and every such change
is written to the audit trail with what changed."""

import datetime

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from fund.models import AuditEvent, Fund, Member, Organisation, RoleAssignment, User

pytestmark = pytest.mark.django_db


def _change_form_data(response) -> dict:
    """The POST data of an admin change page as it stands (main form and inline formsets)."""
    data: dict = {}

    def add(form) -> None:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, datetime.datetime):  # the admin's split date and time inputs
                data[f"{key}_0"], data[f"{key}_1"] = value.date().isoformat(), value.time().strftime("%H:%M:%S")
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif value is not None:
                data[key] = getattr(value, "pk", value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            add(form)
    return data


@pytest.mark.parametrize(
    ("url_name", "instance"),
    [
        ("admin:fund_fund_change", lambda demo: demo.rotterdam_fund),
        ("admin:fund_organisation_change", lambda demo: Organisation.objects.first()),
        ("admin:fund_member_change", lambda demo: Member.objects.first()),
    ],
)
def test_a_post_to_the_admin_change_page_of_domain_data_is_refused(client, demo, url_name, instance):
    obj = instance(demo)
    client.force_login(demo.admin)  # not even an administrator
    url = reverse(url_name, args=[obj.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Renamed", "legal_name": "Renamed", "slug": "renamed"})
    assert response.status_code == 403
    assert not Fund.objects.filter(name="Renamed").exists()
    assert not Organisation.objects.filter(legal_name="Renamed").exists()


def test_an_admin_giving_a_user_a_role_writes_an_audit_event_with_the_change(client, demo):
    user = User.objects.create_user("new.manager@sif.example", "a long password 123", full_name="Nina Nieuw")
    client.force_login(demo.admin)
    url = reverse("admin:fund_user_change", args=[user.pk])
    data = _change_form_data(client.get(url))
    data.update(
        {
            "is_staff": "on",
            "roles-TOTAL_FORMS": "1",
            "roles-0-user": str(user.pk),
            "roles-0-role": "fund_manager",
            "roles-0-fund": str(demo.rotterdam_fund.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert RoleAssignment.objects.filter(user=user, role="fund_manager", fund=demo.rotterdam_fund).exists()
    event = AuditEvent.objects.get(action="user.changed", object_id=str(user.pk))
    assert event.actor == demo.admin
    assert event.changes == {
        "is_staff": ["False", "True"],
        "roles": [None, "fund_manager · SIF Rotterdam"],
    }


def test_an_admin_removing_a_role_writes_an_audit_event(client, demo):
    client.force_login(demo.admin)
    url = reverse("admin:fund_user_change", args=[demo.ic.pk])
    data = _change_form_data(client.get(url))
    roles_before = RoleAssignment.objects.filter(user=demo.ic).count()
    data["roles-0-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert RoleAssignment.objects.filter(user=demo.ic).count() == roles_before - 1
    event = AuditEvent.objects.get(action="user.changed", object_id=str(demo.ic.pk))
    old, new = event.changes["roles"]
    assert old.startswith("ic_member · ") and (new is None or new.count(";") == old.count(";") - 1)


def test_an_admin_creating_a_user_writes_an_audit_event(client, demo):
    client.force_login(demo.admin)
    url = reverse("admin:fund_user_add")
    data = _change_form_data(client.get(url))
    data.update({"email": "auditor@sif.example", "full_name": "Otto Auditor", "is_active": "on"})
    response = client.post(url, data)
    assert response.status_code == 302
    user = User.objects.get(email="auditor@sif.example")
    event = AuditEvent.objects.get(action="user.created", object_id=str(user.pk))
    assert event.changes["email"] == [None, "auditor@sif.example"] and event.changes["is_superuser"] == [None, "False"]


def test_saving_a_user_unchanged_writes_no_event(client, demo):
    client.force_login(demo.admin)
    url = reverse("admin:fund_user_change", args=[demo.investee.pk])
    assert client.post(url, _change_form_data(client.get(url))).status_code == 302
    assert not AuditEvent.objects.filter(action="user.changed", object_id=str(demo.investee.pk)).exists()


@pytest.mark.parametrize("model", ["totpdevice", "staticdevice"])
def test_a_fund_manager_cannot_open_the_two_factor_device_pages(client, demo, model):
    if model == "totpdevice":
        device = TOTPDevice.objects.get(user=demo.admin)  # the demo's enrolled authenticator app
    else:
        device = StaticDevice.objects.create(user=demo.admin, name="backup", confirmed=True)  # recovery codes
    app = "otp_totp" if model == "totpdevice" else "otp_static"
    client.force_login(demo.manager)
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 403
    assert client.get(reverse(f"admin:{app}_{model}_change", args=[device.pk])).status_code == 403
    assert client.post(reverse(f"admin:{app}_{model}_delete", args=[device.pk]), {"post": "yes"}).status_code == 403
    assert type(device).objects.filter(pk=device.pk).exists()
    index = client.get(reverse("admin:index")).content.decode()
    assert "otp_totp" not in index and "otp_static" not in index  # not even listed
    client.force_login(demo.admin)
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200


def test_an_administrator_resetting_a_lost_phone_is_recorded_on_the_user(client, demo):
    device = TOTPDevice.objects.get(user=demo.manager)
    client.force_login(demo.admin)
    url = reverse("admin:otp_totp_totpdevice_change", args=[device.pk])
    page = client.get(url)
    assert device.key not in page.content.decode()  # the admin never shows the secret
    data = _change_form_data(page) | {"name": "Oude telefoon"}
    assert client.post(url, data).status_code == 302
    changed = AuditEvent.objects.filter(action="account.two_factor_device_changed").get()
    assert (changed.actor, changed.object_id) == (demo.admin, str(demo.manager.pk))
    assert changed.changes == {"name": [device.name, "Oude telefoon"]}
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == 302 and not TOTPDevice.objects.filter(pk=device.pk).exists()
    deleted = AuditEvent.objects.filter(action="account.two_factor_device_deleted").get()
    assert (deleted.actor, deleted.object_id) == (demo.admin, str(demo.manager.pk))
    assert deleted.changes["device"] == ["TOTPDevice", None]


def test_removing_recovery_codes_from_the_device_list_is_recorded_per_user(client, demo):
    devices = [
        StaticDevice.objects.create(user=user, name="backup", confirmed=True) for user in (demo.manager, demo.ic)
    ]
    client.force_login(demo.admin)
    response = client.post(
        reverse("admin:otp_static_staticdevice_changelist"),
        {"action": "delete_selected", "_selected_action": [d.pk for d in devices], "post": "yes"},
    )
    assert response.status_code == 302
    assert not StaticDevice.objects.filter(pk__in=[d.pk for d in devices]).exists()
    events = AuditEvent.objects.filter(action="account.two_factor_device_deleted")
    assert sorted(e.object_id for e in events) == sorted([str(demo.manager.pk), str(demo.ic.pk)])
    assert {e.actor for e in events} == {demo.admin}
