"""The documents' charts are made from data: each mark keeps its value and its label, each series
its own line pattern and marker, and the words beside a chart say what it shows."""

from datetime import date

from fscli.render import charts


def test_a_goals_line_chart_keeps_each_score_and_its_day():
    chart = charts.line_chart("Bedtimes", 1, 10, [("You", [(date(2026, 7, 13), 3), (date(2026, 9, 7), 6), (date(2026, 11, 9), 8)]), ("Your worker", [(date(2026, 7, 13), 2)])])
    family, worker = chart.series
    assert [(m.label, m.value) for m in family.marks] == [("13/07/2026", 3), ("07/09/2026", 6), ("09/11/2026", 8)]
    assert (family.style, family.marker, worker.style, worker.marker) == ("solid", "circle", "dashed", "square")  # told apart without colour
    assert family.marks[0].x < family.marks[1].x < family.marks[2].x  # later days further right
    assert family.marks[2].y < family.marks[1].y < family.marks[0].y  # higher scores higher up
    assert worker.marks[0].x == family.marks[0].x and worker.marks[0].y > family.marks[0].y
    assert chart.desc == "Scores from 1 to 10. You: 3 on 13/07/2026, 6 on 07/09/2026, 8 on 09/11/2026; Your worker: 2 on 13/07/2026."
    assert all(charts.LEFT <= m.x <= charts.WIDTH - charts.RIGHT for s in chart.series for m in s.marks)


def test_a_goal_scored_once_sits_in_the_middle_and_an_unscored_one_says_so():
    once = charts.line_chart("Once", 0, 10, [("You", [(date(2026, 7, 13), 0)]), ("Your worker", [])])
    assert once.series[0].marks[0].x == charts.LEFT + (charts.WIDTH - charts.LEFT - charts.RIGHT) / 2
    assert "Your worker: not scored yet" in once.desc


def test_the_star_has_a_spoke_per_area_and_the_start_inside_now_when_things_improved():
    web = charts.star("Star", 1, 10, [("Happy", 4, 8), ("Healthy", 4, 9), ("Safe", 3, 7)])
    assert [s.area for s in web.spokes] == ["Happy", "Healthy", "Safe"]
    start, now = web.series
    assert [(m.label, m.value) for m in start.marks] == [("Happy", 4), ("Healthy", 4), ("Safe", 3)]
    assert [(m.label, m.value) for m in now.marks] == [("Happy", 8), ("Healthy", 9), ("Safe", 7)]
    centre = web.size / 2
    for before, after in zip(start.marks, now.marks):
        assert abs(after.x - centre) + abs(after.y - centre) > abs(before.x - centre) + abs(before.y - centre)
    assert (start.style, start.marker, now.style, now.marker) == ("dotted", "triangle", "thick", "diamond")
    assert web.desc == "Scores from 1 to 10. Happy: 4 at the start, 8 now; Healthy: 4 at the start, 9 now; Safe: 3 at the start, 7 now."


def test_a_bar_chart_keeps_each_groups_count_and_says_it_in_words():
    chart = charts.bar_chart("Children by plan type", "children", [("Early Help", 12), ("CIN", 4), ("CP", 0)])
    assert [(b.label, b.value) for b in chart.bars] == [("Early Help", 12), ("CIN", 4), ("CP", 0)]
    assert chart.bars[0].width == charts.BAR_WIDTH - charts.BAR_LEFT - charts.BAR_RIGHT  # the largest fills the room
    assert chart.bars[1].width == chart.bars[0].width * 4 / 12 and chart.bars[2].width == 0
    assert chart.bars[0].y < chart.bars[1].y < chart.bars[2].y  # one under the other, in the order given
    assert chart.desc == "Children by plan type, in children: Early Help: 12; CIN: 4; CP: 0."
    assert charts.bar_chart("Nothing", "items", []).desc == "Nothing, in items: none."


def test_a_bar_charts_long_label_is_wrapped_whole_never_cut_off():
    label = "Reunification: a looked-after child going home (runs alongside CLA)"
    chart = charts.bar_chart("Children by plan type", "children", [(label, 3), ("CP", 2)])
    long, short = chart.bars
    assert " ".join(long.lines) == label and all(len(line) <= charts.LABEL_CHARACTERS for line in long.lines) and len(long.lines) == 3
    assert short.lines == ["CP"]
    # The next bar starts below the long label's last line, and the chart is tall enough for all.
    assert short.y >= long.y + (len(long.lines) - 1) * charts.LABEL_LINE + charts.BAR_HEIGHT
    assert chart.height >= short.y + charts.BAR_HEIGHT


def test_a_share_is_a_part_of_its_whole_in_length_and_in_words():
    share = charts.share_bar("Kept at home", 7, 10)
    assert share.filled == share.whole * 0.7 and share.words == "70% (7 of 10)"  # as every figure says a share (domain/indicators.py rate)
    assert share.desc == "Kept at home: 70% (7 of 10)."
    none = charts.share_bar("Kept at home", 0, 0)
    assert none.filled == 0 and none.words == "none in the period"


def test_the_stars_markings_are_its_own_never_a_goal_charts_and_its_legend_names_each():
    web = charts.star("Star", 1, 10, [("Happy", 4, 8), ("Healthy", 4, 9), ("Safe", 3, 7)])
    goal = charts.line_chart("Bedtimes", 1, 10, [("Michelle", [(date(2026, 7, 13), 3)]), ("Jayden", [(date(2026, 7, 13), 5)]), ("Your worker", [(date(2026, 7, 13), 2)])],
                             styles=[charts.FAMILY, charts.MORE_FAMILY[0], charts.WORKER])  # fmt: skip
    star_marks = {(s.style, s.marker) for s in web.series}
    goal_marks = {(s.style, s.marker) for s in goal.series}
    assert not star_marks & goal_marks and not {m for _, m in star_marks} & {m for _, m in goal_marks}  # pattern and marker both their own
    assert [s.name for _, _, s in web.legend] == ["At the start", "Now"] and all(y > web.size for _, y, _ in web.legend)  # under the star, inside its picture
    assert web.height > web.size
    assert [s.name for _, _, s in goal.legend] == ["Michelle", "Jayden", "Your worker"]
    assert all(x + 40 + 6.5 * len(s.name) <= charts.WIDTH for x, _, s in goal.legend)  # each name inside the chart's width


def test_a_goal_chart_with_many_raters_wraps_its_legend_and_grows_to_hold_it():
    names = ["Michelle Brook", "Jayden Brook", "Grandma Pat Brook", "Your worker"]
    chart = charts.line_chart("Tea time", 1, 10, [(n, [(date(2026, 7, 13), 4)]) for n in names])
    rows = sorted({y for _, y, _ in chart.legend})
    assert len(rows) == 2 and chart.height == charts.HEIGHT + charts.LEGEND_ROW
