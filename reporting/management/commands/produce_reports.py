"""Queue the reports of a fund for a quarter; with --wait, wait for the Celery workers and list what they produced."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fund.models import Fund
from fund.periods import Quarter
from reporting.choices import RunStatus
from reporting.definitions import DEFINITIONS
from reporting.models import ReportRun
from reporting.services import report_run_request


class Command(BaseCommand):
    help = (
        "Queue report runs: manage.py produce_reports --fund SLUG|all --period 2026Q3|last [--type investor] [--wait]"
    )

    def add_arguments(self, parser):
        parser.add_argument("--fund", required=True, help="the fund's short name, e.g. sif-rotterdam, or 'all'")
        parser.add_argument("--period", required=True, help="a quarter, e.g. 2026Q3, or 'last' (last completed)")
        parser.add_argument("--skip-existing", action="store_true", help="leave reports that were produced already")
        parser.add_argument(
            "--type", choices=sorted(DEFINITIONS), action="append", help="a report type, may be repeated (default: all)"
        )
        parser.add_argument("--language", default="nl", choices=["nl", "en"])
        parser.add_argument("--wait", action="store_true", help="wait until every document is produced")
        parser.add_argument("--timeout", type=int, default=900, help="seconds to wait at most (with --wait)")

    def handle(self, *args, **options):
        funds = Fund.objects.order_by("name")
        if options["fund"] != "all":
            funds = funds.filter(slug=options["fund"])
        if not funds:
            raise CommandError(f"--fund: no fund with short name “{options['fund']}”.")
        today = timezone.localdate()
        period = str(Quarter.last_completed(today)) if options["period"] == "last" else options["period"]
        runs = []
        for fund in funds:
            for report_type in options["type"] or sorted(DEFINITIONS):
                existing = ReportRun.objects.filter(fund=fund, report_type=report_type, period=period)
                if options["skip_existing"] and existing.exists():
                    continue
                try:
                    runs.append(
                        report_run_request(
                            fund=fund,
                            report_type=report_type,
                            period=period,
                            requested_by=None,
                            language=options["language"],
                        )
                    )
                except ValidationError as exc:
                    raise CommandError(
                        "; ".join(f"--{k.replace('_', '-')}: {' '.join(v)}" for k, v in exc.message_dict.items())
                    ) from exc
        for run in runs:
            self.stdout.write(f"queued run {run.pk}: {run}")
        if not options["wait"]:
            return
        deadline = time.monotonic() + options["timeout"]
        pending = {run.pk for run in runs}
        while pending:
            finished = set(
                ReportRun.objects.filter(pk__in=pending, status__in=[RunStatus.DONE, RunStatus.FAILED]).values_list(
                    "pk", flat=True
                )
            )
            pending -= finished
            if pending and time.monotonic() > deadline:
                raise CommandError(
                    f"Gave up waiting after {options['timeout']} s; is a Celery worker running "
                    "(queues default and reports)?"
                )
            if pending:
                time.sleep(0.5)
        self._summary(runs)

    def _summary(self, runs):
        total = {"documents": 0, "rendered": 0, "unchanged": 0, "failed": 0, "pages": 0, "bytes": 0}
        for run in ReportRun.objects.filter(pk__in=[r.pk for r in runs]).prefetch_related("documents__same_as"):
            for doc in run.documents.all():
                source = doc.source
                self.stdout.write(
                    f"{run.report_type:<13} {doc.recipient_label:<40} {doc.status:<9} v{doc.version} "
                    f"{source.pages:>3} pages {source.size:>8} bytes  {source.file.name or '-'}"
                    + (f"  ERROR {doc.error}" if doc.error else "")
                )
                total["documents"] += 1
                total["rendered" if doc.status == "done" else doc.status] = (
                    total.get("rendered" if doc.status == "done" else doc.status, 0) + 1
                )
                total["pages"] += source.pages if doc.status == "done" else 0
                total["bytes"] += source.size if doc.status == "done" else 0
        self.stdout.write(
            f"{total['documents']} documents: {total['rendered']} rendered ({total['pages']} pages, "
            f"{total['bytes']} bytes), {total['unchanged']} unchanged, {total['failed']} failed."
        )
        if total["failed"]:
            raise CommandError(f"{total['failed']} documents failed.")
