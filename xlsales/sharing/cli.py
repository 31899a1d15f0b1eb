"""`xlsales rollup`, `xlsales publish`, `xlsales verify`.

Exit codes: 0 done (a roll-up with skipped files or conflicts is still done: both are listed on
stderr and in the team workbook); 1 refused (output exists without --force, output is an
input or a folder, code altered or missing for verify, a file that cannot be written); 2 nothing
usable (no team workbook written) or an unreadable file for publish/verify.

The roll-up reads each file in a worker process within xlsales.limits (xlsales.isolation): a file
that crashes or exhausts its reader is that file's "skipped" row, and the others still roll up.
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any, Callable, TextIO

from xlsales import isolation, lite
from xlsales import limits as L
from xlsales.funnel import figures
from xlsales.i18n import LANGS, Lang, Text, check_lang
from xlsales.paths import check_output, os_error_text
from xlsales.problems import UserError
from xlsales.sharing import layout as S
from xlsales.sharing.publish import publish
from xlsales.sharing.reading import ReadBook, file_time, read_source
from xlsales.sharing.rollup import Combining, RollUp, display, field_label
from xlsales.sharing.safety import without_surrogates
from xlsales.sharing.teambook import team_main_py, team_workbook
from xlsales.sharing.verify import verify_workbook
from xlsales.table import to_date

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
SHOWN_PROBLEMS = 20  # on stderr; the team workbook's problems sheet lists them all


class Progress:
    """A plain-text progress bar on stderr: redrawn in place on a terminal, a line per tenth otherwise."""

    def __init__(self, total: int, stream: TextIO, width: int = 30, title: str = "读取 reading"):
        self.total, self.stream, self.width, self.title = max(total, 1), stream, width, title
        self.tty = stream.isatty()
        self.shown = -1

    def update(self, done: int, label: str) -> None:
        filled = self.width * done // self.total
        line = f"{self.title} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total} {label}"
        if self.tty:
            self.stream.write("\r" + line[:120].ljust(120))
            if done == self.total:
                self.stream.write("\n")
        elif done * 10 // self.total > self.shown or done == self.total:
            self.shown = done * 10 // self.total
            self.stream.write(line + "\n")
        self.stream.flush()


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("rollup", help="combine reps' funnel workbooks into one team workbook")
    p.add_argument("files", nargs="+", help="workbooks, or folders holding them")
    p.add_argument("-o", "--output", required=True, help="the team workbook to write (.xlsx)")
    p.add_argument("--newest-wins", action="store_true",
                   help="for a deal ID with different content in two files, keep the newer file's (still listed)")
    p.add_argument("--force", action="store_true", help="overwrite the output if it exists")
    p.add_argument("--lang", default="zh-CN", choices=list(LANGS))
    p.add_argument("--as-of", help="the team workbook's as-of date (default today)")
    L.add_arguments(p)
    p.set_defaults(run=cmd_rollup)
    p = subparsers.add_parser("publish", help="a copy without Python: Python-function cells replaced by their values")
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--strip-code", action="store_true", help="also remove the embedded xlwings Lite code")
    p.add_argument("--force", action="store_true", help="overwrite the output if it exists")
    L.add_arguments(p, L.PACKAGE_FIELDS)
    p.set_defaults(run=cmd_publish)
    p = subparsers.add_parser("verify", help="is the embedded code exactly code released by xlsales? exit 0 if so")
    p.add_argument("file")
    L.add_arguments(p, L.PACKAGE_FIELDS)
    p.set_defaults(run=cmd_verify)


def _inputs(names: list[str]) -> list[Path]:
    paths: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():  # Excel's lock files (~$name.xlsx) are not workbooks
            paths += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in EXCEL_SUFFIXES
                            and not p.name.startswith("~$"))
        else:
            paths.append(path)
    return paths


def load(path: str, limits: L.Limits = L.DEFAULT, memory_limited: bool = False) -> ReadBook:
    """One input file, as a reading worker reads it (xlsales.isolation): never raises for a bad file."""
    file = Path(path)
    try:
        status = file.stat()
        L.check_file_size(status.st_size, limits)
        data = file.read_bytes()
    except L.LimitExceeded as error:
        return ReadBook(without_surrogates(file.name), {}, failure=error.reason)
    except OSError as error:
        return ReadBook(without_surrogates(file.name), {}, failure=Text(
            S.UNREADABLE.zh.format(error=error.strerror), S.UNREADABLE.en.format(error=error.strerror)))
    return read_source(file.name, data, file_time(status.st_mtime), limits, full_scan=not memory_limited)


def read_all(paths: list[Path], limits: L.Limits = L.DEFAULT, progress: "Progress | None" = None) -> list[ReadBook]:
    """Every file, read in parallel worker processes; a file whose reader crashed or ran over is a skipped book."""
    return _read(paths, limits, progress)[0]


def _read(paths: list[Path], limits: L.Limits, progress: "Progress | None", side_task: isolation.Task | None = None,
          on_book: Callable[[int, ReadBook], None] | None = None) -> tuple[list[ReadBook], Any]:
    """(the books, what `side_task` returned): the side task runs first, in a reading worker beside the files;
    `on_book(index, book)` as each file's book arrives."""
    side = [side_task] if side_task is not None else []
    books: list[ReadBook] = [ReadBook("", {})] * len(paths)  # each replaced as it arrives
    returned: list[Any] = [None]
    arrived = 0

    def done(count: int, index: int, outcome: Any) -> None:
        nonlocal arrived
        if index < len(side):
            returned[0] = outcome
            return
        index -= len(side)
        name = without_surrogates(paths[index].name)
        books[index] = outcome if isinstance(outcome, ReadBook) else ReadBook(name, {}, failure=outcome.reason)
        arrived += 1
        if on_book is not None:
            on_book(index, books[index])
        if progress is not None:
            progress.update(arrived, name)

    isolation.run(side + [(load, (str(path), limits)) for path in paths], limits, done)
    return books, returned[0]


def bundled_team_code(memory_limited: bool = False) -> str:
    """The team workbook's main.py, as a reading worker's task (`memory_limited` is what every task is told)."""
    return team_main_py()


def roll_up(paths: list[Path], lang: Lang, as_of: dt.date, newest_wins: bool = False, limits: L.Limits = L.DEFAULT,
            progress: "Progress | None" = None, steps: dict[str, float] | None = None) -> tuple[RollUp, str]:
    """The command's reading and combining: (the roll-up, with what reading noticed among its problems; the team
    workbook's main.py). Each file's deals are parsed as the files arrive (rollup.Combining), and main.py is
    bundled by a reading worker meanwhile: it needs none of the files, and after them it would add a quarter of
    a second. `steps`: each step's seconds are put there."""
    start = time.perf_counter()
    combining = Combining(len(paths))
    books, code = _read(paths, limits, progress, (bundled_team_code, ()), combining.add)
    read = time.perf_counter()
    rollup = combining.combine(lang, as_of, newest_wins=newest_wins)
    notes = [(i, note) for i, book in enumerate(books) for note in book.notes]
    if notes:  # what reading noticed (unreadable document properties, texts cut): on stderr and the problems sheet
        rollup.problems = sorted(rollup.problems + notes, key=lambda p: p[0])
    if steps is not None:
        steps.update(read=read - start, combine=time.perf_counter() - read)
    return rollup, code if isinstance(code, str) else team_main_py()  # a worker that failed: bundled here


def cmd_rollup(args: argparse.Namespace, stderr: TextIO | None = None) -> int:
    err = stderr or sys.stderr
    limits = L.from_arguments(args)
    output = Path(args.output)
    paths = _inputs(args.files)
    check_output(output, paths, args.force)
    as_of = to_date(args.as_of) if args.as_of else None
    if args.as_of and as_of is None:
        print(f"--as-of 应为日期,如 2026-11-23 / --as-of must be a date such as 2026-11-23: {args.as_of}", file=err)
        return 1
    lite.remove_stale_temporaries(output)  # what a killed roll-up into the same file left behind
    rollup, code = roll_up(paths, check_lang(args.lang), as_of.date() if as_of is not None else dt.date.today(),
                           args.newest_wins, limits, Progress(len(paths), err))
    report(rollup, err)
    if not rollup.usable:
        print("没有可用的文件,未生成团队工作簿 / nothing usable: no team workbook written", file=err)
        return 2
    lite.write_atomic(output, team_workbook(rollup, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None), code),
                      overwrite=args.force)
    print(output)
    return 0


def report(rollup: RollUp, err: TextIO) -> None:
    """What happened, on stderr: skipped files, rows left out, conflicts side by side, totals."""
    names = [s.name for s in rollup.sources]
    for source in rollup.sources:
        if source.status != S.OK:
            reason = f": {source.reason.both()}" if source.reason else ""
            print(f"{S.STATUS[source.status].both()} {source.name}{reason}", file=err)
    for source, problem in rollup.problems[:SHOWN_PROBLEMS]:
        print(f"  {names[source]} {problem.message()}", file=err)
    if len(rollup.problems) > SHOWN_PROBLEMS:
        print(f"  … 另有 {len(rollup.problems) - SHOWN_PROBLEMS} 条,见「{S.SHEET_PROBLEMS.zh}」表 / "
              f"{len(rollup.problems) - SHOWN_PROBLEMS} more on the '{S.SHEET_PROBLEMS.en}' sheet", file=err)
    for c in rollup.conflicts:
        print(f"冲突 conflict: {' '.join(map(str, c.identity))} {field_label(c.table, c.field).both()}: "
              f"{names[c.source_a]} = {_shown(display(c.field, c.value_a, 'zh-CN'))} | "
              f"{names[c.source_b]} = {_shown(display(c.field, c.value_b, 'zh-CN'))} → {c.resolution.both()}", file=err)
    used = sum(s.status != S.SKIPPED for s in rollup.sources)
    weighted = figures.weighted_pipeline(rollup.deals, rollup.stage_frame)
    if rollup.weekly.tracking is not None:
        behind = rollup.weekly.tracking[rollup.weekly.tracking["behind"]]["rep"].nunique()
        print(f"周进度 weekly pace: 跟踪到第 {rollup.weekly.week} 周 tracked to week {rollup.weekly.week}, "
              f"{behind} 人落后 reps behind", file=err)
    print(f"汇总 rolled up: {len(rollup.deals)} 个商机 deals, {used}/{len(rollup.sources)} 个文件 files, "
          f"{len({c.identity for c in rollup.conflicts})} 个冲突 conflicts; 加权金额 weighted pipeline {weighted:,.0f}",
          file=err)


def _shown(value: Any) -> str:
    if value is None:
        return "(空 blank)"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _input_bytes(path: Path, limits: L.Limits) -> bytes:
    """An input file's bytes, or UserError (exit 2) saying why it cannot be read."""
    try:
        L.check_file_size(path.stat().st_size, limits)
        return path.read_bytes()
    except L.LimitExceeded as error:
        raise UserError(f"{path.name}: {error}", exit_code=2) from error
    except OSError as error:
        raise UserError(os_error_text(error), exit_code=2) from error


def cmd_publish(args: argparse.Namespace) -> int:
    source, output = Path(args.file), Path(args.output)
    limits = L.from_arguments(args)
    check_output(output, [source], args.force)
    try:
        result = publish(_input_bytes(source, limits), strip_code=args.strip_code, limits=limits)
    except ValueError as error:
        print(f"{without_surrogates(source.name)}: {error}", file=sys.stderr)
        return 2
    lite.write_atomic(output, result.data, overwrite=args.force)
    print(f"{output}: {result.replaced} 个 Python 函数单元格已换成数值 / Python-function cells replaced by values"
          + ("; 已移除嵌入代码 / embedded code removed" if args.strip_code else ""), file=sys.stderr)
    print(output)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    path = Path(args.file)
    limits = L.from_arguments(args)
    try:
        verdict = verify_workbook(_input_bytes(path, limits), limits)
    except ValueError as error:
        print(f"{without_surrogates(path.name)}: {error}", file=sys.stderr)
        return 2
    print(f"{without_surrogates(path.name)}: {verdict.message.both()}")
    return 0 if verdict.released else 1
