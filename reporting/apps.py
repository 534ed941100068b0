from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:

        from fund.access import register_scope
        from fund.audit import register_action_labels
        from reporting.choices import AuditAction
        from reporting.models import ReportDocument, ReportRun
        from reporting.scopes import scope_report_documents, scope_report_runs

        register_scope(ReportRun, scope_report_runs)
        register_scope(ReportDocument, scope_report_documents)
        register_action_labels(dict(AuditAction.choices))
