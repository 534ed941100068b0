from rest_framework import serializers

from fund.models import Fund, Municipality, User
from impactmetrics.models import DataRequest, ImpactPlan, Metric, MetricValue, PlanMetric, SubmissionVersion


class MetricSerializer(serializers.ModelSerializer):
    themes = serializers.SerializerMethodField()
    numerator: "serializers.SlugRelatedField[Metric]" = serializers.SlugRelatedField(read_only=True, slug_field="code")
    denominator: "serializers.SlugRelatedField[Metric]" = serializers.SlugRelatedField(
        read_only=True, slug_field="code"
    )
    part_of: "serializers.SlugRelatedField[Metric]" = serializers.SlugRelatedField(read_only=True, slug_field="code")

    class Meta:
        model = Metric
        fields = [
            "code",
            "iris_id",
            "name",
            "definition",
            "name_nl",
            "definition_nl",
            "unit",
            "kind",
            "data_type",
            "options",
            "dimension",
            "themes",
            "numerator",
            "denominator",
            "part_of",
            "min_value",
            "max_value",
        ]

    def get_themes(self, metric: Metric) -> list[str]:
        return [t.theme for t in metric.themes.all()]


class PlanMetricSerializer(serializers.ModelSerializer):
    metric: "serializers.SlugRelatedField[Metric]" = serializers.SlugRelatedField(read_only=True, slug_field="code")
    targets = serializers.SerializerMethodField()

    class Meta:
        model = PlanMetric
        fields = ["metric", "baseline_value", "baseline_date", "targets"]

    def get_targets(self, plan_metric: PlanMetric) -> dict[str, str]:
        return {str(t.year): str(t.value) for t in plan_metric.targets.all()}


class ImpactPlanSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.display_name")
    organisation_id = serializers.IntegerField()
    fund: "serializers.SlugRelatedField[Fund]" = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    municipality: "serializers.SlugRelatedField[Municipality]" = serializers.SlugRelatedField(
        read_only=True, slug_field="code"
    )
    metrics = PlanMetricSerializer(source="plan_metrics", many=True)

    class Meta:
        model = ImpactPlan
        fields = [
            "id",
            "organisation_id",
            "organisation",
            "fund",
            "frequency",
            "target_group",
            "municipality",
            "start_date",
            "metrics",
        ]


class DataRequestSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="plan.organisation.display_name")
    fund = serializers.CharField(source="plan.fund.slug")
    label = serializers.CharField()  # type: ignore[assignment]  # the DRF stubs type Field.label as a string

    class Meta:
        model = DataRequest
        fields = ["id", "organisation", "fund", "label", "period_start", "period_end", "due_date", "status"]


class MetricValueSerializer(serializers.ModelSerializer):
    metric = serializers.CharField(source="metric.code")

    class Meta:
        model = MetricValue
        fields = ["metric", "value", "choice", "comment", "explanation", "review_comment"]


class SubmissionVersionSerializer(serializers.ModelSerializer):
    request = serializers.IntegerField(source="request_id")
    values = MetricValueSerializer(many=True)
    submitted_by: "serializers.StringRelatedField[User]" = serializers.StringRelatedField()
    reviewed_by: "serializers.StringRelatedField[User]" = serializers.StringRelatedField()

    class Meta:
        model = SubmissionVersion
        fields = [
            "id",
            "request",
            "number",
            "status",
            "reason",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "approved_at",
            "superseded_at",
            "values",
        ]


class MetricAggregateSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    target = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    reporting = serializers.IntegerField()
    expected = serializers.IntegerField()
    coverage = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
