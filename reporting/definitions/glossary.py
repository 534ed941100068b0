"""Definitions printed at the end of every report, so a reader knows the basis of each number."""

from django.utils.translation import gettext as _


def glossary() -> list[tuple[str, str]]:
    return [
        (_("Committed"), _("Capital a member has promised to the fund, in total, up to the report date.")),
        (_("Called"), _("The part of the commitments the fund has asked its members to pay.")),
        (_("Paid-in"), _("The capital members have actually paid into the fund.")),
        (_("Unfunded"), _("Committed minus paid-in: what members may still be asked to pay.")),
        (_("Distributed"), _("Money the fund has paid back to its members (interest and repayments of capital).")),
        (
            _("As of"),
            _(
                "Every figure is computed from the ledger as it stood at the end of the report date; "
                "corrections are posted as reversals, so an earlier report can always be reproduced."
            ),
        ),
    ]
