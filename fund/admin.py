from django.contrib import admin

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
