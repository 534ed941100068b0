"""The back-office admin, scoped by the access module like every other page."""

from django.contrib import admin
from django.db import models

from fund import access
from fund.fields import LocalizedDecimalField


class ScopedAdminSite(admin.AdminSite):
    site_header = "SIF back-office"
    site_title = "SIF back-office"

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and (access.is_admin(user) or access.managed_fund_ids(user)))


class ScopedModelAdmin(admin.ModelAdmin):
    """Rows come from access.scope; fund managers only read; nothing is deleted here.

    Domain data is changed through the app's pages, which call the services (validation, audit log); the admin
    changes only what has no service of its own (`admin_editable = True`: users and their roles), and only for admins.
    """

    admin_editable = False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if type(db_field) is models.DecimalField:  # not a MoneyField, which has a form field of its own
            kwargs.setdefault("form_class", LocalizedDecimalField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return access.scope(request.user, super().get_queryset(request))

    def has_module_permission(self, request) -> bool:
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request) -> bool:
        return self.admin_editable and access.is_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.admin_editable and access.is_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyModelAdmin(ScopedModelAdmin):
    """For append-only records (audit log, ledgers): never editable in the admin, whatever changes elsewhere."""

    admin_editable = False
