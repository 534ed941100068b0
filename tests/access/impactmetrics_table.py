"""URL access rows for the impactmetrics app (see test_url_walk).

An investee never sees another investee's requests, submissions, dashboard or SROI (404); a municipality officer
reads only its own municipality's impact page and aggregates (another municipality is a 404) and never the fund
dashboards or any investee's rows (403)."""

import datetime

from tests.access.roles import expect

BUURTKEUKEN = "Buurtkeuken Delfshaven B.V."  # investee@'s own, SIF Rotterdam
SPAARNE = "Spaarne Werkt B.V."  # another investee's, SIF ZKIJ


def request_of(legal_name: str):
    def kwargs() -> dict:
        from impactmetrics.models import DataRequest

        request = DataRequest.objects.get(
            plan__organisation__legal_name=legal_name, period_end=datetime.date(2026, 9, 30)
        )
        return {"pk": request.pk}

    return kwargs


def org(legal_name: str):
    def kwargs() -> dict:
        from fund.models import Organisation

        return {"pk": Organisation.objects.get(legal_name=legal_name).pk}

    return kwargs


def person_of(reference: str):
    def kwargs() -> dict:
        from impactmetrics.models import PersonRecord

        person = PersonRecord.objects.get(reference=reference)
        return {"pk": person.organisation_id, "person_pk": person.pk}

    return kwargs


def contract(name: str):
    def kwargs() -> dict:
        from impactmetrics.models import OutcomeContract

        return {"pk": OutcomeContract.objects.get(name=name).pk}

    return kwargs


PORTAL_OWN = expect(403, admin=200, manager=200, investee=200)
PORTAL_OTHER = expect(403, admin=200, manager=200, investee=404)
FUND_ROTTERDAM = expect(200, investee=403, haarlem=403, rotterdam=403)
FUND_ZKIJ = expect(200, investee=403, haarlem=403, rotterdam=403, ic=404, coinvestor=404)
MANAGERS = expect(403, admin=200, manager=200)
HAARLEM = expect(403, admin=200, manager=200, haarlem=200, rotterdam=404)
ROTTERDAM = expect(403, admin=200, manager=200, rotterdam=200, haarlem=404)

TABLE = [
    ("impact:index", {}, expect(200)),
    ("impact:metric_catalog", {}, expect(200)),
    ("impact:request_detail", request_of(BUURTKEUKEN), PORTAL_OWN),
    ("impact:request_detail", request_of(SPAARNE), PORTAL_OTHER),
    ("impact:request_template", request_of(BUURTKEUKEN), PORTAL_OWN),
    ("impact:request_template", request_of(SPAARNE), PORTAL_OTHER),
    ("impact:fund_dashboard", {"slug": "sif-rotterdam"}, FUND_ROTTERDAM),
    ("impact:fund_dashboard", {"slug": "sif-zkij"}, FUND_ZKIJ),
    ("impact:fund_metric_detail", {"slug": "sif-rotterdam", "code": "OD9151"}, MANAGERS),
    ("impact:investee_dashboard", org(BUURTKEUKEN), PORTAL_OWN),
    ("impact:investee_dashboard", org(SPAARNE), PORTAL_OTHER),
    ("impact:investee_sroi", org(BUURTKEUKEN), PORTAL_OWN),
    ("impact:investee_sroi", org(SPAARNE), expect(403, admin=404, manager=404, investee=404)),
    ("impact:municipality_impact", {"code": "GM0392"}, HAARLEM),
    ("impact:municipality_impact", {"code": "GM0599"}, ROTTERDAM),
    # Person records: the investee (or a fund manager on its behalf); never another investee's (404).
    ("impact:person_list", org(BUURTKEUKEN), PORTAL_OWN),
    ("impact:person_list", org(SPAARNE), PORTAL_OTHER),
    ("impact:person_end", person_of("BK-01"), PORTAL_OWN),
    ("impact:person_end", person_of("SW-1"), PORTAL_OTHER),
    # Fund managers only: SROI analyses, outcome claims, labour-market regions.
    ("impact:sroi_create", org(BUURTKEUKEN), MANAGERS),
    ("impact:sroi_create", org(SPAARNE), MANAGERS),
    ("impact:contract_list", {}, MANAGERS),
    ("impact:contract_detail", contract("Prestatiecontract Werk Rotterdam"), MANAGERS),
    ("impact:region_list", {}, MANAGERS),
    ("impact:region_impact", {"code": "AM22"}, MANAGERS),
    ("impact:region_impact", {"code": "AM37"}, MANAGERS),
    ("impact:region_impact", {"code": "AM99"}, expect(403, admin=404, manager=404)),
    ("impact_api:metric_list", {}, expect(200)),
    ("impact_api:plan_list", {}, PORTAL_OWN),
    ("impact_api:request_list", {}, PORTAL_OWN),
    ("impact_api:submission_list", request_of(BUURTKEUKEN), PORTAL_OWN),
    ("impact_api:submission_list", request_of(SPAARNE), PORTAL_OTHER),
    ("impact_api:fund_aggregates", {"slug": "sif-rotterdam"}, FUND_ROTTERDAM),
    ("impact_api:fund_aggregates", {"slug": "sif-zkij"}, FUND_ZKIJ),
    ("impact_api:municipality_aggregates", {"code": "GM0392"}, HAARLEM),
    ("impact_api:municipality_aggregates", {"code": "GM0599"}, ROTTERDAM),
]
# Evidence downloads need a stored file; tests/impactmetrics/test_views.py walks them for every role.
NOT_WALKED = {"impact:evidence_download"}
