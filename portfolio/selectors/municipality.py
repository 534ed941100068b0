"""A municipality's own portfolio figures, as its officer reads them on "my municipality".

Capital deployed = the principal paid out up to a date to enterprises located in the municipality (disbursements in
the ledger, a reversed one not counted), over the loans of the funds given. An enterprise is financed once money of
one of its loans has been paid out to it. Figures are aggregates of the municipality's own enterprises only.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from fund.models import Fund, Municipality, Organisation
from portfolio.choices import LedgerEntryType
from portfolio.models import LedgerEntry

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class InvesteeFinancing:
    """An investee located in the municipality and what the funds paid out to it up to the date."""

    organisation: Organisation
    disbursed: Decimal
    loans: int  # loans with money paid out


@dataclass(frozen=True)
class MunicipalityCapital:
    as_of: datetime.date
    capital_deployed: Decimal
    enterprises_financed: int
    investees: list[InvesteeFinancing]  # every investee located here, the financed ones first (largest first)


def municipality_capital_deployed(
    *, municipality: Municipality, as_of: datetime.date, funds: QuerySet[Fund], investees: QuerySet[Organisation]
) -> MunicipalityCapital:
    """Capital deployed in `municipality`'s enterprises by `funds` up to `as_of`, per investee and in total
    (`investees`: the investee organisations to list, e.g. those the reader may see). Two queries."""
    paid_out = (
        LedgerEntry.objects.filter(
            entry_type=LedgerEntryType.DISBURSEMENT,
            value_date__lte=as_of,
            reversed_by__isnull=True,
            loan__fund__in=funds,
            loan__organisation__municipality=municipality,
        )
        .order_by()
        .values("loan__organisation_id")
        .annotate(disbursed=Sum("amount"), loans=Count("loan", distinct=True))
    )
    by_organisation = {row["loan__organisation_id"]: row for row in paid_out}
    rows = [
        InvesteeFinancing(
            organisation=organisation,
            disbursed=by_organisation.get(organisation.pk, {}).get("disbursed") or ZERO,
            loans=by_organisation.get(organisation.pk, {}).get("loans") or 0,
        )
        for organisation in investees.filter(municipality=municipality)
    ]
    rows.sort(key=lambda r: (-r.disbursed, r.organisation.legal_name))
    return MunicipalityCapital(
        as_of=as_of,
        capital_deployed=sum((row["disbursed"] for row in by_organisation.values()), ZERO),
        enterprises_financed=len(by_organisation),
        investees=rows,
    )
