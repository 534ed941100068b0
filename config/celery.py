"""The Celery application: every background and periodic job runs through it."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.demo")

app = Celery("sifportfolio")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
