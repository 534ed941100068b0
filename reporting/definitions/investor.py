"""The quarterly investor report: one document for all members of a fund, and one capital-account statement per
member (a member sees its own account, never another's)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from fund.models import Fund, Member
from fund.periods import Quarter
from fund.selectors import fund_capital_totals, member_capital_accounts
from portfolio.choices import ApplicationStatus
from portfolio.selectors.dealflow import application_funnel
from reporting.choices import ReportType
from reporting.definitions.base import Recipient, ReportDefinition
from reporting.definitions.glossary import glossary
from reporting.definitions.impact import fund_plans, impact_section, impact_table
from reporting.definitions.loans import portfolio_section, quality_table, tape_table
from reporting.definitions.onepagers import one_pagers
from reporting.tables import Table

FUND_KEY = "fund"


class InvestorReport(ReportDefinition):
    report_type = ReportType.INVESTOR
    template = "reporting/reports/investor.html"
    member_template = "reporting/reports/capital_account.html"

    def title(self) -> str:
        return str(_("Quarterly investor report"))

    def recipients(self, *, fund: Fund, period: Quarter) -> list[Recipient]:
        members = Member.objects.filter(fund=fund, admission_date__lte=period.end).select_related("organisation")
        return [Recipient(FUND_KEY, str(_("All members of %(fund)s") % {"fund": fund.name}))] + [
            Recipient(f"member:{m.pk}", m.organisation.display_name, member_id=m.pk)
            for m in members.order_by("organisation__legal_name")
        ]

    def template_for(self, recipient: Recipient) -> str:
        return self.template if recipient.key == FUND_KEY else self.member_template

    def gather(self, *, fund: Fund, period: Quarter, recipient: Recipient) -> dict[str, Any]:
        previous = period.previous()
        context: dict[str, Any] = {
            "fund": {
                "name": fund.name,
                "kvk_number": fund.kvk_number,
                "inception_date": fund.inception_date,
                "themes": [t.get_theme_display() for t in fund.themes.all()],
                "region": [m.name for m in fund.region.order_by("name")],
            },
            "period": period.label(),  # as the reader writes it: "Q3 2026", "3e kwartaal 2026"
            "period_start": period.start,
            "as_of": period.end,
            "glossary": glossary(),
        }
        if recipient.key == FUND_KEY:
            accounts = member_capital_accounts(fund=fund, as_of=period.end)
            context["capital"] = fund_capital_totals(fund=fund, as_of=period.end)
            context["capital_previous"] = fund_capital_totals(fund=fund, as_of=previous.end)
            context["capital_by_kind"] = _by_kind(accounts)
            context["impact"] = impact_section(plans=fund_plans(fund), period=period)
            context["portfolio"] = portfolio_section(fund=fund, period=period)
            context["one_pagers"] = one_pagers(
                fund=fund,
                period=period,
                tape=context["portfolio"]["tape"],
                loans=fund.loans.all(),
                plans=fund_plans(fund),
            )
            funnel = application_funnel(fund=fund, start=period.start, end=period.end)
            context["funnel"] = {
                "stages": [{"label": ApplicationStatus(s.status).label, "stage": s} for s in funnel.stages],
                "declined": funnel.declined,
                "withdrawn": funnel.withdrawn,
            }
        else:
            members = Member.objects.filter(pk=recipient.member_id or 0)  # a member recipient always has one
            context["member_name"] = recipient.label
            context["account"] = member_capital_accounts(fund=fund, as_of=period.end, members=members)[0]
            context["account_previous"] = next(
                iter(member_capital_accounts(fund=fund, as_of=previous.end, members=members)), None
            )
        return context

    def tables(self, context: dict[str, Any]) -> list[Table]:
        kinds = ("committed", "called", "paid_in", "unfunded", "distributed")
        labels = [str(_("Committed")), str(_("Called")), str(_("Paid-in")), str(_("Unfunded")), str(_("Distributed"))]
        if "account" in context:
            now, before = context["account"], context["account_previous"]
            return [
                Table(
                    str(_("Capital account")),
                    ["", str(_("Previous quarter")), str(_("This quarter"))],
                    [
                        [label, getattr(before, k) if before else None, getattr(now, k)]
                        for label, k in zip(labels, kinds, strict=True)
                    ],
                )
            ]
        now, before = context["capital"], context["capital_previous"]
        return [
            Table(
                str(_("Capital")),
                ["", str(_("Previous quarter")), str(_("This quarter"))],
                [[label, getattr(before, k), getattr(now, k)] for label, k in zip(labels, kinds, strict=True)],
            ),
            Table(
                str(_("Capital by kind of member")),
                [str(_("Kind")), str(_("Members")), labels[0], labels[2], labels[3]],
                [
                    [r["kind"], r["members"], r["committed"], r["paid_in"], r["unfunded"]]
                    for r in context["capital_by_kind"]
                ],
            ),
            impact_table(context["impact"]),
            tape_table(context["portfolio"]["tape"]),
            quality_table(context["portfolio"]),
        ]


def _by_kind(accounts) -> list[dict[str, Any]]:
    """Capital per kind of member (municipality, foundation, ...), largest commitment first."""
    rows: dict[str, dict[str, Any]] = {}
    for account in accounts:
        row = rows.setdefault(
            account.member_kind,
            {"kind": str(account.member_kind_label), "members": 0, "committed": 0, "paid_in": 0, "unfunded": 0},
        )
        row["members"] += 1
        row["committed"] += account.committed
        row["paid_in"] += account.paid_in
        row["unfunded"] += account.unfunded
    return sorted(rows.values(), key=lambda r: -r["committed"])
