"""Server-rendered SVG bar charts: geometry is computed here, templates only draw it."""

from dataclasses import dataclass

BAR_HEIGHT = 24
BAR_GAP = 8
LABEL_WIDTH = 220
CHART_WIDTH = 640
VALUE_ROOM = 60


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 7

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(rows: list[tuple[str, int]]) -> BarChart:
    """A horizontal bar chart of (label, value) rows, longest bar scaled to the full width."""
    largest = max((value for _, value in rows), default=0)
    room = CHART_WIDTH - LABEL_WIDTH - VALUE_ROOM
    bars = [
        Bar(
            label=label,
            value=value,
            y=index * (BAR_HEIGHT + BAR_GAP),
            width=round(room * value / largest) if largest else 0,
        )
        for index, (label, value) in enumerate(rows)
    ]
    return BarChart(bars=bars, height=max(len(rows) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT))
