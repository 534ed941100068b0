from django.urls import path

from fund.api import approvals, views

app_name = "api"

urlpatterns = [
    path("schema/", views.SchemaApi.as_view(), name="schema"),
    path("funds/", views.FundListApi.as_view(), name="fund_list"),
    path("funds/<slug:slug>/capital-accounts/", views.CapitalAccountsApi.as_view(), name="capital_accounts"),
    path("organisations/", views.OrganisationListApi.as_view(), name="organisation_list"),
    path("changes/", approvals.PendingChangeListApi.as_view(), name="change_list"),
    path("changes/<int:pk>/approve/", approvals.PendingChangeApproveApi.as_view(), name="change_approve"),
    path("changes/<int:pk>/reject/", approvals.PendingChangeRejectApi.as_view(), name="change_reject"),
    path("changes/<int:pk>/withdraw/", approvals.PendingChangeWithdrawApi.as_view(), name="change_withdraw"),
]
