from django.urls import path

from fund.api import views

app_name = "api"

urlpatterns = [
    path("schema/", views.SchemaApi.as_view(), name="schema"),
    path("funds/", views.FundListApi.as_view(), name="fund_list"),
    path("funds/<slug:slug>/capital-accounts/", views.CapitalAccountsApi.as_view(), name="capital_accounts"),
    path("organisations/", views.OrganisationListApi.as_view(), name="organisation_list"),
]
