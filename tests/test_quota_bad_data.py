"""Each kind of bad data pasted into the EMPTY quota template: `check` names every one, the workbook's own
data-problem counter counts exactly as many, and the figures leave out exactly the rows `check` names (the
Python core, reading the same file, leaves out the same rows and gives the same figures). Issue 15: values in
the other language, numbers and dates stored as text, unknown names, rows outside the tables, parameters typed
as text (the target "60万")."""

import pytest

from tests.quota_bulk import team, typed_workbook
from tests.quota_compare import chart_gaps, core, key_figures, mix_rows, plan_rows, table_rows, tracking_rows, weekly_rows
from tests.workbook_values import Recalculated, block_rows, cell
from xlsales import libreoffice
from xlsales.book import read_sheets, read_tables
from xlsales.layout import split_address
from xlsales.quota import layout as L
from xlsales.quota.workbook import check

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")]
LANG = "zh-CN"
WEEKS = 10


def records(columns: dict[str, list]) -> list[dict]:
    keys = list(columns)
    return [dict(zip(keys, values)) for values in zip(*columns.values())]


def good_team() -> dict[str, list[dict]]:
    data = team(6, WEEKS, 8, LANG)
    reps, mix, weekly = records(data.reps), records(data.mix), records(data.weekly)
    # a rep typed "Wang" whose weeks and own line are typed "WANG" and "wang": Excel's SUMIFS counts them for Wang
    reps.append({"rep": "Wang", "weight": 1.0})
    mix.append({"rep": "wang", "product_line": "小单", "unit_price": 500.0, "count": 10.0, "visits_per_deal": 1.0,
                "win_rate": 0.5})
    mix.append({"rep": "everyone", "product_line": "服务费", "unit_price": 1000.0, "count": 3.0})  # English, any case
    weekly += [{"rep": "WANG", "week": float(w), "visits": 3.0, "signed": 1000.0} for w in range(1, WEEKS + 1)]
    return {L.REPS.name: reps, L.MIX.name: mix, L.WEEKLY.name: weekly}


# each bad row with the number of problems check and the counter find in it
BAD = {
    L.REPS.name: [({"rep": "wang", "weight": "一"}, 2),  # Wang again (Excel ignores case), a weight typed as text
                  ({"rep": "全员", "capacity": -1.0}, 3),  # the reserved word, a negative capacity, no weight
                  ({"bottom_up": 5000.0}, 2)],  # no name, and no weight although the split is by weight
    L.MIX.name: [({"product_line": "文本赢率", "unit_price": 1000.0, "count": 2.0, "visits_per_deal": 1.0,
                   "win_rate": "50%"}, 1),  # a number stored as text
                 ({"product_line": "赢率过高", "unit_price": 1000.0, "count": 2.0, "win_rate": 1.5}, 1),
                 ({"product_line": "零单价", "unit_price": 0.0, "count": 2.0}, 1),
                 ({"rep": "陌生人", "product_line": "名单外", "unit_price": 1000.0, "count": 2.0}, 1),
                 ({"product_line": "缺赢率", "unit_price": 1000.0, "count": 2.0, "visits_per_deal": 2.0}, 1),
                 ({"product_line": "文本数量", "unit_price": 1000.0, "count": "十二"}, 1)],
    L.WEEKLY.name: [({"rep": "王?", "week": 3.0, "visits": 99.0}, 1),  # 王?'s week 3 again
                    ({"rep": "王五", "week": 4.0, "visits": "8"}, 2),  # a text number; and 王五's week 4 again
                    ({"rep": "李*", "week": "11", "visits": 1.0}, 1),  # a week stored as text
                    ({"rep": "李*", "week": 2.5, "visits": 1.0}, 1),
                    ({"rep": "李四", "week": 60.0, "visits": 1.0}, 1),  # past the working weeks
                    ({"rep": "陌生人", "week": 1.0, "visits": 1.0}, 1),
                    ({"rep": "Everyone", "week": 1.0, "visits": 1.0}, 1),  # not a rep
                    ({"rep": "赵六", "week": 9.0, "collected": -100.0}, 2),  # negative; and 赵六's week 9 again
                    ({"week": 4.0, "visits": 1.0}, 1)],  # no name
}
OUTSIDE = {L.REPS.name: [{"rep": "表外的人"}], L.MIX.name: [{"product_line": "表外", "unit_price": 1.0, "count": 1.0}],
           L.WEEKLY.name: [{"rep": "王?", "week": 9.0, "visits": 5.0}]}


@pytest.fixture(scope="module")
def pasted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quota-bad")
    good = good_team()
    tables = {name: rows + [row for row, _ in BAD[name]] for name, rows in good.items()}
    parameters = {"company_target": 700_000, "working_weeks": WEEKS, "split": "By ability weight"}  # other language
    source = typed_workbook(folder / "quota.xlsx", LANG, parameters, tables, OUTSIDE)
    result = libreoffice.recalculate(source, folder / "out")
    sheets, extents = read_sheets(result), read_tables(result)
    return good, result, Recalculated(read_sheets(result)), check(sheets, extents), *core(sheets, extents)


def test_no_error_cells(pasted):
    """Nothing but the #N/A that ends the pace chart's lines after the tracked week."""
    assert set(libreoffice.error_cells(pasted[1])) == chart_gaps(pasted[2], LANG)


def test_check_the_counter_and_the_problem_columns_agree(pasted):
    _, _, wb, problems, _, _ = pasted
    errors = [p for p in problems if p.severity == "error"]
    expected = sum(n for rows in BAD.values() for _, n in rows) + sum(len(rows) for rows in OUTSIDE.values())
    assert len(errors) == expected == cell(wb, L.PLAN, LANG)("problems"), [p.message() for p in errors]
    assert cell(wb, L.PLAN, LANG)("outside") == 3 == sum("outside" in p.expected_en for p in errors)
    for table, sheet in ((L.REPS, L.SHEET_TARGET), (L.MIX, L.SHEET_MIX), (L.WEEKLY, L.SHEET_TRACKING)):
        shown = {r: row["problems"] for r, row in table_rows(wb, LANG, table, sheet).items() if row["problems"]}
        named: dict[int, int] = {}
        for p in errors:
            if p.sheet == sheet(LANG) and "outside" not in p.expected_en:
                row = split_address(p.cell)[0]
                named[row] = named.get(row, 0) + 1
        assert shown == named, sheet(LANG)  # row by row, the same count


def test_the_figures_leave_out_exactly_the_rows_check_names(pasted):
    good, _, wb, problems, team, inputs = pasted
    errors = [p for p in problems if p.severity == "error"]
    assert key_figures(wb, LANG, team, len(errors)) == []
    assert plan_rows(wb, LANG, team) == [] and tracking_rows(wb, LANG, team) == []
    assert weekly_rows(wb, LANG, team) == [] and mix_rows(wb, LANG, inputs) == []
    # what is left is the good rows: the bad ones, and the rows outside, count in no figure
    assert len(inputs.weekly.frame) == len(good[L.WEEKLY.name]) and len(inputs.mix.frame) == len(good[L.MIX.name])
    assert list(team.reps["rep"]) == [r["rep"] for r in good[L.REPS.name]]
    wang = team.tracking.set_index(["rep", "activity"]).loc[("Wang", "visits"), "actual_to_date"]
    assert wang == 3 * WEEKS  # typed "WANG", counted for Wang on both sides
    assert team.reps.set_index("rep").at["Wang", "mix_amount"] == 5_000 and not team.reps.set_index("rep").at[
        "Wang", "standard_mix"]


def test_a_parameter_typed_as_text_is_a_problem_never_zero(tmp_path):
    """The target "60万" (or 600000 pasted as text) and other unusable parameters: each one a problem in check and in
    the counter; the figures that need the target stay blank instead of showing 0, and nothing shows an error."""
    parameters = {"company_target": "60万", "months": 0, "default_capacity": "十", "current_week": 60}
    source = typed_workbook(tmp_path / "quota.xlsx", LANG, parameters, good_team())
    result = libreoffice.recalculate(source, tmp_path / "out")
    assert set(libreoffice.error_cells(result)) == chart_gaps(Recalculated(read_sheets(result)), LANG)
    errors = [p for p in check(read_sheets(result), read_tables(result)) if p.severity == "error"]
    assert sorted(p.column for p in errors) == ["company_target", "current_week", "default_capacity", "months"]
    wb = Recalculated(read_sheets(result))
    value = cell(wb, L.PLAN, LANG)
    assert value("problems") == 4 and value("company_target") in (None, "")
    first = block_rows(wb, L.PLAN, "reps", LANG)[0]
    assert first["rep"] == "王?" and first["visits"] > 0  # the plan still adds up the mix
    assert first["top_down"] in (None, "") and first["signed_per_week"] in (None, "")  # never a silent 0
    assert first["visits_per_month"] == pytest.approx(first["visits"] / 12)  # months 0: the default, as in check
    assert value("tracked_week") == WEEKS  # current week 60 is past the period: the latest week reported
