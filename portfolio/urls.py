from django.urls import path

from portfolio.views import (
    applications,
    bank,
    books,
    books_close,
    committee,
    dashboards,
    distributions,
    fund_settings,
    loans,
    municipality,
    pipeline,
)
from portfolio.views import loan_changes as changes

app_name = "portfolio"

urlpatterns = [
    path("applications/", applications.application_list, name="application_list"),
    path("applications/new/", applications.application_create_view, name="application_create"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applications.application_edit_view, name="application_edit"),
    path("applications/<int:pk>/co-financing/", applications.co_financing_add_view, name="co_financing_add"),
    path("applications/<int:pk>/documents/", applications.document_upload_view, name="document_upload"),
    path("applications/<int:pk>/submit/", applications.application_submit_view, name="application_submit"),
    path("applications/<int:pk>/withdraw/", applications.application_withdraw_view, name="application_withdraw"),
    path("applications/<int:pk>/move/", pipeline.application_move_view, name="application_move"),
    path("applications/<int:pk>/decline/", pipeline.application_decline_view, name="application_decline"),
    path("applications/<int:pk>/eligibility/", pipeline.eligibility_run_view, name="eligibility_run"),
    path("applications/<int:pk>/questions/", pipeline.question_ask_view, name="question_ask"),
    path("applications/<int:pk>/assessment/", pipeline.application_assess_view, name="application_assess"),
    path("applications/<int:pk>/due-diligence/", pipeline.dd_checklist_update_view, name="dd_checklist_update"),
    path("applications/<int:pk>/memo/", committee.ic_memo_view, name="ic_memo"),
    path("documents/<int:pk>/", applications.document_download, name="document_download"),
    path("questions/<int:pk>/answer/", applications.question_answer_view, name="question_answer"),
    path("funds/<slug:slug>/pipeline/", pipeline.pipeline_board_view, name="pipeline_board"),
    path("funds/<slug:slug>/funnel/", pipeline.funnel_view, name="funnel"),
    path("ic/", committee.ic_meeting_list, name="ic_meeting_list"),
    path("ic/meetings/<int:pk>/", committee.ic_meeting_detail, name="ic_meeting_detail"),
    path("ic/meetings/<int:pk>/agenda/", committee.agenda_item_add_view, name="agenda_item_add"),
    path("ic/items/<int:pk>/conflict/", committee.conflict_declare_view, name="conflict_declare"),
    path("ic/items/<int:pk>/vote/", committee.vote_cast_view, name="vote_cast"),
    path("ic/items/<int:pk>/decision/", committee.decision_record_view, name="decision_record"),
    path("loans/<int:pk>/", loans.loan_detail, name="loan_detail"),
    path(
        "municipalities/<str:code>/overview/",
        municipality.municipality_overview,
        name="municipality_overview",
    ),
    path("loans/", loans.loan_list, name="loan_list"),
    path("loans/<int:pk>/tranches/", loans.tranche_request_view, name="tranche_request"),
    path("loans/<int:pk>/repayments/", loans.repayment_post_view, name="repayment_post"),
    path("tranches/<int:pk>/approve/", loans.tranche_approve_view, name="tranche_approve"),
    path("tranches/<int:pk>/confirm/", loans.tranche_confirm_view, name="tranche_confirm"),
    path("funds/<slug:slug>/portfolio/", dashboards.portfolio_dashboard, name="portfolio_dashboard"),
    path("funds/<slug:slug>/portfolio/update/", dashboards.portfolio_update_view, name="portfolio_update"),
    path("funds/<slug:slug>/portfolio/loan-tape.xlsx", dashboards.loan_tape_xlsx, name="loan_tape_xlsx"),
    path("funds/<slug:slug>/bank/", bank.bank_statements, name="bank_statements"),
    path("funds/<slug:slug>/books/", books.books, name="books"),
    path("funds/<slug:slug>/books/post/", books.books_post_view, name="books_post"),
    path("funds/<slug:slug>/books/manual-entry/", books.manual_entry_request_view, name="manual_entry_request"),
    path("funds/<slug:slug>/books/accounts/", books.chart_of_accounts_view, name="chart_of_accounts"),
    path("funds/<slug:slug>/books/reconciliation/", books.books_reconciliation, name="books_reconciliation"),
    path("funds/<slug:slug>/books/export/", books.books_export, name="books_export_download"),
    path("funds/<slug:slug>/books/close/", books_close.books_close, name="books_close"),
    path("funds/<slug:slug>/books/close/period-end/", books_close.books_period_end_view, name="books_period_end"),
    path("funds/<slug:slug>/books/close/close/", books_close.books_period_close_view, name="books_period_close"),
    path(
        "funds/<slug:slug>/books/close/<int:pk>/reopen/",
        books_close.books_period_reopen_view,
        name="books_period_reopen",
    ),
    path(
        "funds/<slug:slug>/books/provision-rates/",
        books_close.provision_rates_request_view,
        name="provision_rates_request",
    ),
    path(
        "funds/<slug:slug>/books/provision-override/",
        books_close.provision_override_request_view,
        name="provision_override_request",
    ),
    path("bank-lines/<int:pk>/assign/", bank.bank_line_assign_view, name="bank_line_assign"),
    path("bank-lines/<int:pk>/split/", bank.bank_line_split_view, name="bank_line_split"),
    path("bank-lines/<int:pk>/park/", bank.bank_line_park_view, name="bank_line_park"),
    path("bank-lines/<int:pk>/ignore/", bank.bank_line_ignore_view, name="bank_line_ignore"),
    path("loans/<int:pk>/contract/", changes.contract_sign_view, name="contract_sign"),
    path("conditions/<int:pk>/meet/", changes.condition_meet_view, name="condition_meet"),
    path("conditions/<int:pk>/waiver/", changes.condition_waiver_request_view, name="condition_waiver_request"),
    path("condition-waivers/<int:pk>/approve/", changes.condition_waiver_approve_view, name="condition_waiver_approve"),
    path("condition-waivers/<int:pk>/reject/", changes.condition_waiver_reject_view, name="condition_waiver_reject"),
    path("tranches/<int:pk>/payment-file/", changes.tranche_payment_file_view, name="tranche_payment_file"),
    path("funds/<slug:slug>/direct-debits/", changes.direct_debit_file_view, name="direct_debit_file"),
    path("loans/<int:pk>/payoff/", changes.loan_payoff_view, name="loan_payoff"),
    path("loans/<int:pk>/restructurings/", changes.restructuring_request_view, name="restructuring_request"),
    path("restructurings/<int:pk>/approve/", changes.restructuring_approve_view, name="restructuring_approve"),
    path("loans/<int:pk>/write-off/", changes.loan_write_off_view, name="loan_write_off"),
    path("loans/<int:pk>/waivers/", changes.interest_waive_view, name="interest_waive"),
    path("impact-targets/<int:pk>/confirm/", changes.impact_step_down_view, name="impact_step_down"),
]

# a fund's settings and a loan's payee IBAN: changed four-eyes (fund.approval_views decides on them)
urlpatterns += [
    path("funds/<slug:slug>/settings/", fund_settings.fund_settings_view, name="fund_settings"),
    # distributions to members: the payout file is made when a second manager approves it
    path("funds/<slug:slug>/distributions/", distributions.distribution_list, name="distributions"),
    path(
        "funds/<slug:slug>/distributions/<int:number>/payout/",
        distributions.distribution_payout_request_view,
        name="distribution_payout_request",
    ),
    path(
        "funds/<slug:slug>/distributions/<int:number>/payout.xml",
        distributions.distribution_payout_file,
        name="distribution_payout_file",
    ),
    path(
        "funds/<slug:slug>/settings/bank-account/",
        fund_settings.fund_bank_account_change_view,
        name="fund_bank_account_change",
    ),
    path(
        "funds/<slug:slug>/settings/quorum/", fund_settings.committee_rules_change_view, name="committee_rules_change"
    ),
    path(
        "funds/<slug:slug>/settings/manual-payments/",
        fund_settings.manual_payment_threshold_change_view,
        name="manual_payment_threshold_change",
    ),
    path("loans/<int:pk>/payee-iban/", fund_settings.payee_iban_change_view, name="payee_iban_change"),
    path("funds/<slug:slug>/settings/checklist/new/", fund_settings.dd_template_item_view, name="dd_template_item_add"),
    path(
        "funds/<slug:slug>/settings/checklist/<int:pk>/",
        fund_settings.dd_template_item_view,
        name="dd_template_item_edit",
    ),
    path(
        "funds/<slug:slug>/settings/criteria/new/", fund_settings.scoring_criterion_view, name="scoring_criterion_add"
    ),
    path(
        "funds/<slug:slug>/settings/criteria/<int:pk>/",
        fund_settings.scoring_criterion_view,
        name="scoring_criterion_edit",
    ),
]
