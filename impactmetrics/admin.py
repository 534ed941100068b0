from django.contrib import admin

from fund.admin_site import ReadOnlyModelAdmin, ScopedModelAdmin
from impactmetrics.models import (
    BenefitNorm,
    DataRequest,
    ImpactPlan,
    Metric,
    MetricTheme,
    OutcomeContract,
    OutcomeRate,
    PersonRecord,
    PlanMetric,
    ReportingPeriod,
    SubmissionVersion,
)


class MetricThemeInline(admin.TabularInline):
    model = MetricTheme
    extra = 0


@admin.register(Metric)
class MetricAdmin(ScopedModelAdmin):
    list_display = ("code", "name", "name_nl", "kind", "data_type", "iris_id", "is_active")
    list_filter = ("kind", "data_type", "source", "is_active")
    search_fields = ("code", "name", "name_nl", "iris_id")
    inlines = [MetricThemeInline]


class PlanMetricInline(admin.TabularInline):
    model = PlanMetric
    extra = 0


@admin.register(ImpactPlan)
class ImpactPlanAdmin(ScopedModelAdmin):
    list_display = ("organisation", "fund", "frequency", "municipality", "start_date")
    list_filter = ("fund", "frequency")
    inlines = [PlanMetricInline]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ScopedModelAdmin):
    list_display = ("fund", "start", "end", "due_date")
    list_filter = ("fund",)


@admin.register(DataRequest)
class DataRequestAdmin(ReadOnlyModelAdmin):
    list_display = ("plan", "period_start", "period_end", "due_date", "status")
    list_filter = ("status",)


@admin.register(SubmissionVersion)
class SubmissionVersionAdmin(ReadOnlyModelAdmin):
    list_display = ("request", "number", "status", "submitted_at", "approved_at")
    list_filter = ("status",)


@admin.register(BenefitNorm)
class BenefitNormAdmin(ScopedModelAdmin):
    list_display = ("year", "monthly_amount", "source")


class OutcomeRateInline(admin.TabularInline):
    model = OutcomeRate
    extra = 0


@admin.register(OutcomeContract)
class OutcomeContractAdmin(ScopedModelAdmin):
    list_display = ("name", "municipality", "start", "end", "retention_months")
    inlines = [OutcomeRateInline]


@admin.register(PersonRecord)
class PersonRecordAdmin(ReadOnlyModelAdmin):
    list_display = ("organisation", "reference", "municipality", "benefit_category", "started_on", "ended_on")
