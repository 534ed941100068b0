from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("reports/ic-memo/<int:pk>.pdf", views.ic_memo_pdf, name="ic_memo_pdf"),
    path("reports/", views.document_list, name="document_list"),
    path("reports/documents/<int:pk>.pdf", views.document_download, name="document_download"),
    path("reports/documents/<int:pk>.xlsx", views.document_tables, name="document_tables"),
    path("reports/runs/", views.run_list, name="run_list"),
    path("reports/schedules/", views.schedule_list, name="schedule_list"),
    path("reports/runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("reports/runs/<int:pk>/retry/", views.run_retry, name="run_retry"),
    path("reports/loans/<int:pk>/statement.pdf", views.loan_statement_pdf, name="loan_statement_pdf"),
]
