"""The municipality report: one document per municipality in a fund's region, with that municipality's own figures
only (its enterprises, its own stake), never another municipality's."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from fund.models import Fund, Member, Municipality, Organisation
from fund.money import percent_of, ratio_of
from fund.periods import Quarter
from fund.selectors import fund_capital_totals, member_capital_accounts, organisation_list
from portfolio.models import Loan
from portfolio.selectors.activity import co_financing_secured
from reporting.choices import ReportType
from reporting.definitions.base import Recipient, ReportDefinition
from reporting.definitions.glossary import glossary
from reporting.definitions.impact import fund_plans, impact_section, impact_table, place_section
from reporting.definitions.loans import municipality_capital
from reporting.tables import Table


class MunicipalityReport(ReportDefinition):
    report_type = ReportType.MUNICIPALITY
    template = "reporting/reports/municipality.html"

    def title(self) -> str:
        return str(_("Municipality report"))

    def recipients(self, *, fund: Fund, period: Quarter) -> list[Recipient]:
        return [Recipient(f"municipality:{m.code}", m.name, municipality_id=m.pk) for m in fund.region.order_by("name")]

    def gather(self, *, fund: Fund, period: Quarter, recipient: Recipient) -> dict[str, Any]:
        if recipient.municipality_id is None:
            raise ValueError(f"{recipient.key}: a municipality report is addressed to a municipality.")
        municipality = Municipality.objects.select_related("labour_market_region").get(pk=recipient.municipality_id)
        stake_members = Member.objects.filter(fund=fund, municipality=municipality)
        stake = next(iter(member_capital_accounts(fund=fund, as_of=period.end, members=stake_members)), None)
        loans = Loan.objects.filter(fund=fund, organisation__municipality=municipality)
        capital = municipality_capital(fund=fund, loans=loans, period=period)
        totals = fund_capital_totals(fund=fund, as_of=period.end)
        other_money = (totals.paid_in - stake.paid_in if stake else totals.paid_in) + co_financing_secured(loans=loans)
        enterprises = organisation_list(
            organisations=Organisation.objects.filter(municipality=municipality, is_investee=True)
        )
        return {
            "fund": {"name": fund.name, "region": [m.name for m in fund.region.order_by("name")]},
            "municipality": {
                "code": municipality.code,
                "name": municipality.name,
                "labour_market_region": municipality.labour_market_region.name,
            },
            "period": period.label(),  # as the reader writes it: "Q3 2026", "3e kwartaal 2026"
            "period_start": period.start,
            "as_of": period.end,
            "stake": stake,
            "stake_return": percent_of(stake.distributed, stake.paid_in) if stake else None,
            "capital": capital,
            "other_money": other_money,
            "leverage": ratio_of(other_money, stake.paid_in) if stake else None,
            "enterprises": [
                {"name": o.display_name, "kvk_number": o.kvk_number, "labels": o.label_count} for o in enterprises
            ],
            "impact": impact_section(plans=fund_plans(fund).filter(municipality=municipality), period=period),
            "place": place_section(fund_plans=fund_plans(fund), municipality=municipality, period=period),
            "glossary": glossary(),
        }

    def tables(self, context: dict[str, Any]) -> list[Table]:
        outcomes = context["place"]["outcomes"]
        return [
            Table(
                str(_("Residents placed in work")),
                ["", str(_("Value"))],
                [
                    [str(_("Placed in paid work")), outcomes.placed],
                    [str(_("Still in work")), outcomes.in_work],
                    [str(_("Retained 12 months")), outcomes.retained_12_months],
                    [str(_("Started at least 12 months ago")), outcomes.started_12_months_ago],
                    [str(_("Paid hours per week")), outcomes.hours_per_week],
                    [str(_("Banenafspraak jobs (25.5 h = 1)")), outcomes.banenafspraak_jobs],
                    [str(_("Gross benefits avoided")), outcomes.benefits_avoided.amount],
                ],
            ),
            Table(
                str(_("Outcome payments")),
                [str(_("Contract")), str(pgettext("amount owed", "Due")), str(_("Claimed")), str(_("Paid"))],
                [[p.contract, p.due, p.claimed, p.paid] for p in context["place"]["payments"]],
            ),
            impact_table(context["impact"]),
            Table(
                str(_("Enterprises")),
                [str(_("Enterprise")), str(_("KvK number")), str(_("Impact labels"))],
                [[e["name"], e["kvk_number"], e["labels"]] for e in context["enterprises"]],
            ),
        ]
