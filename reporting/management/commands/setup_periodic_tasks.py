"""Create or update the product's periodic tasks in django-celery-beat from reporting.schedules (idempotent)."""

import json

from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from reporting.schedules import SCHEDULES


class Command(BaseCommand):
    help = "Write the periodic tasks (UTC crontabs) to the database scheduler; a paused task stays paused."

    @transaction.atomic
    def handle(self, *args, **options):
        for schedule in SCHEDULES:
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=schedule.minute,
                hour=schedule.hour,
                day_of_month=schedule.day_of_month,
                month_of_year=schedule.month_of_year,
                day_of_week=schedule.day_of_week,
                timezone="UTC",
            )
            task, created = PeriodicTask.objects.update_or_create(
                name=schedule.name,
                defaults={
                    "task": schedule.task,
                    "crontab": crontab,
                    "interval": None,
                    "description": schedule.description,
                    "kwargs": json.dumps(schedule.kwargs),
                },
            )
            state = "created" if created else ("updated" if task.enabled else "updated (paused)")
            self.stdout.write(f"{state:<17} {schedule.name}: {schedule.task} at {crontab}")
        stale = PeriodicTask.objects.exclude(name__in=[s.name for s in SCHEDULES]).exclude(task__startswith="celery.")
        for task in stale:
            self.stdout.write(f"not in the schedule list (left as it is): {task.name}")
