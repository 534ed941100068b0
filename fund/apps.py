from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class FundConfig(AppConfig):
    default = True
    name = "fund"
    verbose_name = "Funds"


class SifAdminConfig(admin_apps.AdminConfig):
    """The Django admin, with a site that asks the access module who may enter."""

    default = False
    default_site = "fund.admin_site.ScopedAdminSite"
