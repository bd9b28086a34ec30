"""The benchmark's table and its verdict on each target of issue 9."""

from bench.run import Measurement, render, targets


def import_pair(fresh_seconds, again_seconds, floor_seconds=10.0):
    return [
        Measurement("import 1,000,000 (fresh)", 1_000_000, fresh_seconds, 200, floor_seconds),
        Measurement("re-import 1,000,000 (unchanged)", 1_000_000, again_seconds, 70, floor_seconds),
    ]


def test_ratio_is_pacer_seconds_over_floor_seconds():
    table = render(import_pair(50.0, 40.0))
    assert "| 5.0× |" in table and "| 4.0× |" in table


def test_import_over_three_times_its_floor_is_a_miss():
    verdicts = targets(import_pair(31.0, 20.0), {})
    assert "| import of 1,000,000 ≤ 3× floor | 3.1× | **no** |" in verdicts


def test_re_import_slower_than_fresh_is_a_miss():
    verdicts = targets(import_pair(20.0, 21.0), {})
    assert "| re-import ≤ fresh import | 21.0 s vs 20.0 s | **no** |" in verdicts


def test_page_median_is_judged_against_its_own_limit():
    rep = Measurement("rep page (rep000), 200,000 opportunities", 100, 10, 0, median_ms=49.0)
    team = Measurement("team page (manager of 50), 200,000 opportunities", 10, 10, 0, median_ms=151)
    verdicts = targets([rep, team], {})
    assert "| rep page (rep000) median < 50 ms | 49.0 ms | yes |" in verdicts
    assert "| team page (manager of 50) median < 150 ms | 151.0 ms | **no** |" in verdicts


def test_query_counts_that_differ_with_team_size_are_a_miss():
    queries = {"team page, manager of 50": 18, "team page, manager of 2": 17, "rep page, a": 15}
    assert "| **no** |" in targets([], queries)
