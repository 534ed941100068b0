from django.urls import path

from impactmetrics import views

app_name = "impact"

urlpatterns = [
    path("", views.index, name="index"),
    path("metrics/", views.metric_catalog, name="metric_catalog"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/template.xlsx", views.request_template, name="request_template"),
    path("requests/<int:pk>/evidence/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
    path("funds/<slug:slug>/", views.fund_dashboard, name="fund_dashboard"),
    path("funds/<slug:slug>/metrics/<str:code>/", views.fund_metric_detail, name="fund_metric_detail"),
    path("investees/<int:pk>/", views.investee_dashboard, name="investee_dashboard"),
    path("investees/<int:pk>/sroi/", views.investee_sroi, name="investee_sroi"),
    path("investees/<int:pk>/sroi/new/", views.sroi_create, name="sroi_create"),
    path("investees/<int:pk>/people/", views.person_list, name="person_list"),
    path("investees/<int:pk>/people/<int:person_pk>/left/", views.person_end, name="person_end"),
    path("municipalities/<str:code>/", views.municipality_impact, name="municipality_impact"),
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:code>/", views.region_impact, name="region_impact"),
]
