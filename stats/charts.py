"""Server-side SVG charts: the geometry is computed here, the template only draws it.

No JavaScript and no library: a bar chart is a list of rectangles with their labels;
the same numbers are always in a table next to it for screen readers and copying.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .figures import Figure

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 260
CHART_WIDTH = 720
COLUMN_AREA_HEIGHT = 180


@dataclass
class Bar:
    label: str
    value: Any
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    label_x: float = 0
    value_y: float = 0


@dataclass
class Chart:
    kind: str
    width: int
    height: int
    bars: list[Bar]


def _number(value: Any) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def chart_for(figure: Figure, limit: int = 15) -> Chart | None:
    if figure.chart == "none" or not figure.rows:
        return None
    rows = figure.rows
    if figure.chart == "bars":
        rows = sorted(rows, key=lambda r: _number(r.get(figure.value_key)), reverse=True)[:limit] \
            if len(rows) > limit else rows
        top = figure.extra.get("max") or max((_number(r.get(figure.value_key)) for r in rows), default=0) or 1
        span = CHART_WIDTH - LABEL_WIDTH - 60
        bars = []
        for index, row in enumerate(rows):
            value = _number(row.get(figure.value_key))
            y = index * (BAR_HEIGHT + BAR_GAP)
            width = round(span * value / top, 1)
            bars.append(Bar(str(row.get(figure.label_key, "")), row.get(figure.value_key), LABEL_WIDTH, y, width,
                            BAR_HEIGHT, LABEL_WIDTH + width + 6, round(y + BAR_HEIGHT * 0.7, 1),
                            label_x=LABEL_WIDTH - 8))
        return Chart("bars", CHART_WIDTH, len(rows) * (BAR_HEIGHT + BAR_GAP), bars)
    top = max((_number(r.get(figure.value_key)) for r in rows), default=0) or 1
    step = CHART_WIDTH / len(rows)
    bars = []
    for index, row in enumerate(rows):
        value = _number(row.get(figure.value_key))
        height = round(COLUMN_AREA_HEIGHT * value / top, 1)
        x = index * step + step * 0.15
        bars.append(Bar(str(row.get(figure.label_key, "")), row.get(figure.value_key), round(x, 1),
                        COLUMN_AREA_HEIGHT - height + 20, round(step * 0.7, 1), height, round(x + step * 0.35, 1),
                        COLUMN_AREA_HEIGHT + 38, value_y=COLUMN_AREA_HEIGHT - height + 16))
    return Chart("columns", CHART_WIDTH, COLUMN_AREA_HEIGHT + 50, bars)
