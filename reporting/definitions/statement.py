"""The investee statement: per investee of a fund, each loan on the quarter's last day (what was lent, repaid, owed
and when the next installment is due), the quarter's payments, and the investee's own impact against its targets."""

from typing import Any

from django.utils.translation import gettext as _

from fund.models import Fund, Organisation
from fund.periods import Quarter
from portfolio.models import LoanSnapshot
from portfolio.selectors.loans import loan_ledger_entries, loan_state, with_servicing_data
from reporting.choices import ReportType
from reporting.definitions.base import Recipient, ReportDefinition
from reporting.definitions.glossary import glossary
from reporting.definitions.impact import fund_plans, impact_section, impact_table
from reporting.tables import Table


class InvesteeStatement(ReportDefinition):
    report_type = ReportType.STATEMENT
    template = "reporting/reports/statement.html"

    def title(self) -> str:
        return _("Investee statement")

    def recipients(self, *, fund: Fund, period: Quarter) -> list[Recipient]:
        """Every investee with a loan from the fund that had money paid out by the quarter's end."""
        organisation_ids = (
            LoanSnapshot.objects.filter(fund=fund, as_of=period.end).values("loan__organisation_id").distinct()
        )
        organisations = Organisation.objects.filter(pk__in=organisation_ids).order_by("legal_name")
        return [Recipient(f"organisation:{o.pk}", o.display_name, organisation_id=o.pk) for o in organisations]

    def gather(self, *, fund: Fund, period: Quarter, recipient: Recipient) -> dict[str, Any]:
        if recipient.organisation_id is None:
            raise ValueError(f"{recipient.key}: an investee statement is addressed to an investee.")
        loans = with_servicing_data(
            fund.loans.filter(organisation_id=recipient.organisation_id, schedule_versions__isnull=False).distinct()
        ).order_by("reference")
        rows = []
        for loan in loans:
            entries = [e for e in loan_ledger_entries(loan) if period.start <= e.value_date <= period.end]
            rows.append(
                {
                    "reference": loan.reference,
                    "state": loan_state(loan=loan, as_of=period.end),
                    "entries": [
                        {
                            "value_date": e.value_date,
                            "type": e.get_entry_type_display(),
                            "amount": e.amount.amount if e.amount else None,
                            "rate": e.rate,
                        }
                        for e in entries
                    ],
                }
            )
        return {
            "fund": {"name": fund.name},
            "period": period.label(),  # as the reader writes it: "Q3 2026", "3e kwartaal 2026"
            "period_start": period.start,
            "as_of": period.end,
            "investee": recipient.label,
            "loans": rows,
            "impact": impact_section(
                plans=fund_plans(fund).filter(organisation_id=recipient.organisation_id), period=period
            ),
            "glossary": glossary(),
        }

    def tables(self, context: dict[str, Any]) -> list[Table]:
        loans = Table(
            _("Loans"),
            [_("Loan"), _("Lent"), _("Repaid"), _("Outstanding"), _("Overdue"), _("Days past due"), _("Rate %")],
            [
                [
                    r["reference"],
                    r["state"].disbursed,
                    r["state"].principal_repaid,
                    r["state"].outstanding_principal,
                    r["state"].arrears,
                    r["state"].days_past_due,
                    r["state"].annual_interest_rate,
                ]
                for r in context["loans"]
            ],
        )
        return [loans, impact_table(context["impact"])]
