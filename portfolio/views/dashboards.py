"""The portfolio dashboard and its loan tape: a fund's credit quality on a date, with its trend and the loans behind
every number.

The dashboard reads the loans' snapshots as they are (GET writes nothing): the nightly job takes them, and the page's
"bring up to date" button (POST) takes the ones its dates still miss, then comes back to the page.

Fund managers only (admins too).
"""

import datetime
import io
from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from fund.access import allow
from fund.charts import Bar, Series, bars_svg, chart_number, lines_svg
from fund.formatting import percent
from fund.http import AuthenticatedHttpRequest
from fund.models import Fund
from fund.roles import MANAGERS
from fund.spreadsheets import xlsx_append
from fund.templatetags.sif_format import money
from portfolio.choices import AgingBucket
from portfolio.selectors.activity import LOAN_TAPE_COLUMNS, loan_tape
from portfolio.selectors.quality import (
    missing_snapshot_loans,
    portfolio_figures,
    portfolio_loans,
    portfolio_period,
    portfolio_trend,
    watch_list,
)
from portfolio.services.arrears import month_ends, snapshots_take
from portfolio.views.common import date_from, managed_fund


def _overdue_impact_organisations(fund: Fund, today: datetime.date) -> set[int]:
    from impactmetrics.models import DataRequest
    from impactmetrics.selectors.requests import overdue_data_requests

    overdue = overdue_data_requests(requests=DataRequest.objects.filter(plan__fund=fund), today=today)
    return set(overdue.values_list("plan__organisation_id", flat=True))


@allow(*MANAGERS)
@require_GET
def portfolio_dashboard(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A fund's credit quality on a date, with its trend and the loans behind every number."""
    fund = managed_fund(request, slug)
    today = timezone.localdate()
    as_of = min(date_from(request.GET.get("as_of"), today), today)
    dates = month_ends(as_of, 12)
    figures = portfolio_figures(fund=fund, as_of=as_of)
    trend = portfolio_trend(fund=fund, dates=dates)
    year_ago = dates[0]
    period = portfolio_period(fund=fund, start=year_ago, end=as_of)
    bucket = request.GET.get("bucket", "")
    min_dpd = {"par30": 30, "par90": 90}.get(request.GET.get("par", ""))
    drill = portfolio_loans(
        fund=fund, as_of=as_of, bucket=bucket if bucket in AgingBucket.values else "", min_dpd=min_dpd
    )
    labels = [d.strftime("%m-%Y") for d in dates]
    context = {
        "fund": fund,
        "as_of": as_of,
        # loans paid out by one of the page's dates that have no snapshot for it yet: their figures are not shown
        "loans_without_snapshot": len(missing_snapshot_loans(fund=fund, dates=dates)),
        "figures": figures,
        "period": period,
        "loans": drill,
        "watch": watch_list(
            fund=fund, as_of=as_of, overdue_impact_organisations=_overdue_impact_organisations(fund, today)
        ),
        "outstanding_chart": lines_svg(
            labels,
            [Series(_("Outstanding"), [p.outstanding for p in trend])],
            fmt=chart_number,
            title=_("Outstanding over time"),
            width=600,
            height=200,
            testid="chart-outstanding",
        ),
        "par_chart": lines_svg(
            labels,
            [
                Series("PAR30", [p.par30_ratio or Decimal(0) for p in trend]),
                Series("PAR90", [p.par90_ratio or Decimal(0) for p in trend]),
            ],
            fmt=lambda value: percent(value, 0),
            title="PAR30 / PAR90",
            width=600,
            height=200,
            testid="chart-par",
        ),
        "aging_chart": bars_svg(
            [Bar(b.label, b.balance, None, money(b.balance)) for b in figures.buckets],
            fmt=chart_number,
            title=_("Aging by bucket"),
            legend=_("Outstanding principal per aging bucket (€)"),
            width=600,
            testid="chart-aging",
        ),
        "drill_label": _drill_label(bucket, request.GET.get("par", "")),
    }
    return render(request, "portfolio/portfolio_dashboard.html", context)


@allow(*MANAGERS)
@require_POST
def portfolio_update_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Take the snapshots the dashboard's dates still miss (what the nightly job would take), then show it again."""
    fund = managed_fund(request, slug)
    today = timezone.localdate()
    as_of = min(date_from(request.POST.get("as_of"), today), today)
    taken = snapshots_take(fund=fund, dates=month_ends(as_of, 12))
    messages.success(request, _("Figures brought up to date (%(count)s loan snapshots taken).") % {"count": taken})
    return redirect(reverse("portfolio:portfolio_dashboard", args=[fund.slug]) + f"?as_of={as_of:%Y-%m-%d}")


def _drill_label(bucket: str, par: str) -> str:
    """The loans the table below the dashboard shows, in words ("31–60 days past due", "more than 30 days past due")."""
    if bucket == AgingBucket.CURRENT:
        return str(AgingBucket(bucket).label)
    if bucket in AgingBucket.values:
        return _("%(days)s past due") % {"days": AgingBucket(bucket).label}
    return {"par30": _("more than 30 days past due (PAR30)"), "par90": _("more than 90 days past due (PAR90)")}.get(
        par, ""
    )


TAPE_NUMBER_FORMATS = {"money": "#,##0.00", "percent": '0.00" %"', "date": "dd-mm-yyyy", "count": "0"}


@allow(*MANAGERS)
@require_GET
def loan_tape_xlsx(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The loan tape on a date as an XLSX workbook (one row per loan, the figures of the dashboard), read from the
    loans' snapshots of that date as they are: a loan without one is left out and counted on the "As of" sheet (the
    dashboard's "bring up to date" takes the missing snapshots). Writes nothing."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    fund = managed_fund(request, slug)
    today = timezone.localdate()
    as_of = min(date_from(request.GET.get("as_of"), today), today)
    without_snapshot = len(missing_snapshot_loans(fund=fund, dates=[as_of]))
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet), "a new workbook opens on one worksheet"
    sheet.title = f"{_('Loan tape')} {as_of:%Y-%m-%d}"[:31]
    # the columns of the investor report's loan tape, worst arrears first
    xlsx_append(sheet, [str(column.label) for column in LOAN_TAPE_COLUMNS])
    rows = sorted(loan_tape(fund=fund, as_of=as_of), key=lambda r: (-r.days_past_due, r.reference))
    for row in rows:
        xlsx_append(sheet, [getattr(row, column.field) for column in LOAN_TAPE_COLUMNS])  # formula-like text stays text
    for index, column in enumerate(LOAN_TAPE_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(str(column.label)) + 2)
        for cell in sheet[letter][1:]:
            cell.number_format = TAPE_NUMBER_FORMATS.get(column.kind, cell.number_format)
    about = workbook.create_sheet(_("As of")[:31])
    about.append(
        [_("Loan tape of %(fund)s as of %(day)s") % {"fund": fund.name, "day": date_format(as_of, "SHORT_DATE_FORMAT")}]
    )
    about.append([_("Read from the loans' snapshots of that day, as they were when this file was made.")])
    about.append(
        [
            ngettext(
                "%(count)s loan paid out by then has no snapshot of that day and is not on the tape; "
                "bring the portfolio dashboard up to date to include it.",
                "%(count)s loans paid out by then have no snapshot of that day and are not on the tape; "
                "bring the portfolio dashboard up to date to include them.",
                without_snapshot,
            )
            % {"count": without_snapshot}
            if without_snapshot
            else _("Every loan paid out by then is on the tape.")
        ]
    )
    about.column_dimensions["A"].width = 110
    workbook.properties.title = str(about["A1"].value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="loan-tape-{fund.slug}-{as_of}.xlsx"'
    return response
