"""`xlsales verify`: shipped code passes, a one-byte change fails, missing code is reported as missing."""

import json

import pytest

from xlsales import cli, lite
from xlsales.sharing import verify as V
from xlsales.templates.build import main_py, workbook_bytes
from xlsales.templates.registry import TEMPLATES


@pytest.fixture(scope="module", params=list(TEMPLATES))
def shipped(request):
    spec = TEMPLATES[request.param]
    return spec, workbook_bytes(spec, "zh-CN")


def test_shipped_code_is_released(shipped):
    spec, data = shipped
    verdict = V.verify_workbook(data)
    assert verdict.released and verdict.template == spec.name
    assert verdict.message.en.startswith("the code is exactly what xlsales")


@pytest.mark.parametrize("position", [0, 1000, -2])
def test_a_one_byte_change_is_flagged(shipped, position):
    spec, _ = shipped
    code = main_py(spec)
    changed = code[:position] + ("X" if code[position] != "X" else "Y") + code[position + 1:]
    assert len(changed) == len(code) and changed != code
    verdict = V.verify_workbook(lite.embed(workbook_bytes(spec, "en"), changed, lite.REQUIREMENTS_TXT))
    assert verdict.status == V.ALTERED and "do not enable" in verdict.message.en


def test_changed_requirements_are_flagged(shipped):
    spec, _ = shipped
    data = lite.embed(workbook_bytes(spec, "en"), main_py(spec), lite.REQUIREMENTS_TXT + "evil-package\n")
    verdict = V.verify_workbook(data)
    assert verdict.status == V.ALTERED and "requirements.txt" in verdict.message.en


def test_missing_code_is_reported_as_missing(shipped):
    from xlsales.sharing.publish import publish

    verdict = V.verify_workbook(publish(shipped[1], strip_code=True).data)
    assert verdict.status == V.MISSING and verdict.message.en == "no embedded xlwings Lite code"


def test_an_earlier_release_recorded_in_released_json_is_accepted(tmp_path):
    old_main, old_requirements = "# xlsales 0.0.9 main.py\n", "xlwings\n"
    known = {"0.0.9": {"funnel": {"main.py": V.sha256(old_main), "requirements.txt": V.sha256(old_requirements)}}}
    verdict = V.verify_code({"main.py": old_main, "requirements.txt": old_requirements}, known)
    assert verdict.released and (verdict.template, verdict.version) == ("funnel", "0.0.9")
    assert V.verify_code({"main.py": old_main + " "}, known).status == V.ALTERED


def test_record_release_keeps_earlier_releases(tmp_path):
    path = tmp_path / "released.json"
    path.write_text(json.dumps({"0.0.9": {"funnel": {"main.py": "a", "requirements.txt": "b"}}}))
    V.record_release(path)
    recorded = json.loads(path.read_text())
    assert recorded["0.0.9"] == {"funnel": {"main.py": "a", "requirements.txt": "b"}}
    assert recorded == {**recorded, **V.current_hashes()}
    first = path.read_bytes()
    V.record_release(path)
    assert path.read_bytes() == first  # deterministic


def test_the_packaged_released_json_holds_this_version():
    current = V.current_hashes()
    assert {v: V.recorded_hashes().get(v) for v in current} == current, \
        "run `xlsales build`: it refreshes xlsales/sharing/released.json"


def test_command_exit_codes(shipped, tmp_path, capsys):
    spec, data = shipped
    good, bad, none, junk = (tmp_path / n for n in ("good.xlsx", "bad.xlsx", "none.xlsx", "junk.xlsx"))
    good.write_bytes(data)
    bad.write_bytes(lite.embed(data, main_py(spec).replace("def ", "def  ", 1), lite.REQUIREMENTS_TXT))
    from xlsales.sharing.publish import publish

    none.write_bytes(publish(data, strip_code=True).data)
    junk.write_bytes(b"%PDF")
    assert [cli.main(["verify", str(p)]) for p in (good, bad, none, junk)] == [0, 1, 1, 2]
    out = capsys.readouterr().out
    assert "good.xlsx: 代码与 xlsales" in out and "bad.xlsx: 嵌入的代码不是" in out and "none.xlsx: 没有嵌入" in out


def test_a_team_workbook_carries_the_rollup_code_and_verifies(tmp_path, capsys):
    """The roll-up's output embeds the roll-up script (so the manager can roll up again inside Excel),
    the same code `xlsales code team` prints, and verify accepts it as shipped."""
    from xlsales import lite
    from xlsales.cli import main
    from xlsales.sharing.teambook import TEAM_REQUIREMENTS, team_main_py
    from xlsales.templates.build import write_workbook
    from xlsales.templates.funnel import SPEC

    source = write_workbook(SPEC, "zh-CN", tmp_path / "rep.xlsx", SPEC.demo_data())
    team = tmp_path / "team.xlsx"
    assert main(["rollup", str(source), "-o", str(team)]) == 0
    code = lite.extract(team.read_bytes())
    assert code == {"main.py": team_main_py(), "requirements.txt": TEAM_REQUIREMENTS}
    assert "def rollup_imported_files(" in code["main.py"] and "python-calamine" in code["requirements.txt"]
    capsys.readouterr()
    assert main(["code", "team"]) == 0 and capsys.readouterr().out == team_main_py()
    assert main(["verify", str(team)]) == 0
