from django.urls import path

from portfolio import servicing_views as servicing
from portfolio import views

app_name = "portfolio"

urlpatterns = [
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_create_view, name="application_create"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit_view, name="application_edit"),
    path("applications/<int:pk>/co-financing/", views.co_financing_add_view, name="co_financing_add"),
    path("applications/<int:pk>/documents/", views.document_upload_view, name="document_upload"),
    path("applications/<int:pk>/submit/", views.application_submit_view, name="application_submit"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw_view, name="application_withdraw"),
    path("applications/<int:pk>/move/", views.application_move_view, name="application_move"),
    path("applications/<int:pk>/decline/", views.application_decline_view, name="application_decline"),
    path("applications/<int:pk>/eligibility/", views.eligibility_run_view, name="eligibility_run"),
    path("applications/<int:pk>/questions/", views.question_ask_view, name="question_ask"),
    path("applications/<int:pk>/assessment/", views.application_assess_view, name="application_assess"),
    path("applications/<int:pk>/memo/", views.ic_memo_view, name="ic_memo"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("questions/<int:pk>/answer/", views.question_answer_view, name="question_answer"),
    path("dd-items/<int:pk>/", views.dd_item_update_view, name="dd_item_update"),
    path("funds/<slug:slug>/pipeline/", views.pipeline_board_view, name="pipeline_board"),
    path("funds/<slug:slug>/funnel/", views.funnel_view, name="funnel"),
    path("ic/", views.ic_meeting_list, name="ic_meeting_list"),
    path("ic/meetings/<int:pk>/", views.ic_meeting_detail, name="ic_meeting_detail"),
    path("ic/meetings/<int:pk>/agenda/", views.agenda_item_add_view, name="agenda_item_add"),
    path("ic/items/<int:pk>/conflict/", views.conflict_declare_view, name="conflict_declare"),
    path("ic/items/<int:pk>/vote/", views.vote_cast_view, name="vote_cast"),
    path("ic/items/<int:pk>/decision/", views.decision_record_view, name="decision_record"),
    path("loans/<int:pk>/", views.loan_detail, name="loan_detail"),
    path("loans/", servicing.loan_list, name="loan_list"),
    path("loans/<int:pk>/tranches/", servicing.tranche_request_view, name="tranche_request"),
    path("loans/<int:pk>/repayments/", servicing.repayment_post_view, name="repayment_post"),
    path("tranches/<int:pk>/approve/", servicing.tranche_approve_view, name="tranche_approve"),
    path("tranches/<int:pk>/confirm/", servicing.tranche_confirm_view, name="tranche_confirm"),
    path("funds/<slug:slug>/portfolio/", servicing.portfolio_dashboard, name="portfolio_dashboard"),
    path("funds/<slug:slug>/portfolio/loan-tape.xlsx", servicing.loan_tape_xlsx, name="loan_tape_xlsx"),
    path("funds/<slug:slug>/bank/", servicing.bank_statements, name="bank_statements"),
    path("bank-lines/<int:pk>/assign/", servicing.bank_line_assign_view, name="bank_line_assign"),
]
