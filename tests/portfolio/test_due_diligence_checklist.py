"""The due-diligence checklist is one form: what the manager changes in several lines is saved with one click."""

import pytest
from django.urls import reverse

from fund.models import AuditEvent
from portfolio.choices import ApplicationStatus
from tests import factories

pytestmark = pytest.mark.django_db
CHECKLIST = (
    "KvK-uittreksel en UBO-register gecontroleerd",
    "Jaarrekeningen geanalyseerd",
    "Kasstroomprognose doorgerekend met stresstest",
    "Gesprek met het management",
    "Impactthese en indicatoren afgesproken",
    "Positie van bank en Qredits bevestigd",
)


@pytest.fixture
def manager(db):
    fund = factories.fund()
    factories.due_diligence_checklist(fund, CHECKLIST)
    return factories.user("fund_manager", fund=fund)


@pytest.fixture
def application(manager):
    """An application in due diligence, with the fund's six checklist lines open."""
    organisation = factories.organisation(legal_name="Buurtkeuken Delfshaven B.V.")
    return factories.application(
        fund=manager.roles.get().fund,
        organisation=organisation,
        applicant=factories.user("investee", organisation=organisation),
        manager=manager,
        status=ApplicationStatus.DUE_DILIGENCE,
    )


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """These pages are read in English here; the Dutch wording is checked by the translation tests."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _checklist_as_posted(application) -> dict[str, str]:
    """What the page's checklist form submits when nothing is touched: every line as it is stored."""
    data = {}
    for item in application.dd_items.all():
        data |= {
            f"dd-{item.pk}-status": item.status,
            f"dd-{item.pk}-owner": str(item.owner_id or ""),
            f"dd-{item.pk}-note": item.note,
            f"dd-{item.pk}-evidence": str(item.evidence_id or ""),
        }
    return data


def test_editing_three_rows_and_saving_once_stores_all_three(client, manager, application):
    first, second, third, *rest = list(application.dd_items.all())
    assert len(rest) == 3  # the fund's checklist has six lines
    document = application.documents.get()
    client.force_login(manager)
    page = client.get(reverse("portfolio:application_detail", args=[application.pk])).content.decode()
    assert page.count('data-testid="dd-form"') == 1 and page.count('data-testid="dd-save"') == 1

    data = _checklist_as_posted(application) | {
        f"dd-{first.pk}-status": "done",
        f"dd-{first.pk}-owner": str(manager.pk),
        f"dd-{first.pk}-evidence": str(document.pk),
        f"dd-{second.pk}-status": "in_progress",
        f"dd-{second.pk}-note": "Jaarrekening 2025 opgevraagd",
        f"dd-{third.pk}-status": "not_applicable",
        f"dd-{third.pk}-note": "Geen vastgoed",
    }
    response = client.post(reverse("portfolio:dd_checklist_update", args=[application.pk]), data)
    assert response.status_code == 302 and response["Location"].endswith("#due-diligence")

    stored = {i.pk: (i.status, i.owner_id, i.note, i.evidence_id) for i in application.dd_items.all()}
    assert stored[first.pk] == ("done", manager.pk, "", document.pk)
    assert stored[second.pk] == ("in_progress", None, "Jaarrekening 2025 opgevraagd", None)
    assert stored[third.pk] == ("not_applicable", None, "Geen vastgoed", None)
    assert all(stored[item.pk] == ("open", None, "", None) for item in rest)
    # One audit entry for the one save: first line status, owner, evidence (3); second and third status, note (2 + 2).
    event = AuditEvent.objects.filter(action="application.dd_item_updated", object_id=str(application.pk)).get()
    assert len(event.changes) == 7
    assert event.changes[f"{second.title} · note"] == ["", "Jaarrekening 2025 opgevraagd"]


def test_a_refused_line_saves_no_line_and_the_page_keeps_what_was_typed_in_every_line(client, manager, application):
    first, second, third, *_rest = list(application.dd_items.all())
    client.force_login(manager)
    data = _checklist_as_posted(application) | {
        f"dd-{first.pk}-status": "done",
        f"dd-{first.pk}-note": "Gesprek gevoerd met de accountant",
        f"dd-{second.pk}-status": "not_applicable",  # without saying why: refused
        f"dd-{third.pk}-status": "in_progress",
    }
    response = client.post(reverse("portfolio:dd_checklist_update", args=[application.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved: correct the lines marked below." in html
    assert "Note: Say why this item does not apply." in html
    assert 'value="Gesprek gevoerd met de accountant"' in html  # the first line's note is still there to save
    assert html.count('data-testid="dd-errors"') == 1
    assert set(application.dd_items.values_list("status", flat=True)) == {"open"}
