"""Dashboard rows (from the selectors) with their SVG charts, as the dashboard templates show them."""

from impactmetrics.charts import actual_vs_target_svg, trend_svg
from impactmetrics.selectors.dashboard import DashboardRow


def charted_rows(rows: list[DashboardRow]) -> list[dict]:
    """Each row with its actual-against-target bar and its trend line."""
    return [
        {
            "aggregate": row.aggregate,
            "bar": actual_vs_target_svg(
                actual=row.aggregate.value, target=row.aggregate.target, label=row.aggregate.name
            ),
            "trend": trend_svg(row.trend, label=row.aggregate.name),
            "is_ratio": row.is_ratio,
        }
        for row in rows
    ]
