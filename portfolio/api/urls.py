from django.urls import path

from portfolio.api import views

app_name = "portfolio_api"

urlpatterns = [
    path("applications/", views.ApplicationListApi.as_view(), name="application_list"),
    path("applications/<int:pk>/", views.ApplicationDetailApi.as_view(), name="application_detail"),
    path("ic-decisions/", views.ICDecisionListApi.as_view(), name="ic_decision_list"),
    path("ic/items/<int:pk>/votes/", views.VoteCastApi.as_view(), name="vote_cast"),
    path("funds/<slug:slug>/funnel/", views.FunnelApi.as_view(), name="funnel"),
]
