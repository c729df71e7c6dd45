"""Geometry of the archive's timeline: stacked bars of records per year and category.

Plain Python, no Django: the view feeds it counts, the template draws the SVG, so the
timeline is readable without JavaScript and testable on its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 720
HEIGHT = 220
MARGIN_LEFT = 34
MARGIN_BOTTOM = 28
MARGIN_TOP = 10
MAX_BAR = 28


@dataclass(frozen=True)
class Series:
    key: int
    label: str
    colour: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    year: int
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    bars: list[Bar]
    year_ticks: list[Tick]
    count_ticks: list[Tick]
    baseline_y: float
    plot_left: float
    plot_right: float
    total: int
    first_year: int | None
    last_year: int | None
    # Records selected but without a date, so not drawn.
    undated: int = 0

    @property
    def years(self) -> list[dict]:
        """The bars by year, oldest first, for the compact list that replaces the drawing."""
        by_year: dict[int, list[Bar]] = defaultdict(list)
        for bar in self.bars:
            by_year[bar.year].append(bar)
        return [{"year": year, "bars": by_year[year]} for year in sorted(by_year)]


def _nice_step(maximum: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000):
        if maximum / step <= 4:
            return step
    return 10 ** len(str(maximum))


def layout(
    counts: Sequence[tuple[int, int, int]],
    series: Sequence[Series],
    url_for: Callable[[int, int], str],
) -> Timeline:
    """Lay out ``counts`` of (year, series key, count) as one stacked bar per year."""
    by_year: dict[int, dict[int, int]] = defaultdict(dict)
    for year, key, count in counts:
        if count > 0:
            by_year[year][key] = by_year[year].get(key, 0) + count
    plot_left, plot_right = MARGIN_LEFT, WIDTH - 6
    baseline = HEIGHT - MARGIN_BOTTOM
    if not by_year:
        return Timeline(WIDTH, HEIGHT, [], [], [], baseline, plot_left, plot_right, 0, None, None)
    first, last = min(by_year), max(by_year)
    years = last - first + 1
    slot = (plot_right - plot_left) / years
    bar_width = max(1.0, min(MAX_BAR, slot * 0.8))
    tallest = max(sum(per.values()) for per in by_year.values())
    step = _nice_step(tallest)
    top = step * -(-tallest // step)
    scale = (baseline - MARGIN_TOP) / top
    order = {s.key: i for i, s in enumerate(series)}
    known = {s.key: s for s in series}
    bars: list[Bar] = []
    for year, per in sorted(by_year.items()):
        x = plot_left + (year - first) * slot + (slot - bar_width) / 2
        y = baseline
        for key in sorted(per, key=lambda k: order.get(k, len(order))):
            height = per[key] * scale
            y -= height
            info = known.get(key, Series(key, "?", "#777777"))
            bars.append(
                Bar(
                    round(x, 2),
                    round(y, 2),
                    round(bar_width, 2),
                    round(height, 2),
                    info.colour,
                    year,
                    info.label,
                    per[key],
                    url_for(year, key),
                )
            )
    every = max(1, round(years / 10))
    every = next(n for n in (1, 2, 5, 10, 20, 25, 50, 100) if n >= every)
    year_ticks = [
        Tick(round(plot_left + (year - first + 0.5) * slot, 2), baseline + 16, str(year))
        for year in range(first, last + 1)
        if year % every == 0 or years == 1
    ]
    count_ticks = [
        Tick(plot_left - 4, round(baseline - value * scale, 2), str(value))
        for value in range(0, top + 1, step)
    ]
    total = sum(sum(per.values()) for per in by_year.values())
    return Timeline(
        WIDTH,
        HEIGHT,
        bars,
        year_ticks,
        count_ticks,
        baseline,
        plot_left,
        plot_right,
        total,
        first,
        last,
    )
