"""Definitions printed at the end of every report, so a reader knows the basis of each number."""

from django.utils.translation import gettext as _


def glossary() -> list[tuple[str, str]]:
    return [
        (_("Committed"), _("Capital a member has promised to the fund, in total, up to the report date.")),
        (_("Called"), _("The part of the commitments the fund has asked its members to pay.")),
        (_("Paid-in"), _("The capital members have actually paid into the fund.")),
        (_("Unfunded"), _("Committed minus paid-in: what members may still be asked to pay.")),
        (_("Distributed"), _("Money the fund has paid back to its members (interest and repayments of capital).")),
        (_("Days past due (DPD)"), _("The age in days of a loan's oldest unpaid installment on the report date.")),
        (
            _("PAR30 / PAR90"),
            _(
                "The outstanding principal of all loans more than 30 / 90 days past due (their whole balance, not "
                "only the late installment; restructured loans included) as a share of the gross outstanding "
                "portfolio."
            ),
        ),
        (_("NPL ratio"), _("Outstanding principal of loans 90 or more days past due ÷ gross outstanding portfolio.")),
        (
            _("Aging buckets"),
            _(
                "Outstanding principal and number of loans by days past due: current, 1–30, 31–60, 61–90, 91–180 "
                "and over 180 days."
            ),
        ),
        (
            _("Write-off ratio"),
            _(
                "Principal written off in the period ÷ average gross portfolio (mean of the period's start and end), "
                "annualised. A loan is written off when the fund no longer expects it to be repaid; later "
                "recoveries are reported separately."
            ),
        ),
        (
            _("Portfolio and contractual yield"),
            _(
                "Portfolio yield: interest, fees and penalties received in the period ÷ average gross portfolio, "
                "annualised. Contractual yield: the loans' rates weighted by their outstanding principal."
            ),
        ),
        (
            _("Leverage"),
            _(
                "Other money per municipal euro: the capital paid in by the fund's other members plus the "
                "co-financing other financiers committed alongside the loans to the municipality's enterprises, "
                "divided by the capital the municipality paid in."
            ),
        ),
        (
            _("Flow, stock, ratio"),
            _(
                "A flow (people placed in work) is added up over the periods of the year; a stock (employees) is the "
                "latest value at a period end, never added up; a ratio is recomputed from its parts, never averaged."
            ),
        ),
        (
            _("Coverage"),
            _(
                "The share of the investees that should report a metric whose data for the period was approved. "
                "Only approved values count."
            ),
        ),
        (
            _("Gross benefits avoided"),
            _(
                "Months in work of people who came from social assistance, times the monthly norm of the year. "
                "Gross: the net effect on the municipal budget is smaller."
            ),
        ),
        (
            _("Attribution"),
            _(
                "Every outcome counts for exactly one municipality: the person's municipality of residence (by "
                "postcode), or the investee's for outcomes reported per investee."
            ),
        ),
        (
            _("SROI"),
            _(
                "Social return on investment: quantity × financial proxy × (1 − deadweight) × (1 − displacement) × "
                "(1 − attribution), falling by the drop-off each year after the first, discounted, ÷ investment. "
                "Always read with its assumptions."
            ),
        ),
        (
            _("As of"),
            _(
                "Every figure is computed from the ledger as it stood at the end of the report date; "
                "corrections are posted as reversals, so an earlier report can always be reproduced."
            ),
        ),
    ]
