from django.contrib import admin
from django.db import transaction
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from fund import access
from fund.admin_site import ReadOnlyModelAdmin, ScopedModelAdmin
from fund.models import (
    AuditEvent,
    CapitalCall,
    CapitalMovement,
    Fund,
    ImpactLabel,
    LabourMarketRegion,
    Member,
    Municipality,
    Organisation,
    PendingChange,
    RoleAssignment,
    User,
)
from fund.services.accounts import device_state, two_factor_device_change_record, two_factor_device_delete
from fund.services.users import user_change_record, user_state


@admin.register(Fund)
class FundAdmin(ScopedModelAdmin):
    list_display = ("name", "slug", "inception_date", "target_size")
    filter_horizontal = ("region",)


@admin.register(Organisation)
class OrganisationAdmin(ScopedModelAdmin):
    list_display = ("legal_name", "trade_name", "kvk_number", "municipality", "is_investee")
    search_fields = ("legal_name", "trade_name", "kvk_number", "postcode")
    list_filter = ("is_investee", "legal_form")
    # the IBAN changes on the organisation's page, four-eyes (fund.organisation_iban), never here
    readonly_fields = ("municipality", "iban")


@admin.register(ImpactLabel)
class ImpactLabelAdmin(ScopedModelAdmin):
    list_display = ("organisation", "kind", "level", "valid_from", "valid_to")
    list_filter = ("kind",)


@admin.register(Member)
class MemberAdmin(ScopedModelAdmin):
    list_display = ("organisation", "fund", "kind", "admission_date")
    list_filter = ("fund", "kind")


@admin.register(CapitalCall)
class CapitalCallAdmin(ReadOnlyModelAdmin):
    list_display = ("fund", "number", "call_date", "due_date", "percent")


@admin.register(CapitalMovement)
class CapitalMovementAdmin(ReadOnlyModelAdmin):
    list_display = ("member", "kind", "value_date", "amount", "reverses")
    list_filter = ("kind",)


@admin.register(Municipality)
class MunicipalityAdmin(ScopedModelAdmin):
    list_display = ("code", "name", "province_name", "labour_market_region", "valid_from", "valid_to")
    search_fields = ("code", "name")


@admin.register(LabourMarketRegion)
class LabourMarketRegionAdmin(ScopedModelAdmin):
    list_display = ("code", "name")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyModelAdmin):
    list_display = ("at", "actor", "action", "object_repr")
    list_filter = ("action",)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ("organisation", "member", "municipality")


@admin.register(User)
class UserAdmin(ScopedModelAdmin):
    admin_editable = True
    list_display = ("email", "full_name", "is_active", "is_staff")
    search_fields = ("email", "full_name")
    exclude = ("password", "groups", "user_permissions", "last_login")
    inlines = [RoleAssignmentInline]

    # The admin saves the user, then its role assignments (save_related), in one transaction: the state before is
    # read first, the audit event written once both are saved.
    def save_model(self, request, obj, form, change) -> None:
        request._sif_user_before = user_state(User.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        user_change_record(actor=request.user, user=form.instance, before=request._sif_user_before)


@admin.register(PendingChange)
class PendingChangeAdmin(ReadOnlyModelAdmin):
    """Four-eyes changes are read here only: they are approved, rejected or withdrawn on their app page."""

    list_display = ("kind", "fund", "state", "requested_by", "requested_at", "decided_by", "decided_at")
    list_filter = ("state", "kind", "fund")


class AuditedDeviceAdmin(admin.ModelAdmin):
    """django-otp's pages for a user's second-factor devices (how an administrator resets a lost phone), for
    administrators only: a fund manager cannot open them. Every change and removal is an audit event on the user.
    Devices are not added here (the user enrols on their own, so nobody else learns their secret), nor moved to
    another user."""

    def _administrator(self, request) -> bool:
        return self.admin_site.has_permission(request) and access.is_admin(request.user)

    def has_module_permission(self, request) -> bool:
        return self._administrator(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._administrator(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._administrator(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._administrator(request)

    def has_add_permission(self, request) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "user")

    def save_model(self, request, obj, form, change) -> None:
        with transaction.atomic():
            before = device_state(type(obj).objects.get(pk=obj.pk))
            super().save_model(request, obj, form, change)
            two_factor_device_change_record(actor=request.user, device=obj, before=before)

    def delete_model(self, request, obj) -> None:
        two_factor_device_delete(actor=request.user, device=obj)

    def delete_queryset(self, request, queryset) -> None:
        with transaction.atomic():
            for device in queryset.select_related("user"):
                two_factor_device_delete(actor=request.user, device=device)


class AuditedTOTPDeviceAdmin(AuditedDeviceAdmin, TOTPDeviceAdmin):
    pass


class AuditedStaticDeviceAdmin(AuditedDeviceAdmin, StaticDeviceAdmin):
    pass


# django-otp registers its own device admins first (its apps come before this one in INSTALLED_APPS)
for _model, _device_admin in ((TOTPDevice, AuditedTOTPDeviceAdmin), (StaticDevice, AuditedStaticDeviceAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _device_admin)
