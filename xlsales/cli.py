"""The `xlsales` command: build templates, make new workbooks, run the demo, check filled workbooks.

Every mistake a user can make (a missing or unreadable file, a folder for a file, the wrong kind of
file, no permission, a full disk, an output that is an input) ends in one line in Chinese and English
and a non-zero exit, never a traceback; a traceback means a bug in xlsales.
"""

import argparse
import contextlib
import os
import signal
import sys
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterator, NoReturn

from openpyxl.utils.exceptions import InvalidFileException

from xlsales import limits as L
from xlsales import lite
from xlsales.book import UnreadableWorkbook, read_sheets, read_tables, stamp
from xlsales.i18n import DEFAULT_LANG, LANGS, check_lang
from xlsales.importing.cli import register as register_import
from xlsales.libreoffice import LibreOfficeError
from xlsales.paths import check_output, os_error_text
from xlsales.problems import UserError
from xlsales.sharing.cli import register as register_sharing
from xlsales.sharing.teambook import TEAM_REQUIREMENTS, team_main_py
from xlsales.templates.build import build_all, main_py, write_workbook
from xlsales.templates.common import TemplateSpec
from xlsales.templates.quote import export_quote_pdf
from xlsales.templates.registry import TEMPLATES


TEAM = "team"  # `xlsales code team`: the roll-up code of a team workbook

# Modules that add their own subcommands: each is register(subparsers) -> None.
EXTENSIONS: list[Callable[[Any], None]] = []
EXTENSIONS.append(register_sharing)
EXTENSIONS.append(register_import)


def _spec(name: str) -> TemplateSpec:
    if name not in TEMPLATES:
        raise SystemExit(f"未知模板 {name!r},可选: {', '.join(TEMPLATES)} / unknown template {name!r}, "
                         f"choose from: {', '.join(TEMPLATES)}")
    return TEMPLATES[name]


def cmd_build(args: argparse.Namespace) -> int:
    for path in build_all(Path(args.out), TEMPLATES):
        print(path)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    path = write_workbook(_spec(args.template), check_lang(args.lang), Path(args.output), overwrite=args.force)
    print(path)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    for spec in TEMPLATES.values():
        template = write_workbook(spec, "zh-CN", folder / f"{spec.name}.xlsx", overwrite=True)
        data = spec.demo_data()
        filled = write_workbook(spec, check_lang(args.lang), folder / f"{spec.name}-demo.xlsx", data, overwrite=True)
        print(f"== {spec.title.both()}: {template.name}, {filled.name}")
        for line in spec.summary(data):
            print(f"   {line}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.file)
    limits = L.from_arguments(args)
    try:
        sheets = read_sheets(path, limits)
    except UnreadableWorkbook as error:
        print(error, file=sys.stderr)
        return 2
    name = stamp(path, limits).get("template") or _guess(sheets)
    if name is None:
        print(f"{path.name}: 不是 xlsales 工作簿 / not an xlsales workbook", file=sys.stderr)
        return 2
    problems = _spec(name).check(sheets, read_tables(path))
    for problem in problems:
        print(problem.message())
    errors = sum(p.severity == "error" for p in problems)
    print(f"{path.name}: {errors} 个错误 errors, {len(problems) - errors} 个提示 warnings")
    return 1 if errors else 0


def _guess(sheets: dict[str, object]) -> str | None:
    """A workbook without our stamp (e.g. re-saved by another program): recognise it by its sheet names."""
    for spec in TEMPLATES.values():
        if not any(p.cell == "" and p.expected_zh.startswith("缺少工作表") for p in spec.check(sheets)):
            return spec.name
    return None


def cmd_code(args: argparse.Namespace) -> int:
    if args.template == TEAM:
        code, requirements = team_main_py(), TEAM_REQUIREMENTS
    else:
        code, requirements = main_py(_spec(args.template)), lite.REQUIREMENTS_TXT
    sys.stdout.write(requirements if args.requirements else code)
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    source = Path(args.file)
    target = Path(args.output) if args.output else source.with_suffix(".pdf")
    check_output(target, [source], args.force)
    _check_xlsx(source, L.from_arguments(args))
    try:
        print(export_quote_pdf(source, target, overwrite=args.force))
    except (zipfile.BadZipFile, InvalidFileException, SyntaxError, EOFError) as error:  # XML errors are SyntaxErrors
        raise UserError(f"{source.name}: 工作簿已损坏 / damaged workbook ({type(error).__name__})", 2) from error
    return 0


def _check_xlsx(path: Path, limits: L.Limits) -> None:
    """An xlsx that openpyxl may open: within the limits (no zip bomb), with a workbook part. UserError otherwise."""
    try:
        with open(path, "rb") as handle, L.open_package(handle, limits) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise UserError(f"{path.name}: 不是 Excel 工作簿(xlsx) / not an Excel workbook (xlsx)", 2)
    except L.LimitExceeded as error:
        raise UserError(f"{path.name}: {error}", 2) from error
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise UserError(f"{path.name}: 不是 Excel 工作簿(xlsx) / not an Excel workbook (xlsx)", 2) from error


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake on the command line is one line in both languages (exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: 参数有误: {message}(见 --help) / {self.prog}: invalid arguments: {message} "
                     "(see --help)\n")


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog="xlsales", description="xlsales: sales-management workbooks for Excel")
    sub = top.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="build every template into a folder (default workbooks/)")
    p.add_argument("--out", default="workbooks")
    p.set_defaults(run=cmd_build)
    p = sub.add_parser("new", help="a new empty workbook from a template")
    p.add_argument("template", choices=list(TEMPLATES))
    p.add_argument("output")
    p.add_argument("--lang", default=DEFAULT_LANG, choices=list(LANGS))
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(run=cmd_new)
    p = sub.add_parser("demo", help="build every template and a filled demo copy into a folder, print a summary")
    p.add_argument("folder", nargs="?", default="demo")
    p.add_argument("--lang", default=DEFAULT_LANG, choices=list(LANGS))
    p.set_defaults(run=cmd_demo)
    p = sub.add_parser("check", help="validate a filled workbook; problems by sheet!cell; exit 1 on errors")
    p.add_argument("file")
    L.add_arguments(p)
    p.set_defaults(run=cmd_check)
    p = sub.add_parser("code", help="print a template's xlwings Lite main.py (or requirements.txt) to paste into Lite; "
                                    "'team' is the roll-up code a team workbook carries")
    p.add_argument("template", choices=[*TEMPLATES, TEAM])
    p.add_argument("--requirements", action="store_true")
    p.set_defaults(run=cmd_code)
    p = sub.add_parser("pdf", help="the customer quotation sheet of a quote workbook as a one-page PDF (LibreOffice)")
    p.add_argument("file")
    p.add_argument("-o", "--output", help="PDF path (default: the workbook's name with .pdf)")
    p.add_argument("--force", action="store_true", help="overwrite an existing PDF")
    L.add_arguments(p, L.PACKAGE_FIELDS)
    p.set_defaults(run=cmd_pdf)
    for register in EXTENSIONS:
        register(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    with _terminate_as_exit():
        try:
            return args.run(args)
        except UserError as error:
            print(error.message, file=sys.stderr)
            return error.exit_code
        except BrokenPipeError:  # e.g. `xlsales code team | head`: the reader has gone, nothing more to say
            _stdout_to_devnull()
            return 1
        except OSError as error:  # no errno: one of ours, already in both languages (e.g. file exists)
            print(error if error.errno is None else os_error_text(error).both(), file=sys.stderr)
            return 1
        except (ValueError, LibreOfficeError) as error:  # said in both languages where raised
            print(error, file=sys.stderr)
            return 1
        except MemoryError:
            print("内存不足 / out of memory", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("已中断 / interrupted", file=sys.stderr)
            return 130


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """SIGTERM (kill, a closing terminal) ends the command as an exception would, so temporary files are removed
    and worker processes stopped on the way out."""
    def exit_now(signum: int, frame: Any) -> NoReturn:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, exit_now)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stdout_to_devnull() -> None:
    try:
        descriptor = os.open(os.devnull, os.O_WRONLY)
        os.dup2(descriptor, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout replaced (tests) or already closed
        pass


if __name__ == "__main__":
    sys.exit(main())
