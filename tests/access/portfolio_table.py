"""URL access rows for the portfolio app (see test_url_walk): deal flow, committee, loans and their API.

Investees never see another organisation's application, document, loan or API row (404); IC members see only the
applications on their own fund's agendas."""

from tests.access.roles import expect

BUURTKEUKEN = "Buurtkeuken Delfshaven B.V."  # investee@'s own; approved by SIF Rotterdam's IC (ic@ sat on it)
SPAARNE = "Spaarne Werkt B.V."  # SIF ZKIJ, approved; another investee's
KRINGLOOP = "Kringloop Noord B.V."  # SIF Rotterdam, in due diligence, never on an agenda
UPCYCLE = "Upcycle Studio Rotterdam B.V."  # SIF Rotterdam, draft


def application(legal_name: str):
    def kwargs() -> dict:
        from portfolio.models import Application

        return {"pk": Application.objects.get(organisation__legal_name=legal_name).pk}

    return kwargs


def document(legal_name: str):
    def kwargs() -> dict:
        from portfolio.models import ApplicationDocument

        return {"pk": ApplicationDocument.objects.filter(application__organisation__legal_name=legal_name).first().pk}

    return kwargs


def loan(legal_name: str):
    def kwargs() -> dict:
        from portfolio.models import Loan

        return {"pk": Loan.objects.get(organisation__legal_name=legal_name).pk}

    return kwargs


def tranche(legal_name: str):
    """A tranche of the loan (requested on first use, so the walk has one to open)."""

    def kwargs() -> dict:
        from decimal import Decimal

        from django.utils import timezone
        from djmoney.money import Money

        from fund.models import User
        from portfolio.models import Loan, Tranche

        loan = Loan.objects.get(organisation__legal_name=legal_name)
        tranche = loan.tranches.order_by("pk").first() or Tranche.objects.create(
            loan=loan,
            number=99,
            amount=Money(Decimal("1000"), "EUR"),
            planned_date=timezone.localdate(),
            end_to_end_id=f"{loan.reference}-T99",
            requested_by=User.objects.get(email="manager@sif.example"),
            requested_at=timezone.now(),
        )
        return {"pk": tranche.pk}

    return kwargs


def condition(legal_name: str):
    def kwargs() -> dict:
        from portfolio.models import ConditionPrecedent

        return {"pk": ConditionPrecedent.objects.filter(loan__organisation__legal_name=legal_name).first().pk}

    return kwargs


def condition_waiver(legal_name: str):
    """A waiver request on one of the loan's conditions (requested on first use, so the walk has one to open)."""

    def kwargs() -> dict:
        from django.utils import timezone

        from fund.models import User
        from portfolio.models import ConditionPrecedent, ConditionWaiver

        condition = ConditionPrecedent.objects.filter(loan__organisation__legal_name=legal_name).first()
        waiver = condition.waivers.order_by("pk").first() or ConditionWaiver.objects.create(
            condition=condition,
            reason="walk",
            requested_by=User.objects.get(email="manager@sif.example"),
            requested_at=timezone.now(),
        )
        return {"pk": waiver.pk}

    return kwargs


def restructuring():
    """A demo restructuring (SIF Rotterdam's restructured loans)."""

    def kwargs() -> dict:
        from portfolio.models import Restructuring

        return {"pk": Restructuring.objects.order_by("pk").first().pk}

    return kwargs


def impact_target():
    def kwargs() -> dict:
        from portfolio.models import ImpactTarget

        return {"pk": ImpactTarget.objects.order_by("pk").first().pk}

    return kwargs


def fund_line(model_name: str, slug: str):
    """A line of a fund's settings (checklist line, scoring criterion): the fund's slug and the line's pk."""

    def kwargs() -> dict:
        from portfolio import models

        return {"slug": slug, "pk": getattr(models, model_name).objects.filter(fund__slug=slug).first().pk}

    return kwargs


def closed_period(slug: str):
    """A closed quarter of the fund's books (created on first use)."""

    def kwargs() -> dict:
        import datetime

        from fund.models import Fund
        from portfolio.models import ClosedPeriod

        fund = Fund.objects.get(slug=slug)
        closed, _ = ClosedPeriod.objects.get_or_create(
            fund=fund, start=datetime.date(2020, 1, 1), end=datetime.date(2020, 3, 31), defaults={"status": "closed"}
        )
        return {"slug": slug, "pk": closed.pk}

    return kwargs


def bank_line(slug: str):
    """A queued bank line of the fund (created on first use)."""

    def kwargs() -> dict:
        import datetime

        from fund.models import Fund
        from portfolio.models import BankLine, BankStatementImport

        fund = Fund.objects.get(slug=slug)
        line = BankLine.objects.filter(fund=fund).first()
        if line is None:
            record = BankStatementImport.objects.create(
                fund=fund, file_name="walk.xml", file_format="camt053", sha256="0"
            )
            line = BankLine.objects.create(
                statement_import=record,
                fund=fund,
                import_key=f"walk-{slug}",
                label="statement walk, entry 1",
                account_iban="NL91ABNA0417164300",
                booking_date=datetime.date(2026, 1, 2),
                value_date=datetime.date(2026, 1, 2),
                amount="10.00",
                status="unmatched",
            )
        return {"pk": line.pk}

    return kwargs


def meeting(slug: str):
    def kwargs() -> dict:
        from portfolio.models import ICMeeting

        return {"pk": ICMeeting.objects.filter(fund__slug=slug, status="closed").first().pk}

    return kwargs


def item(legal_name: str):
    def kwargs() -> dict:
        from portfolio.models import AgendaItem

        return {"pk": AgendaItem.objects.get(application__organisation__legal_name=legal_name).pk}

    return kwargs


def question(legal_name: str):
    def kwargs() -> dict:
        from portfolio.models import Question

        return {"pk": Question.objects.filter(application__organisation__legal_name=legal_name).first().pk}

    return kwargs


READERS_OWN = expect(403, admin=200, manager=200, investee=200, ic=200)  # an application on ic@'s agenda
READERS_OTHER_FUND = expect(403, admin=200, manager=200, investee=404, ic=404)
MANAGERS = expect(403, admin=200, manager=200)
MANAGERS_NOTHING_THERE = expect(403, admin=404, manager=404)  # a manager's page about an object the demo lacks
COMMITTEE = expect(403, admin=200, manager=200, ic=200)
# POST-only pages: the role check comes first, then GET is refused with 405.
POST_MANAGERS = expect(403, admin=405, manager=405)
POST_MANAGERS_INVESTEE = expect(403, admin=405, manager=405, investee=405)
POST_INVESTEE = expect(403, investee=405)
POST_IC = expect(403, ic=405)

TABLE = [
    ("portfolio:application_list", {}, expect(403, admin=200, manager=200, investee=200)),
    ("portfolio:application_create", {}, expect(403, investee=200)),
    ("portfolio:application_detail", application(BUURTKEUKEN), READERS_OWN),
    ("portfolio:application_detail", application(SPAARNE), READERS_OTHER_FUND),
    ("portfolio:application_detail", application(KRINGLOOP), expect(403, admin=200, manager=200, investee=404, ic=404)),
    ("portfolio:application_edit", application(BUURTKEUKEN), expect(403, investee=302)),  # approved: not editable
    ("portfolio:application_edit", application(UPCYCLE), expect(403, investee=404)),
    ("portfolio:co_financing_add", application(BUURTKEUKEN), POST_MANAGERS_INVESTEE),
    ("portfolio:document_upload", application(BUURTKEUKEN), POST_MANAGERS_INVESTEE),
    ("portfolio:application_submit", application(BUURTKEUKEN), POST_INVESTEE),
    ("portfolio:application_withdraw", application(BUURTKEUKEN), POST_INVESTEE),
    ("portfolio:application_move", application(KRINGLOOP), POST_MANAGERS),
    ("portfolio:application_decline", application(KRINGLOOP), POST_MANAGERS),
    ("portfolio:eligibility_run", application(KRINGLOOP), POST_MANAGERS),
    ("portfolio:question_ask", application(KRINGLOOP), POST_MANAGERS),
    ("portfolio:application_assess", application(KRINGLOOP), POST_MANAGERS),
    ("portfolio:ic_memo", application(BUURTKEUKEN), COMMITTEE),
    ("portfolio:ic_memo", application(SPAARNE), expect(403, admin=200, manager=200, ic=404)),
    ("portfolio:document_download", document(BUURTKEUKEN), READERS_OWN),
    ("portfolio:document_download", document(SPAARNE), READERS_OTHER_FUND),
    ("portfolio:document_download", document(KRINGLOOP), expect(403, admin=200, manager=200, investee=404, ic=404)),
    ("portfolio:question_answer", question(KRINGLOOP), POST_INVESTEE),
    ("portfolio:dd_checklist_update", application(KRINGLOOP), POST_MANAGERS),
    ("portfolio:pipeline_board", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:pipeline_board", {"slug": "sif-zkij"}, MANAGERS),
    ("portfolio:funnel", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:ic_meeting_list", {}, COMMITTEE),
    ("portfolio:ic_meeting_detail", meeting("sif-rotterdam"), COMMITTEE),
    ("portfolio:ic_meeting_detail", meeting("sif-zkij"), expect(403, admin=200, manager=200, ic=404)),
    ("portfolio:agenda_item_add", meeting("sif-rotterdam"), POST_MANAGERS),
    ("portfolio:conflict_declare", item(BUURTKEUKEN), POST_IC),
    ("portfolio:vote_cast", item(BUURTKEUKEN), POST_IC),
    ("portfolio:decision_record", item(BUURTKEUKEN), POST_MANAGERS),
    ("portfolio:loan_detail", loan(BUURTKEUKEN), expect(403, admin=200, manager=200, investee=200)),
    ("portfolio:loan_detail", loan(SPAARNE), expect(403, admin=200, manager=200, investee=404)),
    ("portfolio:loan_list", {}, expect(403, admin=200, manager=200, investee=200)),
    # "my municipality": an officer reads its own municipality only (another is a 404, its existence not leaked)
    (
        "portfolio:municipality_overview",
        {"code": "GM0599"},
        expect(403, admin=200, manager=200, rotterdam=200, haarlem=404),
    ),
    (
        "portfolio:municipality_overview",
        {"code": "GM0392"},
        expect(403, admin=200, manager=200, rotterdam=404, haarlem=200),
    ),
    ("portfolio:tranche_request", loan(BUURTKEUKEN), POST_MANAGERS),
    ("portfolio:repayment_post", loan(BUURTKEUKEN), POST_MANAGERS),
    ("portfolio:tranche_approve", tranche(BUURTKEUKEN), POST_MANAGERS),
    ("portfolio:tranche_confirm", tranche(BUURTKEUKEN), POST_MANAGERS),
    ("portfolio:portfolio_dashboard", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:portfolio_dashboard", {"slug": "sif-zkij"}, MANAGERS),
    ("portfolio:fund_settings", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:fund_settings", {"slug": "sif-zkij"}, MANAGERS),
    ("portfolio:distributions", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:distributions", {"slug": "sif-zkij"}, MANAGERS),
    # the demo declares no distribution: managers of the fund reach the view and find none (404), others are refused
    ("portfolio:distribution_payout_request", {"slug": "sif-rotterdam", "number": 1}, MANAGERS_NOTHING_THERE),
    ("portfolio:distribution_payout_file", {"slug": "sif-rotterdam", "number": 1}, MANAGERS_NOTHING_THERE),
    ("portfolio:fund_bank_account_change", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:committee_rules_change", {"slug": "sif-zkij"}, MANAGERS),
    ("portfolio:manual_payment_threshold_change", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:payee_iban_change", loan(BUURTKEUKEN), MANAGERS),
    ("portfolio:dd_template_item_add", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:dd_template_item_edit", fund_line("DueDiligenceTemplateItem", "sif-zkij"), MANAGERS),
    ("portfolio:scoring_criterion_add", {"slug": "sif-zkij"}, MANAGERS),
    ("portfolio:scoring_criterion_edit", fund_line("ScoringCriterion", "sif-rotterdam"), MANAGERS),
    ("portfolio:portfolio_update", {"slug": "sif-rotterdam"}, POST_MANAGERS),
    ("portfolio:loan_tape_xlsx", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:bank_statements", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:books", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:books", {"slug": "sif-zkij"}, MANAGERS),
    ("portfolio:books_post", {"slug": "sif-rotterdam"}, POST_MANAGERS),
    ("portfolio:manual_entry_request", {"slug": "sif-rotterdam"}, POST_MANAGERS),
    ("portfolio:chart_of_accounts", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:books_reconciliation", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:books_reconciliation", {"slug": "sif-zkij"}, MANAGERS),
    ("portfolio:books_export_download", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:books_close", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio:books_close", {"slug": "sif-zkij"}, MANAGERS),
    ("portfolio:books_period_end", {"slug": "sif-rotterdam"}, POST_MANAGERS),
    ("portfolio:books_period_close", {"slug": "sif-rotterdam"}, POST_MANAGERS),
    ("portfolio:books_period_reopen", closed_period("sif-rotterdam"), POST_MANAGERS),
    ("portfolio:provision_rates_request", {"slug": "sif-rotterdam"}, POST_MANAGERS),
    ("portfolio:provision_override_request", {"slug": "sif-rotterdam"}, POST_MANAGERS),
    ("portfolio:bank_line_assign", bank_line("sif-rotterdam"), POST_MANAGERS),
    ("portfolio:bank_line_split", bank_line("sif-rotterdam"), POST_MANAGERS),
    ("portfolio:bank_line_park", bank_line("sif-rotterdam"), POST_MANAGERS),
    ("portfolio:bank_line_ignore", bank_line("sif-rotterdam"), POST_MANAGERS),
    ("portfolio:contract_sign", loan(SPAARNE), MANAGERS),
    ("portfolio:condition_meet", condition(BUURTKEUKEN), POST_MANAGERS),
    ("portfolio:condition_waiver_request", condition(BUURTKEUKEN), POST_MANAGERS),
    ("portfolio:condition_waiver_approve", condition_waiver(BUURTKEUKEN), POST_MANAGERS),
    ("portfolio:condition_waiver_reject", condition_waiver(BUURTKEUKEN), POST_MANAGERS),
    ("portfolio:tranche_payment_file", tranche(BUURTKEUKEN), POST_MANAGERS),
    ("portfolio:direct_debit_file", {"slug": "sif-rotterdam"}, POST_MANAGERS),
    ("portfolio:loan_payoff", loan(BUURTKEUKEN), MANAGERS),
    ("portfolio:restructuring_request", loan(BUURTKEUKEN), POST_MANAGERS),
    ("portfolio:restructuring_approve", restructuring(), POST_MANAGERS),
    ("portfolio:loan_write_off", loan(BUURTKEUKEN), POST_MANAGERS),
    ("portfolio:interest_waive", loan(BUURTKEUKEN), POST_MANAGERS),
    ("portfolio:impact_step_down", impact_target(), POST_MANAGERS),
    ("portfolio_api:loan_list", {}, expect(403, admin=200, manager=200, investee=200)),
    ("portfolio_api:loan_detail", loan(BUURTKEUKEN), expect(403, admin=200, manager=200, investee=200)),
    ("portfolio_api:loan_detail", loan(SPAARNE), expect(403, admin=200, manager=200, investee=404)),
    ("portfolio_api:loan_schedule", loan(BUURTKEUKEN), expect(403, admin=200, manager=200, investee=200)),
    ("portfolio_api:loan_schedule", loan(SPAARNE), expect(403, admin=200, manager=200, investee=404)),
    ("portfolio_api:loan_ledger", loan(BUURTKEUKEN), expect(403, admin=200, manager=200, investee=200)),
    ("portfolio_api:loan_ledger", loan(SPAARNE), expect(403, admin=200, manager=200, investee=404)),
    ("portfolio_api:bank_statement_upload", {"slug": "sif-rotterdam"}, POST_MANAGERS),
    ("portfolio_api:application_list", {}, expect(403, admin=200, manager=200, investee=200, ic=200)),
    ("portfolio_api:application_detail", application(BUURTKEUKEN), READERS_OWN),
    ("portfolio_api:application_detail", application(SPAARNE), READERS_OTHER_FUND),
    ("portfolio_api:ic_decision_list", {}, COMMITTEE),
    ("portfolio_api:vote_cast", item(BUURTKEUKEN), POST_IC),
    ("portfolio_api:funnel", {"slug": "sif-rotterdam"}, MANAGERS),
    ("portfolio_api:funnel", {"slug": "sif-zkij"}, MANAGERS),
]
