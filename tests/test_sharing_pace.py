"""Weekly tracking rolled up from each rep's copy of the quota workbook: the team's weekly pace by rep equals
xlsales.quota's tracking of all the weeks in one workbook (the texts' worked case, seed 001)."""

import pandas as pd
import pytest

from tests.sharing_cases import AS_OF, deal, funnel_bytes, replace_text, roll, with_saved_time
from xlsales import cli
from xlsales.book import read_sheets
from xlsales.quota.demo import demo_quota
from xlsales.quota.demo import sheets as quota_sheets
from xlsales.quota.team import plan_team
from xlsales.quota.workbook import parse_workbook
from xlsales.sharing import layout as S
from xlsales.templates.build import workbook_bytes
from xlsales.templates.registry import TEMPLATES

QUOTA = TEMPLATES["quota"]


def _copy(rep: str, lang: str = "zh-CN", weeks: list[dict] | None = None) -> bytes:
    data = demo_quota()
    mine = weeks if weeks is not None else [w for w in data.weekly if w["rep"] == rep]
    return workbook_bytes(QUOTA, lang, data.model_copy(update={"weekly": mine}))


def _expected():
    inputs = parse_workbook(quota_sheets(demo_quota()))
    return plan_team(inputs.settings, inputs.reps, inputs.mix, inputs.weekly, inputs.target_sheet)


def test_reps_copies_roll_up_to_the_whole_teams_pace():
    rollup = roll({"小王.xlsx": _copy("小王"), "小李.xlsx": _copy("小李", "en")})
    expected = _expected()
    assert rollup.weekly.week == expected.week == 6
    got = rollup.weekly.tracking.sort_values(["rep", "activity"]).reset_index(drop=True)
    want = expected.tracking.sort_values(["rep", "activity"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)
    behind = set(got.loc[got["bottleneck"], "rep"] + ":" + got.loc[got["bottleneck"], "activity"])
    assert behind == {"小王:collected", "小李:opportunities"}  # as the demo was written to show
    assert [(s.status, s.weekly_rows, s.owners) for s in rollup.sources] == [(S.OK, 6, ["小王"]), (S.OK, 6, ["小李"])]


def test_the_same_rep_and_week_differing_in_two_copies_is_a_conflict():
    data = demo_quota()
    week_one = [w for w in data.weekly if w["rep"] == "小王"]
    changed = [dict(w, visits=9) if w["week"] == 1 else w for w in week_one]
    rollup = roll({"a.xlsx": with_saved_time(_copy("小王", weeks=week_one), pd.Timestamp("2026-02-01")),
                   "b.xlsx": with_saved_time(_copy("小王", weeks=changed), pd.Timestamp("2026-02-08"))},
                  newest_wins=True)
    (conflict,) = rollup.conflicts
    assert (conflict.table, conflict.identity, conflict.field) == ("weekly", ("小王", 1.0), "visits")
    assert (conflict.value_a, conflict.value_b) == (9.0, 5.0)
    assert rollup.weekly.weekly.query("rep == '小王' and week == 1")["visits"].tolist() == [9.0]


def test_a_weekly_row_for_someone_not_in_the_plan_is_left_out():
    stranger = [{"rep": "陌生人", "week": 1, "opportunities": 1, "visits": 1, "signed": 0, "collected": 0}]
    rollup = roll({"a.xlsx": _copy("小王", weeks=[w for w in demo_quota().weekly if w["rep"] == "小王"] + stranger)})
    assert set(rollup.weekly.weekly["rep"]) == {"小王"}
    assert rollup.sources[0].status == S.PARTIAL and rollup.sources[0].rows_left_out == 1
    assert any(p.found == "陌生人" for _, p in rollup.problems)


def test_funnel_and_quota_files_roll_up_together(tmp_path, capsys):
    (tmp_path / "deals.xlsx").write_bytes(funnel_bytes([deal(1), deal(2)]))
    (tmp_path / "小王.xlsx").write_bytes(_copy("小王"))
    (tmp_path / "小李.xlsx").write_bytes(_copy("小李"))
    output = tmp_path / "team.xlsx"
    assert cli.main(["rollup", str(tmp_path), "-o", str(output), "--as-of", AS_OF.isoformat()]) == 0
    assert "跟踪到第 6 周" in capsys.readouterr().err
    sheets = read_sheets(output)
    pace = sheets["周进度"]
    assert pace[0][:3] == ["姓名", "活动", "每周节奏"] and len(pace) == 1 + 2 * 4
    row = next(r for r in pace[1:] if r[0] == "小王" and r[1] == "回款")
    expected = _expected().tracking.set_index(["rep", "activity"]).loc[("小王", "collected")]
    assert row[4] == pytest.approx(expected["actual_to_date"]) and row[3] == pytest.approx(expected["pace_to_date"])
    assert (row[7], row[8], row[10]) == ("是", "是", 6)
    sources = {r[0]: r for r in sheets["来源"][1:]}
    assert sources["deals.xlsx"][8:10] == [2, 0] and sources["小王.xlsx"][8:10] == [0, 6]
    assert sources["小王.xlsx"][2] == "quota"


def test_weekly_rows_without_a_plan_are_kept_and_say_why_no_pace():
    both = workbook_bytes(QUOTA, "zh-CN", demo_quota())
    rollup = roll({"a.xlsx": replace_text(both, "目标与人员", "旧计划")})  # the plan's sheet renamed: no plan
    assert rollup.weekly.tracking is None and len(rollup.weekly.weekly) == 12
    assert any(p.expected_en == S.NO_PLAN.en for _, p in rollup.problems)
