from django.urls import path

from impactmetrics.api import views

app_name = "impact_api"

urlpatterns = [
    path("metrics/", views.MetricListApi.as_view(), name="metric_list"),
    path("plans/", views.PlanListApi.as_view(), name="plan_list"),
    path("requests/", views.RequestListApi.as_view(), name="request_list"),
    path("requests/<int:pk>/submissions/", views.SubmissionListApi.as_view(), name="submission_list"),
    path("funds/<slug:slug>/aggregates/", views.FundAggregatesApi.as_view(), name="fund_aggregates"),
    path(
        "municipalities/<str:code>/aggregates/",
        views.MunicipalityAggregatesApi.as_view(),
        name="municipality_aggregates",
    ),
]
