from rest_framework import serializers

from fund.models import Fund
from portfolio.models import Application, ICDecision


class ApplicationSerializer(serializers.ModelSerializer):
    fund: "serializers.SlugRelatedField[Fund]" = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    organisation = serializers.CharField(source="organisation.display_name", read_only=True)
    organisation_id = serializers.IntegerField(read_only=True)
    amount_requested = serializers.DecimalField(source="amount_requested.amount", max_digits=14, decimal_places=2)
    # the catalog codes of the metrics to report (impactmetrics.Metric)
    metric_codes = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "fund",
            "organisation_id",
            "organisation",
            "status",
            "amount_requested",
            "instrument",
            "term_months",
            "grace_months",
            "purpose",
            "themes",
            "target_group",
            "expected_outcomes",
            "metric_codes",
            "submitted_at",
            "status_changed_at",
            "outcome_reason",
        ]


class ICDecisionSerializer(serializers.ModelSerializer):
    application: "serializers.SlugRelatedField[Application]" = serializers.SlugRelatedField(
        read_only=True, slug_field="reference"
    )
    fund = serializers.CharField(source="application.fund.slug", read_only=True)
    meeting_date = serializers.DateField(source="item.meeting.held_on", read_only=True)
    amount = serializers.SerializerMethodField()

    class Meta:
        model = ICDecision
        fields = [
            "id",
            "application",
            "fund",
            "meeting_date",
            "outcome",
            "amount",
            "annual_interest_rate",
            "term_months",
            "grace_months",
            "instrument",
            "conditions_precedent",
            "covenants",
            "reasons",
            "applicant_message",
            "votes_for",
            "votes_against",
            "abstentions",
            "members_counted",
            "quorum_required",
            "decided_at",
        ]

    def get_amount(self, decision: ICDecision) -> str | None:
        return None if decision.amount is None else f"{decision.amount.amount:.2f}"


class VoteInputSerializer(serializers.Serializer):
    choice = serializers.CharField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    conditions = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class VoteSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    choice = serializers.CharField()
    reason = serializers.CharField()
    conditions = serializers.ListField(child=serializers.CharField())


class FunnelStageSerializer(serializers.Serializer):
    key = serializers.CharField()
    status = serializers.CharField()
    count = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    conversion = serializers.DecimalField(max_digits=7, decimal_places=4, allow_null=True)
    median_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)


class FunnelSerializer(serializers.Serializer):
    fund_slug = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    stages = FunnelStageSerializer(many=True)
    declined = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    disbursed = serializers.IntegerField(allow_null=True)
