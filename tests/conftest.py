"""Shared fixtures: the demo data set (seeded once per test session) and its users, one per role."""

from django.conf import settings


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    where = db.get("NAME") if "sqlite" in db["ENGINE"] else f"{db.get('HOST')}:{db.get('PORT')}/{db.get('NAME')}"
    return [f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {where}", f"redis: {settings.REDIS_URL}"]
