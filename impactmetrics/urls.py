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
    path("municipalities/<str:code>/", views.municipality_impact, name="municipality_impact"),
]
