"""The Celery application: every background and periodic job runs through it."""

from celery import Celery

from .environment import settings_module_required

settings_module_required()  # a worker or beat never starts on settings nobody chose

app = Celery("sifportfolio")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
