"""Every user mistake ends in one line in Chinese and English and a non-zero exit, for every subcommand; no command
writes onto one of its inputs or a folder; temporary files never outlive a write."""

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests import hostile_files as H
from xlsales import cli, lite
from xlsales.templates.build import workbook_bytes
from xlsales.templates.funnel import SPEC
from xlsales.templates.quote import SPEC as QUOTE

ROOT = Path(__file__).resolve().parents[1]
FUNNEL = workbook_bytes(SPEC, "zh-CN")


def _one_line(capsys, code: int, expected_code: int | None = None) -> str:
    """The error output: exactly one line, Chinese / English, and a non-zero exit (a roll-up says what it
    read first: progress and its summary)."""
    err = capsys.readouterr().err
    assert code != 0 if expected_code is None else code == expected_code, err
    lines = [line for line in err.splitlines() if not line.startswith(("读取 reading [", "汇总 rolled up:"))]
    assert len(lines) == 1 and " / " in lines[0] and "Traceback" not in err, err
    assert any("\u4e00" <= c <= "\u9fff" for c in lines[0].split(" / ")[0]), lines[0]  # the Chinese half
    return lines[0]


def _commands(tmp_path: Path, source: Path, output: Path) -> dict[str, list[str]]:
    """Each subcommand that reads a file, reading `source` (and writing `output`)."""
    return {"check": ["check", str(source)], "pdf": ["pdf", str(source), "-o", str(output)],
            "publish": ["publish", str(source), "-o", str(output)], "verify": ["verify", str(source)]}


@pytest.mark.parametrize("command", ["check", "pdf", "publish", "verify"])
@pytest.mark.parametrize("kind", ["missing", "folder", "not a workbook", "zip bomb", "not a zip"])
def test_a_bad_input_is_one_line(tmp_path, capsys, command, kind):
    source = tmp_path / "in.xlsx"
    if kind == "folder":
        source.mkdir()
    elif kind == "not a workbook":
        source.write_bytes(H.write_zip({"word/document.xml": b"<w:document/>"}))
    elif kind == "zip bomb":
        source.write_bytes(H.sheet_bomb(FUNNEL))
    elif kind == "not a zip":
        source.write_text("客户名单\n张三,李四\n", encoding="utf-8")
    line = _one_line(capsys, cli.main(_commands(tmp_path, source, tmp_path / "out.pdf")[command]))
    expected = {"missing": "no such file or folder", "folder": "this is a folder", "zip bomb": "too large",
                "not a workbook": "not an", "not a zip": "not"}[kind]
    assert expected in line.lower(), line
    assert not (tmp_path / "out.pdf").exists()


def test_a_wrong_argument_is_one_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["new", "no-such-template", "x.xlsx"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "参数有误" in err and "invalid arguments" in err and "invalid choice" in err


@pytest.mark.parametrize("command", ["new", "rollup", "publish", "pdf"])
def test_writing_over_a_folder_is_refused_even_with_force(tmp_path, capsys, command):
    source = tmp_path / "q.xlsx"
    source.write_bytes(workbook_bytes(QUOTE, "zh-CN") if command == "pdf" else FUNNEL)
    folder = tmp_path / "out"
    folder.mkdir()
    args = {"new": ["new", "funnel", str(folder)], "rollup": ["rollup", str(source), "-o", str(folder)],
            "publish": ["publish", str(source), "-o", str(folder)], "pdf": ["pdf", str(source), "-o", str(folder)]}
    line = _one_line(capsys, cli.main(args[command] + ["--force"]))
    assert "this is a folder" in line and folder.is_dir() and not list(folder.iterdir())


@pytest.mark.parametrize("command", ["pdf", "publish", "rollup"])
@pytest.mark.parametrize("spelling", ["same", "relative", "symlink", "hard link"])
def test_no_command_writes_onto_its_input_however_spelt(tmp_path, capsys, monkeypatch, command, spelling):
    source = tmp_path / "q.xlsx"
    source.write_bytes(workbook_bytes(QUOTE, "zh-CN"))
    before = source.read_bytes()
    monkeypatch.chdir(tmp_path)
    output = {"same": source, "relative": Path("sub/../q.xlsx"), "symlink": tmp_path / "link.xlsx",
              "hard link": tmp_path / "hard.xlsx"}[spelling]
    (tmp_path / "sub").mkdir()
    if spelling == "symlink":
        output.symlink_to(source)
    elif spelling == "hard link":
        os.link(source, output)
    args = {"pdf": ["pdf", str(source), "-o", str(output)], "publish": ["publish", str(source), "-o", str(output)],
            "rollup": ["rollup", str(source), "-o", str(output)]}[command]
    line = _one_line(capsys, cli.main(args + ["--force"]), 1)
    assert "the output file cannot be one of the input files" in line
    assert source.read_bytes() == before


def test_pdf_onto_its_own_quote_with_force_is_refused_before_libreoffice(tmp_path, capsys, monkeypatch):
    """`xlsales pdf q.xlsx -o q.xlsx --force` once replaced the quote workbook with a PDF."""
    quote = tmp_path / "q.xlsx"
    quote.write_bytes(workbook_bytes(QUOTE, "zh-CN"))
    monkeypatch.setattr("xlsales.libreoffice.export_pdf", lambda *a: pytest.fail("LibreOffice was started"))
    assert cli.main(["pdf", str(quote), "-o", str(quote), "--force"]) == 1
    assert "输出文件不能是输入文件之一" in capsys.readouterr().err and quote.read_bytes()[:2] == b"PK"


def _disk_full(*args):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("command", ["new", "demo", "build", "rollup", "publish"])
def test_a_full_disk_is_one_line_and_leaves_no_temporary_file(tmp_path, capsys, monkeypatch, command):
    source = tmp_path / "in" / "rep.xlsx"
    source.parent.mkdir()
    source.write_bytes(H.good())
    out = tmp_path / "out"
    out.mkdir()
    (out / "team.xlsx").write_bytes(b"old")
    args = {"new": ["new", "funnel", str(out / "team.xlsx"), "--force"], "demo": ["demo", str(out)],
            "build": ["build", "--out", str(out)], "rollup": ["rollup", str(source), "-o", str(out / "team.xlsx"),
                                                             "--force"],
            "publish": ["publish", str(source), "-o", str(out / "team.xlsx"), "--force"]}[command]
    monkeypatch.setattr(os, "fsync", _disk_full)
    line = _one_line(capsys, cli.main(args), 1)
    assert line.startswith(f"磁盘已满: {out}{os.sep}") and f"/ disk full: {out}{os.sep}" in line  # the file named
    assert (out / "team.xlsx").read_bytes() == b"old" and [p.name for p in out.iterdir()] == ["team.xlsx"]


def test_no_permission_is_one_line(tmp_path, capsys, monkeypatch):
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path / "locked")):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    line = _one_line(capsys, cli.main(["new", "funnel", str(tmp_path / "locked" / "f.xlsx")]), 1)
    assert line.startswith("没有权限: ") and "permission denied: " in line and not (tmp_path / "locked" / "f.xlsx").exists()


def test_an_unreadable_input_is_one_line(tmp_path, capsys, monkeypatch):
    source = tmp_path / "in.xlsx"
    source.write_bytes(FUNNEL)
    def refuse(self):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    line = _one_line(capsys, cli.main(["verify", str(source)]), 2)
    assert "permission denied" in line


def test_ctrl_c_while_writing_leaves_the_old_file_and_no_temporary(tmp_path, capsys, monkeypatch):
    target = tmp_path / "f.xlsx"
    target.write_bytes(b"old")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    assert cli.main(["new", "funnel", str(target), "--force"]) == 130
    assert capsys.readouterr().err == "已中断 / interrupted\n"
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["f.xlsx"]


def test_sigterm_while_writing_removes_the_temporary(tmp_path, monkeypatch):
    target = tmp_path / "f.xlsx"

    def terminated(*args):
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "fsync", terminated)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["new", "funnel", str(target)])
    assert exit_.value.code == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the command's handler is gone again


def test_a_roll_up_cleans_its_own_stale_temporaries_and_nothing_else(tmp_path):
    source = tmp_path / "rep.xlsx"
    source.write_bytes(H.good())
    stale = tmp_path / ".team.xlsx.0123456789ab.tmp"  # what a killed roll-up into team.xlsx left
    in_use = tmp_path / ".team.xlsx.ba9876543210.tmp"  # a roll-up into team.xlsx still writing
    others = [tmp_path / n for n in (".team.xlsx.tmp", ".other.xlsx.0123456789ab.tmp", "notes.tmp",
                                     ".team.xlsx.0123456789AB.tmp", ".team.xlsx.0123456789ab.tmp.bak")]
    for path in [stale, in_use, *others]:
        path.write_bytes(b"partial")
    (tmp_path / ".team.xlsx.aaaaaaaaaaaa.tmp").symlink_to(source)  # a link of the same name: not a file of ours
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'rb'); "
                               "fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)",
                               str(in_use)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        assert cli.main(["rollup", str(tmp_path), "-o", str(tmp_path / "team.xlsx")]) == 0
    finally:
        holder.kill()
        holder.wait()
    assert not stale.exists() and in_use.exists() and all(p.exists() for p in others)
    assert (tmp_path / ".team.xlsx.aaaaaaaaaaaa.tmp").is_symlink() and source.exists()


def test_a_killed_roll_up_leaves_nothing_the_next_one_keeps(tmp_path):
    """SIGKILL gives Python no chance to clean up: the next roll-up into the same file does."""
    source = tmp_path / "rep.xlsx"
    source.write_bytes(H.good())
    output = tmp_path / "team.xlsx"
    stuck = ("import os, sys, xlsales.lite as lite\n"
             "def stop(*a): os.kill(os.getpid(), 9)\n"
             "os.fsync = stop\n"
             "from xlsales.cli import main\nmain(sys.argv[1:])\n")
    killed = subprocess.run([sys.executable, "-c", stuck, "rollup", str(source), "-o", str(output)], cwd=ROOT,
                            capture_output=True)
    assert killed.returncode == -9 and not output.exists()
    assert len(list(tmp_path.glob(".team.xlsx.*.tmp"))) == 1
    assert cli.main(["rollup", str(source), "-o", str(output)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep.xlsx", "team.xlsx"]


def test_a_closed_pipe_is_not_a_traceback():
    run = subprocess.run(f"{sys.executable} -m xlsales.cli code team | head -c 8", shell=True, cwd=ROOT,
                         capture_output=True)
    assert run.stdout == "# 销售".encode() and run.stderr == b""


def test_demo_into_a_file_is_one_line(tmp_path, capsys):
    (tmp_path / "demo").write_text("a file")
    line = _one_line(capsys, cli.main(["demo", str(tmp_path / "demo")]), 1)
    assert "a file of that name already exists" in line


def test_write_atomic_itself_refuses_a_folder(tmp_path):
    with pytest.raises(IsADirectoryError):
        lite.write_atomic(tmp_path, b"x", overwrite=True)
