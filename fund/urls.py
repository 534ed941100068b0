from django.urls import path

from fund import approval_views, capital_views, views

app_name = "fund"

urlpatterns = [
    path("funds/new/", views.fund_create_view, name="fund_create"),
    path("funds/<slug:slug>/", views.fund_detail, name="fund_detail"),
    path("funds/<slug:slug>/audit-events.csv", views.fund_audit_events_csv, name="fund_audit_events_csv"),
    path("organisations/", views.organisation_index, name="organisation_list"),
    path("organisations/new/", views.organisation_create_view, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit_view, name="organisation_edit"),
    path("municipalities/<str:code>/", views.municipality_detail, name="municipality_detail"),
]

urlpatterns += [
    path("funds/<slug:slug>/members/new/", capital_views.member_create, name="member_create"),
    path("funds/<slug:slug>/capital-calls/new/", capital_views.capital_call_create, name="capital_call_create"),
    path("members/<int:pk>/", capital_views.member_detail, name="member_detail"),
    path("members/<int:pk>/movements/", capital_views.capital_movement_create, name="capital_movement_create"),
    path(
        "capital-movements/<int:pk>/reverse/",
        capital_views.capital_movement_reverse_view,
        name="capital_movement_reverse",
    ),
]

urlpatterns += [
    path("funds/<slug:slug>/changes/", approval_views.change_list, name="change_list"),
    path("changes/<int:pk>/", approval_views.change_detail, name="change_detail"),
    path("changes/<int:pk>/approve/", approval_views.change_approve_view, name="change_approve"),
    path("changes/<int:pk>/reject/", approval_views.change_reject_view, name="change_reject"),
    path("changes/<int:pk>/withdraw/", approval_views.change_withdraw_view, name="change_withdraw"),
]
