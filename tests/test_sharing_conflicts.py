"""The same deal ID in two files: identical copies merge silently, different ones are listed side by side and
never silently overwritten; --newest-wins keeps the newer file's version and still lists the conflict."""

import datetime as dt

import pandas as pd
import pytest

from tests.sharing_cases import deal, funnel_bytes, roll
from xlsales import cli
from xlsales.book import read_sheets
from xlsales.sharing import layout as S
from xlsales.sharing.conflicts import resolve, same

OLD, NEW = dt.datetime(2026, 11, 1, 9), dt.datetime(2026, 11, 20, 17)


def test_identical_copies_merge_silently():
    one = deal(1)
    rollup = roll({"a.xlsx": funnel_bytes([one, deal(2)], "zh-CN"), "b.xlsx": funnel_bytes([one], "en")})
    assert sorted(rollup.deals["id"]) == ["D0001", "D0002"]
    assert rollup.conflicts == [] and [s.conflicts for s in rollup.sources] == [0, 0]


def test_different_copies_are_left_out_and_listed_side_by_side():
    files = {"old.xlsx": funnel_bytes([deal(1, amount=100_000.0), deal(2)], modified=OLD),
             "new.xlsx": funnel_bytes([deal(1, amount=120_000.0, stage=2)], "en", modified=NEW)}
    rollup = roll(files)
    assert list(rollup.deals["id"]) == ["D0002"]  # D0001 is in neither version until someone settles it
    rows = {(c.field, c.value_a, c.value_b) for c in rollup.conflicts}
    assert rows == {("amount", 120_000.0, 100_000.0), ("stage", "判断赢率", "放入漏斗")}
    conflict = rollup.conflicts[0]
    assert (rollup.sources[conflict.source_a].name, rollup.sources[conflict.source_b].name) == ("new.xlsx", "old.xlsx")
    assert conflict.identity == ("D0001",) and conflict.resolution == S.LEFT_OUT
    assert [s.conflicts for s in rollup.sources] == [1, 1]


def test_newest_wins_keeps_the_newer_files_row_and_still_lists_it():
    files = {"new.xlsx": funnel_bytes([deal(1, amount=120_000.0)], modified=NEW),
             "old.xlsx": funnel_bytes([deal(1, amount=100_000.0)], modified=OLD)}
    rollup = roll(files, newest_wins=True)
    assert list(rollup.deals["amount"]) == [120_000.0]
    assert [(c.field, c.value_a, c.value_b) for c in rollup.conflicts] == [("amount", 120_000.0, 100_000.0)]
    assert rollup.conflicts[0].resolution.en == "kept the newer file's version: new.xlsx"


def test_newest_wins_cannot_choose_between_files_saved_at_the_same_moment():
    files = {"a.xlsx": funnel_bytes([deal(1, amount=1.0)], modified=NEW),
             "b.xlsx": funnel_bytes([deal(1, amount=2.0)], modified=NEW)}
    rollup = roll(files, newest_wins=True)
    assert rollup.deals.empty and rollup.conflicts[0].resolution == S.SAME_TIME


def test_two_versions_in_one_file_are_left_out_even_with_newest_wins():
    rollup = roll({"a.xlsx": funnel_bytes([deal(1, amount=1.0), deal(1, amount=2.0), deal(2)])}, newest_wins=True)
    assert list(rollup.deals["id"]) == ["D0002"]
    assert rollup.conflicts[0].resolution == S.SAME_FILE


def test_three_versions_are_each_compared_with_the_newest():
    files = {"a.xlsx": funnel_bytes([deal(1, amount=1.0)], modified=OLD),
             "b.xlsx": funnel_bytes([deal(1, amount=2.0)], modified=NEW),
             "c.xlsx": funnel_bytes([deal(1, amount=3.0, next_step="报价")], modified=dt.datetime(2026, 11, 10))}
    rollup = roll(files, newest_wins=True)
    assert list(rollup.deals["amount"]) == [2.0]
    assert sorted((rollup.sources[c.source_b].name, c.field) for c in rollup.conflicts) == [
        ("a.xlsx", "amount"), ("c.xlsx", "amount"), ("c.xlsx", "next_step")]
    assert {rollup.sources[c.source_a].name for c in rollup.conflicts} == {"b.xlsx"}


def test_conflicts_sheet_and_stderr(tmp_path, capsys):
    (tmp_path / "old.xlsx").write_bytes(funnel_bytes([deal(1, amount=100_000.0)], modified=OLD))
    (tmp_path / "new.xlsx").write_bytes(funnel_bytes([deal(1, amount=120_000.0), deal(2)], modified=NEW))
    output = tmp_path / "out" / "team.xlsx"
    assert cli.main(["rollup", str(tmp_path / "old.xlsx"), str(tmp_path / "new.xlsx"), "-o", str(output)]) == 0
    err = capsys.readouterr().err
    assert "冲突 conflict: D0001 金额 / Amount: new.xlsx = 120000 | old.xlsx = 100000 → 两个版本都未采用" in err
    sheet = read_sheets(output)["冲突"]
    assert sheet[1][:7] == ["商机", "D0001", "金额", "new.xlsx", 120000.0, "old.xlsx", 100000.0]
    assert sheet[1][7] == S.LEFT_OUT.zh
    assert [r[0] for r in read_sheets(output)["商机"][1:] if r[0]] == ["D0002"]


def test_blank_equals_blank_and_nothing_else():
    assert same(None, float("nan")) and same(pd.NaT, None) and same("a", "a")
    assert not same("", None)  # parsing has already turned blank text into None
    assert not same(0.0, None) and not same(None, "x") and not same(1.0, 2.0)


def test_resolve_on_a_hand_made_frame():
    frame = pd.DataFrame({"id": ["A", "A", "B", "B", "C"], "amount": [1.0, 1.0, 5.0, 6.0, 9.0],
                          "source": [0, 1, 0, 1, 1]})
    use, conflicts = resolve("deals", frame, ["id"], ["amount"], [(1,), (2,)], ["x", "y"], newest_wins=True)
    assert list(use) == [True, False, False, True, True]
    assert [(c.identity, c.value_a, c.value_b) for c in conflicts] == [(("B",), 6.0, 5.0)]
    use, conflicts = resolve("deals", frame, ["id"], ["amount"], [(1,), (2,)], ["x", "y"], newest_wins=False)
    assert list(use) == [True, False, False, False, True]
    with pytest.raises(KeyError):
        resolve("deals", frame, ["missing"], ["amount"], [(1,), (2,)], ["x", "y"], newest_wins=False)
