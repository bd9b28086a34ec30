"""OKR charts are data: progress bars per key result, the confidence trend."""

from datetime import date
from decimal import Decimal

from goals.calendar import FiscalQuarter
from okrs.okrs import DepartmentOkrs, KeyResultStatus, ObjectiveOkrs, QuarterOkrs
from reports import okr_charts


def status(progress, target=Decimal(10), kr_id=1) -> KeyResultStatus:
    return KeyResultStatus(
        id=kr_id, code=f"kr-{kr_id}", title="t", kind="numeric", link="", owner="",
        owner_id=None, start=Decimal(0), target=target, stretch=None, scale_max=None,
        target_placeholder="", stretch_placeholder="", current=None, done=None,
        progress=progress, stretch_progress=None, confidence=None, checked_in=None,
    )  # fmt: skip


def department(*rows) -> DepartmentOkrs:
    return DepartmentOkrs("Sales", "", (ObjectiveOkrs(1, "o", "", tuple(rows)),))


def test_progress_chart_has_a_bar_per_key_result_capped_at_the_axis():
    chart = okr_charts.progress_chart(
        department(("A", status(Decimal(40))), ("B", status(Decimal(400), kr_id=2)))
    )
    bar = chart["data"][0]
    assert bar["x"] == [40.0, 150.0]
    assert bar["text"] == ["40%", "400%"]


def test_progress_chart_says_target_not_set():
    chart = okr_charts.progress_chart(department(("Land N2 logos", status(None, target=None))))
    assert chart["data"][0]["text"] == ["target not set"]


def test_progress_chart_escapes_markup_in_labels_and_hover():
    chart = okr_charts.progress_chart(department(("<b>Win</b>", status(Decimal(10)))))
    bar = chart["data"][0]
    assert bar["y"] == ["&lt;b&gt;Win&lt;/b&gt;"]
    assert "<b>" not in bar["hovertext"][0]


def test_confidence_chart_plots_weeks_with_check_ins():
    result = QuarterOkrs(
        FiscalQuarter(2022, 3),
        date(2021, 8, 20),
        (),
        {},
        ((date(2021, 8, 7), None), (date(2021, 8, 14), Decimal("6.25"))),
    )
    line = okr_charts.confidence_chart(result)["data"][0]
    assert (line["x"], line["y"]) == (["2021-08-14"], [6.3])


def test_confidence_chart_adds_a_line_per_department_with_check_ins():
    week = date(2021, 8, 14)
    result = QuarterOkrs(
        FiscalQuarter(2022, 3),
        week,
        (),
        {},
        ((week, Decimal(6)),),
        (("<i>Sales</i>", ((week, Decimal(8)),)), ("Talent", ((week, None),))),
    )
    lines = okr_charts.confidence_chart(result)["data"]
    assert [(line["name"], line["y"]) for line in lines] == [
        ("All key results", [6.0]),
        ("&lt;i&gt;Sales&lt;/i&gt;", [8.0]),
    ]


def test_progress_chart_keeps_quotes_plotly_would_show_as_entities():
    chart = okr_charts.progress_chart(department(('"Agree" = 4', status(Decimal(10)))))
    assert chart["data"][0]["y"] == ['"Agree" = 4']
