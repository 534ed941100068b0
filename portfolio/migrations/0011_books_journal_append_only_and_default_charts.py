"""The database refuses UPDATE and DELETE on journal entries and lines (PostgreSQL and SQLite), like the audit
table; and every existing fund gets the default chart of accounts (new funds get it on creation)."""

from django.db import migrations

TABLES = ("portfolio_journalentry", "portfolio_journalline")


def _postgresql(table: str) -> tuple[list[str], list[str]]:
    up = [
        f"""
        CREATE OR REPLACE FUNCTION {table}_refuse_change() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'the journal is append-only: % on {table} refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$ LANGUAGE plpgsql
        """,
        f"""
        CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()
        """,
    ]
    down = [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}", f"DROP FUNCTION IF EXISTS {table}_refuse_change()"]
    return up, down


def _sqlite(table: str) -> tuple[list[str], list[str]]:
    up = [
        f"""
        CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}
        BEGIN SELECT RAISE(ABORT, 'the journal is append-only: {op} on {table} refused'); END
        """
        for op in ("UPDATE", "DELETE")
    ]
    down = [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for op in ("update", "delete")]
    return up, down


def _run(schema_editor, direction: int) -> None:
    vendor = schema_editor.connection.vendor
    builders = {"postgresql": _postgresql, "sqlite": _sqlite}
    if vendor not in builders:
        raise RuntimeError(f"No append-only guard for the journal on {vendor}.")
    for table in TABLES:
        for sql in builders[vendor](table)[direction]:
            schema_editor.execute(sql, params=None)  # no placeholders: the "%" is plpgsql's own


def guard_add(apps, schema_editor):
    _run(schema_editor, 0)


def guard_remove(apps, schema_editor):
    _run(schema_editor, 1)


# the default chart as it stood when this migration was written (portfolio/accounting/chart.py may move on)
CHART = (
    ("loans_receivable", "0400", "asset", "BFvaOvr"),
    ("loan_loss_allowance", "0410", "asset", "BFvaOvr"),
    ("bank", "1100", "asset", "BLimBanRba"),
    ("accrued_interest", "1300", "asset", "BVor"),
    ("members_capital", "0500", "equity", "BEiv"),
    ("retained_result", "0510", "equity", "BEiv"),
    ("result_for_period", "0520", "equity", "BEiv"),
    ("payments_in_advance", "1600", "liability", "BSch"),
    ("uncalled_commitments", "0900", "off_balance", ""),
    ("uncalled_commitments_contra", "0910", "off_balance", ""),
    ("interest_income", "8000", "income", "WFbeRlm"),
    ("fee_income", "8010", "income", "WOvt"),
    ("penalty_income", "8020", "income", "WOvt"),
    ("recoveries", "8030", "income", "WWfa"),
    ("provision_expense", "4700", "expense", "WWfa"),
    ("write_off_expense", "4710", "expense", "WWfa"),
    ("bank_charges", "4600", "expense", "WBed"),
    ("operating_costs", "4000", "expense", "WBed"),
)


def charts_create(apps, schema_editor):
    Fund = apps.get_model("fund", "Fund")
    Account = apps.get_model("portfolio", "Account")
    for fund in Fund.objects.all():
        have = set(Account.objects.filter(fund=fund).values_list("role", flat=True))
        Account.objects.bulk_create(
            Account(fund=fund, role=role, number=number, kind=kind, rgs_code=rgs)
            for role, number, kind, rgs in CHART
            if role not in have
        )


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0010_books_chart_of_accounts_and_journal")]

    operations = [
        migrations.RunPython(guard_add, guard_remove),
        migrations.RunPython(charts_create, migrations.RunPython.noop),
    ]
