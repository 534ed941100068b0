"""The audit trail is append-only in the database and hash-chained: a change behind the application's back is found
by `manage.py audit_verify`, which names the event; managers read their own funds' events and export them as CSV."""

import csv
import datetime
import io
import threading
import time

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from fund.audit import audit_chain_verify, audit_record, event_fund_id
from fund.models import AuditEvent, Fund, Municipality, Organisation, RoleAssignment
from fund.services.audit_trail import audit_chain_check
from fund.services.capital import member_admit

pytestmark = pytest.mark.django_db


def _organisation(legal_name: str) -> Organisation:
    return Organisation.objects.create(legal_name=legal_name, municipality=Municipality.objects.get(code="GM0599"))


def _events(demo, n: int) -> list[AuditEvent]:
    fund = demo.rotterdam_fund
    return [
        audit_record(actor=demo.manager, action="fund.themes_changed", obj=fund, changes={"themes": [None, f"t{i}"]})
        for i in range(n)
    ]


def _without_guard(sql: str, params: list) -> None:
    """Run `sql` with the append-only trigger switched off (inside the test's transaction, so it comes back)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # PostgreSQL alters no table with deferred checks pending
        cursor.execute("ALTER TABLE fund_auditevent DISABLE TRIGGER fund_auditevent_append_only")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE fund_auditevent ENABLE TRIGGER fund_auditevent_append_only")


def _audit_verify_exit() -> tuple[int, str, str]:
    """Run `manage.py audit_verify`; its exit code (the command line exits with a CommandError's returncode) and
    output."""
    out = io.StringIO()
    try:
        call_command("audit_verify", stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), ""


def test_a_raw_sql_update_on_an_audit_event_is_refused_by_the_database(demo):
    event = _events(demo, 1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE fund_auditevent SET action = 'nothing.happened' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM fund_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="someone else")
    event.refresh_from_db()
    assert (event.action, event.object_repr) == ("fund.themes_changed", "SIF Rotterdam")


def test_each_event_carries_the_hash_of_the_one_before(demo):
    first, second = _events(demo, 2)
    assert second.prev_hash == first.hash and len(second.hash) == 64 and second.hash != first.hash
    assert first.fund == demo.rotterdam_fund


def test_an_intact_trail_verifies_with_the_number_of_events_checked(demo):
    _events(demo, 3)
    code, out, _err = _audit_verify_exit()
    total = AuditEvent.objects.count()  # the demo's events and the three above
    assert code == 0 and f"Audit trail intact: {total} events checked." in out


def test_audit_verify_names_the_event_altered_with_the_guard_removed(demo):
    _first, altered, _third = _events(demo, 3)
    before = AuditEvent.objects.filter(pk__lt=altered.pk).count()
    _without_guard(
        "UPDATE fund_auditevent SET changes = %s WHERE id = %s", ['{"themes": [null, "tampered"]}', altered.pk]
    )
    code, _out, err = _audit_verify_exit()
    assert code == 1
    assert f"Audit event {altered.pk} (fund.themes_changed on 'SIF Rotterdam'" in err
    assert f"its content was changed after it was written. The {before} events before it match." in err


def test_audit_verify_names_the_event_after_one_removed_with_the_guard_removed(demo):
    _first, removed, following = _events(demo, 3)
    _without_guard("DELETE FROM fund_auditevent WHERE id = %s", [removed.pk])
    report = audit_chain_verify()
    assert report.broken == following and "the event before it was removed" in report.reason


def test_the_weekly_check_mails_the_administrators_only_when_the_trail_is_broken(demo):
    _first, altered = _events(demo, 2)
    assert audit_chain_check().ok and mail.outbox == []
    _without_guard("UPDATE fund_auditevent SET object_repr = 'SIF Elsewhere' WHERE id = %s", [altered.pk])
    assert not audit_chain_check().ok
    (message,) = mail.outbox
    assert "admin@sif.example" in message.to and f"Audit event {altered.pk}" in message.body


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_never_fork_the_chain():
    # Each writer holds its transaction open a moment after writing: without the chain lock both would read the
    # same last hash and the chain would fork (two events with one prev_hash).
    fund = Fund.objects.create(
        name="Chain test fund", slug="chain-test", inception_date=datetime.date(2026, 1, 1), target_size=1_000_000
    )
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(n):
                with transaction.atomic():
                    audit_record(actor=None, action="fund.created", obj=fund, changes={"i": [None, str(i)]})
                    time.sleep(0.01)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(10,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    prev_hashes = list(AuditEvent.objects.filter(fund=fund).values_list("prev_hash", flat=True))
    assert len(prev_hashes) == 20 and len(set(prev_hashes)) == 20
    assert audit_chain_verify().ok


def test_a_manager_reads_only_the_events_of_their_own_funds(client, demo):
    member_admit(
        actor=demo.admin,
        fund=demo.zkij_fund,
        organisation=_organisation("Zaanse Zorg B.V."),
        kind="foundation",
        admission_date=datetime.date(2026, 1, 1),
    )
    RoleAssignment.objects.filter(user=demo.manager, fund=demo.zkij_fund).delete()
    client.force_login(demo.manager)
    response = client.get(reverse("admin:fund_auditevent_changelist") + "?all=")
    shown = response.context["cl"].queryset
    assert shown.count() == AuditEvent.objects.filter(fund=demo.rotterdam_fund).count() > 0
    assert not shown.filter(object_repr__contains="Zaanse Zorg").exists()
    client.force_login(demo.admin)
    assert client.get(reverse("admin:fund_auditevent_changelist")).context["cl"].queryset.count() == (
        AuditEvent.objects.count()
    )


def _export(client, fund: Fund, start: str, end: str) -> list[list[str]]:
    response = client.get(reverse("fund:fund_audit_events_csv", args=[fund.slug]), {"start": start, "end": end})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_a_manager_exports_the_funds_events_of_a_period_with_formulas_made_text(client, demo):
    organisation = _organisation("=HYPERLINK(1) B.V.")
    member = member_admit(
        actor=demo.manager,
        fund=demo.rotterdam_fund,
        organisation=organisation,
        kind="foundation",
        admission_date=datetime.date(2026, 1, 1),
    )
    client.force_login(demo.manager)
    today = datetime.date.today()
    rows = _export(client, demo.rotterdam_fund, f"{today:%Y-%m-%d}", f"{today:%Y-%m-%d}")
    header, *events = rows
    assert header[0] == "Gebeurtenis" and header[-1] == "Hash"  # the page's language: Dutch
    admitted = next(r for r in events if r[6] == str(member.pk) and r[3] == "member.admitted")
    assert admitted[7] == "'=HYPERLINK(1) B.V. (SIF Rotterdam)"  # text, not a formula
    assert admitted[4] == "Lid toegelaten" and admitted[2] == "manager@sif.example"
    fund_ids = {e.fund_id for e in AuditEvent.objects.filter(pk__in=[int(r[0]) for r in events])}
    assert fund_ids == {demo.rotterdam_fund.pk}
    # The demo and the events above were all written today: a period ending yesterday has only the header.
    yesterday = today - datetime.timedelta(days=1)
    assert _export(client, demo.rotterdam_fund, "2020-01-01", f"{yesterday:%Y-%m-%d}") == [header]


def test_the_export_refuses_a_period_that_ends_before_it_starts(client, demo):
    client.force_login(demo.manager)
    response = client.get(
        reverse("fund:fund_audit_events_csv", args=["sif-rotterdam"]), {"start": "2026-03-01", "end": "2026-02-01"}
    )
    assert response.status_code == 302 and response.url == reverse("fund:fund_detail", args=["sif-rotterdam"])
    assert [str(m) for m in response.wsgi_request._messages] == ["De periode eindigt voordat ze begint."]


def test_a_manager_of_another_fund_cannot_export_its_events(client, demo):
    RoleAssignment.objects.filter(user=demo.manager, fund=demo.zkij_fund).delete()
    client.force_login(demo.manager)
    assert client.get(reverse("fund:fund_audit_events_csv", args=["sif-zkij"])).status_code == 404


def test_impact_and_portfolio_events_belong_to_their_fund(demo):
    from impactmetrics.models import SubmissionVersion
    from portfolio.models import Loan

    version = SubmissionVersion.objects.select_related("request__plan").first()
    loan = Loan.objects.first()
    assert event_fund_id(version) == version.request.plan.fund_id  # through the registered path request → plan
    assert event_fund_id(loan) == loan.fund_id
    assert event_fund_id(demo.organisation("Buurtkeuken Delfshaven B.V.")) is None  # shared data: admins only


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_the_events_written_before_the_chain_existed(migrations_restored):
    from django.db.migrations.executor import MigrationExecutor

    from portfolio.models import Loan
    from tests.conftest import demo_ensure

    demo_ensure()
    executor = MigrationExecutor(connection)
    executor.migrate([("fund", "0004_used_form_tokens")])  # no hashes, no fund, no guard
    old = executor.loader.project_state([("fund", "0004_used_form_tokens")]).apps.get_model("fund", "AuditEvent")
    written = old.objects.count()
    assert written > 0

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("fund"))
    report = audit_chain_verify()
    assert report.ok and report.checked == written
    loan = Loan.objects.first()
    assert set(
        AuditEvent.objects.filter(object_id=str(loan.pk), content_type__model="loan").values_list("fund", flat=True)
    ) == {loan.fund_id}
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()
