"""Notices to members: a capital call notice per member (what to pay, by when, to which account, with which RF
reference) and a distribution notice per member (what the fund pays it, on which date, to which account).

One run covers the calls (or distributions) dated in its quarter; each member's notice of each call is its own
document (recipient key "call:<call id>:member:<member id>"), so a later run in the same quarter renders only the
new call's notices and finds the earlier ones unchanged (they are not sent again). A notice shows what was called,
never what was paid since, so it does not change when the member pays."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from fund.models import CapitalMovement, Fund
from fund.periods import Quarter
from fund.selectors import capital_call_lines
from portfolio.selectors.bank import fund_payment_account
from reporting.choices import ReportType
from reporting.definitions.base import Recipient, ReportDefinition
from reporting.tables import Table


def _ids(key: str) -> tuple[int, int]:
    """(call or distribution id, member id) from a key "call:12:member:34"."""
    parts = key.split(":")
    return int(parts[1]), int(parts[3])


class CapitalCallNotice(ReportDefinition):
    report_type = ReportType.CALL_NOTICE
    template = "reporting/notices/call_notice.html"

    def title(self) -> str:
        return str(_("Capital call notice"))

    def recipients(self, *, fund: Fund, period: Quarter) -> list[Recipient]:
        lines = [line for line in capital_call_lines(fund=fund) if period.start <= line.call_date <= period.end]
        return [
            Recipient(f"call:{line.call_id}:member:{line.member_id}", line.member_name, member_id=line.member_id)
            for line in lines
        ]

    def gather(self, *, fund: Fund, period: Quarter, recipient: Recipient) -> dict[str, Any]:
        call_id, member_id = _ids(recipient.key)
        line = capital_call_lines(call_ids=[call_id], member_ids=[member_id])[0]
        account = fund_payment_account(fund=fund)
        return {
            "period": period.label(),
            "member_name": line.member_name,
            "call_number": line.call_number,
            "call_date": line.call_date,
            "due_date": line.due_date,
            "amount": line.amount,
            "reference": line.reference_display,
            "iban": account.iban if account else "",
            "account_name": account.account_name if account else "",
            "bic": account.bic if account else "",
        }

    def tables(self, context: dict[str, Any]) -> list[Table]:
        return [
            Table(
                str(_("Capital call notice")),
                [str(_("Call")), str(_("Due date")), str(_("Amount")), str(_("IBAN")), str(_("Payment reference"))],
                [
                    [
                        context["call_number"],
                        context["due_date"],
                        context["amount"],
                        context["iban"],
                        context["reference"],
                    ]
                ],
            )
        ]


class DistributionNotice(ReportDefinition):
    report_type = ReportType.DISTRIBUTION_NOTICE
    template = "reporting/notices/distribution_notice.html"

    def title(self) -> str:
        return str(_("Distribution notice"))

    def _shares(self, **filters: Any) -> list[CapitalMovement]:
        return list(
            CapitalMovement.objects.filter(distribution__isnull=False, reverses__isnull=True, **filters)
            .select_related("distribution", "member__organisation")
            .order_by("distribution__number", "member__organisation__legal_name")
        )

    def recipients(self, *, fund: Fund, period: Quarter) -> list[Recipient]:
        shares = self._shares(
            distribution__fund=fund,
            distribution__value_date__gte=period.start,
            distribution__value_date__lte=period.end,
        )
        return [
            Recipient(
                f"distribution:{s.distribution_id}:member:{s.member_id}",
                s.member.organisation.display_name,
                member_id=s.member_id,
            )
            for s in shares
        ]

    def gather(self, *, fund: Fund, period: Quarter, recipient: Recipient) -> dict[str, Any]:
        distribution_id, member_id = _ids(recipient.key)
        share = self._shares(distribution_id=distribution_id, member_id=member_id)[0]
        distribution = share.distribution
        assert distribution is not None  # the filter asks for one
        return {
            "period": period.label(),
            "member_name": share.member.organisation.display_name,
            "distribution_number": distribution.number,
            "value_date": distribution.value_date,
            "purpose": distribution.purpose,
            "amount": share.amount.amount,
            "iban": share.member.organisation.iban,
            "reference": share.reference,
        }

    def tables(self, context: dict[str, Any]) -> list[Table]:
        return [
            Table(
                str(_("Distribution notice")),
                [str(_("Distribution")), str(_("Value date")), str(_("Amount")), str(_("IBAN"))],
                [[context["distribution_number"], context["value_date"], context["amount"], context["iban"]]],
            )
        ]
