"""The archive timeline's geometry, on its own: no database, no template."""

import pytest

from twinning.exchanges.timeline import (
    HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_TOP,
    MAX_BAR,
    WIDTH,
    Series,
    layout,
)

VISITS = Series(1, "Visits", "#0b5f8a")
CULTURE = Series(2, "Culture", "#aa3300")
SERIES = [VISITS, CULTURE]
BASELINE = HEIGHT - MARGIN_BOTTOM
PLOT_HEIGHT = BASELINE - MARGIN_TOP
PLOT_RIGHT = WIDTH - 6


def url_for(year: int, key: int) -> str:
    return f"/archive/?year={year}&category={key}"


def year_labels(timeline) -> list[str]:
    return [tick.label for tick in timeline.year_ticks]


@pytest.mark.parametrize("counts", [[], [(2000, 1, 0)], [(2000, 1, -3)]])
def test_no_records_draw_nothing(counts):
    timeline = layout(counts, SERIES, url_for)

    assert timeline.bars == [] and timeline.year_ticks == [] and timeline.count_ticks == []
    assert (timeline.total, timeline.first_year, timeline.last_year) == (0, None, None)
    assert (timeline.width, timeline.height, timeline.baseline_y) == (WIDTH, HEIGHT, BASELINE)


def test_one_year_is_one_bar_of_the_widest_size_in_the_middle():
    timeline = layout([(1983, 1, 3)], SERIES, url_for)

    [bar] = timeline.bars
    assert (bar.width, bar.height, bar.y) == (MAX_BAR, PLOT_HEIGHT, MARGIN_TOP)
    assert bar.x + bar.width / 2 == (MARGIN_LEFT + PLOT_RIGHT) / 2
    assert (bar.year, bar.label, bar.count, bar.colour) == (1983, "Visits", 3, "#0b5f8a")
    assert [(t.label, t.x) for t in timeline.year_ticks] == [("1983", bar.x + bar.width / 2)]
    assert (timeline.total, timeline.first_year, timeline.last_year) == (3, 1983, 1983)


def test_bar_heights_are_proportional_to_the_counts():
    timeline = layout([(2001, 1, 1), (2002, 1, 2), (2003, 1, 4)], SERIES, url_for)

    heights = [bar.height for bar in timeline.bars]
    assert heights == [PLOT_HEIGHT / 4, PLOT_HEIGHT / 2, PLOT_HEIGHT]
    assert all(bar.y + bar.height == BASELINE for bar in timeline.bars)


def test_the_scale_rounds_up_to_a_nice_number_above_the_tallest_bar():
    timeline = layout([(2001, 1, 7)], SERIES, url_for)

    assert [tick.label for tick in timeline.count_ticks] == ["0", "2", "4", "6", "8"]
    assert timeline.bars[0].height == round(PLOT_HEIGHT * 7 / 8, 2)
    assert [tick.y for tick in timeline.count_ticks] == [
        BASELINE - PLOT_HEIGHT * n / 4 for n in range(5)
    ]


@pytest.mark.parametrize("tallest", [1, 3, 4, 5, 9, 17, 40, 99, 250, 1234, 9999])
def test_there_are_at_most_five_count_ticks_and_the_last_tops_the_tallest_bar(tallest):
    timeline = layout([(2001, 1, tallest)], SERIES, url_for)

    values = [int(tick.label) for tick in timeline.count_ticks]
    assert 2 <= len(values) <= 5
    assert values[0] == 0 and values[-2] < tallest <= values[-1]
    assert timeline.count_ticks[-1].y == MARGIN_TOP


def test_categories_of_a_year_stack_in_the_order_of_the_series():
    timeline = layout([(2010, 1, 3), (2010, 2, 1)], [CULTURE, VISITS], url_for)

    culture, visits = timeline.bars
    assert (culture.label, visits.label) == ("Culture", "Visits")
    assert culture.y + culture.height == BASELINE  # the first series sits on the baseline
    assert visits.y + visits.height == culture.y
    assert visits.y == MARGIN_TOP
    assert visits.x == culture.x and visits.width == culture.width


def test_a_category_missing_from_the_series_goes_on_top_in_grey():
    timeline = layout([(2010, 0, 1), (2010, 1, 1)], SERIES, url_for)

    assert [(bar.label, bar.colour) for bar in timeline.bars] == [
        ("Visits", "#0b5f8a"),
        ("?", "#777777"),
    ]


def test_counts_of_the_same_year_and_category_add_up():
    timeline = layout([(2010, 1, 2), (2010, 1, 3), (2010, 2, 0)], SERIES, url_for)

    assert [(bar.label, bar.count) for bar in timeline.bars] == [("Visits", 5)]
    assert timeline.total == 5


def test_each_bar_links_to_its_year_and_category():
    timeline = layout([(1990, 1, 1), (1990, 2, 2), (2000, 2, 1)], SERIES, url_for)

    assert [bar.url for bar in timeline.bars] == [
        "/archive/?year=1990&category=1",
        "/archive/?year=1990&category=2",
        "/archive/?year=2000&category=2",
    ]


def test_years_without_records_keep_their_place_and_label_but_get_no_bar():
    timeline = layout([(2000, 1, 1), (2003, 1, 1)], SERIES, url_for)

    slot = (PLOT_RIGHT - MARGIN_LEFT) / 4
    first, last = timeline.bars
    assert [bar.year for bar in timeline.bars] == [2000, 2003]
    assert last.x - first.x == 3 * slot
    assert year_labels(timeline) == ["2000", "2001", "2002", "2003"]
    assert (timeline.first_year, timeline.last_year, timeline.total) == (2000, 2003, 2)


@pytest.mark.parametrize(
    ("first", "last", "labels"),
    [
        (2000, 2010, [str(y) for y in range(2000, 2011)]),  # 11 years: every one
        (2000, 2014, [str(y) for y in range(2000, 2015, 2)]),  # 15 years: every second
        (1983, 2020, [str(y) for y in range(1985, 2021, 5)]),  # 38 years: every fifth
        (1950, 2020, [str(y) for y in range(1950, 2021, 10)]),  # 71 years: every tenth
        (1901, 2020, [str(y) for y in range(1920, 2021, 20)]),  # 120 years: every twentieth
    ],
)
def test_year_labels_thin_out_to_round_years_on_long_ranges(first, last, labels):
    timeline = layout([(first, 1, 1), (last, 1, 1)], SERIES, url_for)

    assert year_labels(timeline) == labels


def test_year_labels_sit_under_the_middle_of_their_bar():
    timeline = layout([(2000, 1, 1), (2001, 1, 1), (2002, 1, 1)], SERIES, url_for)

    assert [tick.x for tick in timeline.year_ticks] == [
        round(bar.x + bar.width / 2, 2) for bar in timeline.bars
    ]
    assert {tick.y for tick in timeline.year_ticks} == {BASELINE + 16}


def test_bars_narrow_with_many_years_and_stay_inside_the_plot():
    timeline = layout([(year, 1, 1) for year in range(1820, 2021)], SERIES, url_for)

    assert {bar.width for bar in timeline.bars} == {round(0.8 * 680 / 201, 2)}
    assert timeline.bars[0].x >= MARGIN_LEFT
    assert timeline.bars[-1].x + timeline.bars[-1].width <= PLOT_RIGHT


def test_bars_never_get_thinner_than_one_unit():
    timeline = layout([(year, 1, 1) for year in range(1000, 2001)], SERIES, url_for)

    assert {bar.width for bar in timeline.bars} == {1.0}
    assert len(timeline.bars) == 1001
    # Past ~540 years a slot is narrower than a bar: bars overlap, still inside the drawing.
    assert timeline.bars[0].x >= 0 and timeline.bars[-1].x + 1.0 <= WIDTH
