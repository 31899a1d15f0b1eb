"""The `xlsales` command: build templates, make new workbooks, run the demo, check filled workbooks."""

import argparse
import sys
from pathlib import Path
from typing import Any, Callable

from xlsales import lite
from xlsales.book import UnreadableWorkbook, read_sheets, read_tables, stamp
from xlsales.i18n import DEFAULT_LANG, LANGS, check_lang
from xlsales.libreoffice import LibreOfficeError
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
    try:
        sheets = read_sheets(path)
    except UnreadableWorkbook as error:
        print(error, file=sys.stderr)
        return 2
    name = stamp(path).get("template") or _guess(sheets)
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
    print(export_quote_pdf(source, target, overwrite=args.force))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="xlsales", description="xlsales: sales-management workbooks for Excel")
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
    p.set_defaults(run=cmd_pdf)
    for register in EXTENSIONS:
        register(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (FileExistsError, ValueError, LibreOfficeError) as error:  # said in both languages where raised
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
