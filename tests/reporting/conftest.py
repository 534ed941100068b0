import os
import subprocess
import sys
import time

import pytest
from django.db import connection


def pdf_text(path) -> str:
    """The text a reader can copy out of the PDF (poppler's pdftotext)."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


class Worker:
    """A real Celery worker process on the test database and Redis."""

    def __init__(self, visibility_timeout: int = 3600):
        db = connection.settings_dict
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "CELERY_UNACKED_RESTORE_THROTTLE": "1",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-P",
                "solo",
                "-Q",
                "default,reports",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"test-{time.monotonic_ns()}@%h",
                "-l",
                "warning",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker_factory():
    workers = []

    from config.celery import app

    app.control.purge()  # tasks other tests queued without a worker are not this test's business

    def start(**kwargs) -> Worker:
        worker = Worker(**kwargs)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    app.control.purge()
