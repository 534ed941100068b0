from django.urls import path

from impactmetrics.views import dashboards, home, outcomes, portal, regions, sroi

app_name = "impact"

urlpatterns = [
    path("", home.index, name="index"),
    path("metrics/", home.metric_catalog, name="metric_catalog"),
    path("requests/<int:pk>/", portal.request_detail, name="request_detail"),
    path("requests/<int:pk>/template.xlsx", portal.request_template, name="request_template"),
    path("requests/<int:pk>/evidence/<int:evidence_pk>/", portal.evidence_download, name="evidence_download"),
    path("funds/<slug:slug>/", dashboards.fund_dashboard, name="fund_dashboard"),
    path("funds/<slug:slug>/metrics/<str:code>/", dashboards.fund_metric_detail, name="fund_metric_detail"),
    path("investees/<int:pk>/", dashboards.investee_dashboard, name="investee_dashboard"),
    path("investees/<int:pk>/sroi/", sroi.investee_sroi, name="investee_sroi"),
    path("investees/<int:pk>/sroi/new/", sroi.sroi_create, name="sroi_create"),
    path("investees/<int:pk>/people/", outcomes.person_list, name="person_list"),
    path("investees/<int:pk>/people/<int:person_pk>/left/", outcomes.person_end, name="person_end"),
    path("municipalities/<str:code>/", dashboards.municipality_impact, name="municipality_impact"),
    path("contracts/", outcomes.contract_list, name="contract_list"),
    path("contracts/<int:pk>/", outcomes.contract_detail, name="contract_detail"),
    path("regions/", regions.region_list, name="region_list"),
    path("regions/<str:code>/", regions.region_impact, name="region_impact"),
]
