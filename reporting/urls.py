from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("reports/ic-memo/<int:pk>.pdf", views.ic_memo_pdf, name="ic_memo_pdf"),
]
