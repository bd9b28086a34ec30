"""The weekly exports of the history benchmarks: 5% of the deals change, the rest do not."""

import csv
from datetime import date

from bench.history import moment, next_week
from bench.synthetic import write_opportunities


def rows(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_next_week_changes_about_five_percent_and_keeps_the_rest(tmp_path):
    base = write_opportunities(tmp_path / "week0.csv", 4000)
    changed = next_week(base, tmp_path / "week1.csv", 0.05, seed=1)
    before, after = rows(base), rows(tmp_path / "week1.csv")
    assert before[0] == after[0] and len(before) == len(after)
    differ = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(differ) == changed and 150 <= changed <= 250
    # The same deals, each changed in stage, amount or close date only.
    for old, new in differ:
        assert old[0] == new[0]
        assert {i for i in range(len(old)) if old[i] != new[i]} <= {5, 6, 8}


def test_next_week_is_deterministic(tmp_path):
    base = write_opportunities(tmp_path / "week0.csv", 500)
    next_week(base, tmp_path / "a.csv", 0.05, seed=3)
    next_week(base, tmp_path / "b.csv", 0.05, seed=3)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_weekly_moments_end_on_the_day_of_the_data():
    moments = [moment(week, 13, date(2023, 9, 15), "UTC") for week in range(13)]
    assert moments[-1].date() == date(2023, 9, 15) and moments[0].date() == date(2023, 6, 23)
    assert all((b - a).days == 7 for a, b in zip(moments, moments[1:], strict=False))
