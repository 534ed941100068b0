from django.urls import path

from fund import views

app_name = "fund"

urlpatterns = [
    path("funds/<slug:slug>/", views.fund_detail, name="fund_detail"),
    path("organisations/", views.organisation_index, name="organisation_list"),
    path("organisations/new/", views.organisation_create_view, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit_view, name="organisation_edit"),
    path("municipalities/<str:code>/", views.municipality_detail, name="municipality_detail"),
]
