from rest_framework import serializers

from fund.models import Fund, Municipality, Organisation


class FundSerializer(serializers.ModelSerializer):
    themes = serializers.SerializerMethodField()
    region: "serializers.SlugRelatedField[Municipality]" = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )
    target_size = serializers.DecimalField(source="target_size.amount", max_digits=14, decimal_places=2)

    class Meta:
        model = Fund
        fields = [
            "slug",
            "name",
            "legal_form",
            "kvk_number",
            "currency",
            "inception_date",
            "target_size",
            "region",
            "themes",
        ]

    def get_themes(self, fund: Fund) -> list[str]:
        return [t.theme for t in fund.themes.all()]


class OrganisationSerializer(serializers.ModelSerializer):
    municipality: "serializers.SlugRelatedField[Municipality]" = serializers.SlugRelatedField(
        read_only=True, slug_field="code"
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "legal_name",
            "trade_name",
            "kvk_number",
            "legal_form",
            "postcode",
            "city",
            "municipality",
            "website",
            "is_investee",
        ]


class CapitalAccountSerializer(serializers.Serializer):
    member_id = serializers.IntegerField()
    member_name = serializers.CharField()
    member_kind = serializers.CharField()
    committed = serializers.DecimalField(max_digits=14, decimal_places=2)
    called = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid_in = serializers.DecimalField(max_digits=14, decimal_places=2)
    unfunded = serializers.DecimalField(max_digits=14, decimal_places=2)
    distributed = serializers.DecimalField(max_digits=14, decimal_places=2)
