from django.urls import path

from portfolio.api import servicing, views

app_name = "portfolio_api"

urlpatterns = [
    path("applications/", views.ApplicationListApi.as_view(), name="application_list"),
    path("applications/<int:pk>/", views.ApplicationDetailApi.as_view(), name="application_detail"),
    path("ic-decisions/", views.ICDecisionListApi.as_view(), name="ic_decision_list"),
    path("ic/items/<int:pk>/votes/", views.VoteCastApi.as_view(), name="vote_cast"),
    path("funds/<slug:slug>/funnel/", views.FunnelApi.as_view(), name="funnel"),
    path("loans/", servicing.LoanListApi.as_view(), name="loan_list"),
    path("loans/<int:pk>/", servicing.LoanDetailApi.as_view(), name="loan_detail"),
    path("loans/<int:pk>/schedule/", servicing.LoanScheduleApi.as_view(), name="loan_schedule"),
    path("loans/<int:pk>/ledger/", servicing.LoanLedgerApi.as_view(), name="loan_ledger"),
    path(
        "funds/<slug:slug>/bank-statements/", servicing.BankStatementUploadApi.as_view(), name="bank_statement_upload"
    ),
]
