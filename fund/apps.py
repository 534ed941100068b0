from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class FundConfig(AppConfig):
    default = True
    name = "fund"
    verbose_name = "Funds"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from fund.audit import register_action_labels, register_change_choices, register_change_labels
        from fund.choices import AccountAction, AuditAction, CapitalMovementKind, Theme

        register_action_labels(dict(AuditAction.choices))
        register_action_labels(dict(AccountAction.choices))
        register_change_labels(dict(CapitalMovementKind.choices) | {"capital_call": _("Capital call")})
        register_change_choices({"themes": Theme})
        # Keys many services record that are not always a field of the object the history belongs to.
        register_change_labels({"reason": _("reason"), "note": _("note"), "themes": _("themes")})
        # Their login signal handlers decide a new session's second step and start its idle clock.
        import fund.sessions
        import fund.two_factor  # noqa: F401

        register_change_labels({"change": _("change")})

        from fund.services.approvals import approval_kind_register
        from fund.services.organisations import ORGANISATION_IBAN_KIND, organisation_iban_apply

        approval_kind_register(ORGANISATION_IBAN_KIND, label=_("Organisation's IBAN"), apply=organisation_iban_apply)


class SifAdminConfig(admin_apps.AdminConfig):
    """The Django admin, with a site that asks the access module who may enter."""

    default = False
    default_site = "fund.admin_site.ScopedAdminSite"
