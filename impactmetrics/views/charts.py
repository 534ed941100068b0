"""Dashboard rows (from the selectors) with their SVG charts, as the dashboard templates show them."""

from fund.charts import Series, chart_number, lines_svg, target_bar_svg
from impactmetrics.selectors.dashboard import DashboardRow


def charted_rows(rows: list[DashboardRow]) -> list[dict]:
    """Each row with its actual-against-target bar and its trend line."""
    return [
        {
            "aggregate": row.aggregate,
            "bar": target_bar_svg(
                value=row.aggregate.value, target=row.aggregate.target, fmt=chart_number, title=row.aggregate.name
            ),
            "trend": lines_svg(
                [p.label for p in row.trend],
                [Series("", [p.value for p in row.trend])],
                fmt=chart_number,
                title=row.aggregate.name,
                width=260,
                height=72,
                from_zero=False,  # how the figure moved: its lowest and highest value on the axis
                css_class="trend",
            ),
            "is_ratio": row.is_ratio,
        }
        for row in rows
    ]
