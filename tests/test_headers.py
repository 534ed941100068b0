"""Every page carries a strict Content-Security-Policy and a Permissions-Policy, and no template needs anything the
policy forbids (inline script, on*="" handlers, javascript: URLs, inline style). The browser tests check the same
from Chromium's console (tests/browser/conftest.py)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
APPS = ("fund", "impactmetrics", "portfolio", "reporting")


def _directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "manager"])
def test_pages_carry_a_strict_content_security_policy_and_a_permissions_policy(client, demo, role):
    if role != "anonymous":
        client.force_login(demo.manager)
    response = client.get(reverse("login") if role == "anonymous" else reverse("home"))
    assert response.status_code == 200
    assert _directives(response["Content-Security-Policy"]) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
    }
    features = dict(item.strip().split("=") for item in response["Permissions-Policy"].split(","))
    assert {"camera", "microphone", "geolocation", "payment", "usb"} <= features.keys()
    assert set(features.values()) == {"()"}  # each allowed to no origin


def test_the_health_check_carries_the_headers_too(client, db):
    response = client.get(reverse("healthz"))
    assert "Content-Security-Policy" in response and "Permissions-Policy" in response


def _web_templates():
    """Templates browsers render; the PDF templates (rendered by WeasyPrint, never served as HTML) are left out."""
    for folder in [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]:
        for path in folder.rglob("*.html"):
            text = path.read_text()
            if "/reports/" in str(path) or path.name == "pdf_base.html" or 'extends "reporting/pdf_base.html"' in text:
                continue
            yield path, text


FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "on* handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "inline style": re.compile(r"\sstyle\s*=|<style", re.I),
    "htmx inline handler": re.compile(r"\shx-on", re.I),
}


def test_no_web_template_needs_what_the_policy_forbids():
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path, text in _web_templates()
        for what, pattern in FORBIDDEN.items()
        if pattern.search(text)
    ]
    assert found == []
