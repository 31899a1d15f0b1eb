"""`xlsales import SOURCE -o OUT.xlsx [--into WORKBOOK.xlsx] [--map MAP.toml] [--dry-run] [--lang zh-CN|en]`.

Exit codes: 0 written (problems in the rows are listed on stderr and flagged by the workbook's own
data-problem column; a dry run that would import); 1 refused (a bad mapping file, a column the source
lacks, output exists without --force, output is an input); 2 unreadable (the source, the --into
workbook) or nothing to import.
"""

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from xlsales import lite
from xlsales.book import stamp
from xlsales.funnel.vocab import DEFAULT_STAGES
from xlsales.i18n import DEFAULT_LANG, LANGS, Text, check_lang
from xlsales.importing import convert, output, source
from xlsales.importing.mapping import Mapping, MappingError, parse, resolve
from xlsales.importing.model import Conversion
from xlsales.importing.report import mapping_file, report
from xlsales.importing.targets import TARGETS, Target
from xlsales.sharing.cli import Progress

LARGE = 5000  # rows from which a progress bar is shown


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("import", help="bring deals in from a CRM export (CSV or workbook): a new funnel workbook, "
                                             "or added to one (--into); also quota weekly tracking and customer lists")
    p.add_argument("source", help="the export: .csv (UTF-8, GBK/GB18030) or .xlsx/.xls")
    p.add_argument("-o", "--output", help="the workbook to write (required unless --dry-run)")
    p.add_argument("--into", help="add the rows to a copy of this workbook instead of a new one")
    p.add_argument("--map", help="a mapping file (TOML): columns, stage and status values; --dry-run prints one")
    p.add_argument("--target", choices=list(TARGETS), help="what to fill (default: from the headers, or --into's workbook)")
    p.add_argument("--dry-run", action="store_true", help="print the mapping, counts and problems; write nothing")
    p.add_argument("--lang", choices=list(LANGS), help=f"a new workbook's language (default {DEFAULT_LANG})")
    p.add_argument("--force", action="store_true", help="overwrite the output if it exists")
    p.set_defaults(run=cmd_import)


def _same(a: Path, b: Path) -> bool:
    return a.exists() and b.exists() and a.resolve() == b.resolve()


def _refused(err: TextIO, text: Text) -> int:
    print(text.both(), file=err)
    return 1


def _output_refusal(args: argparse.Namespace) -> Text | None:
    """Why the output cannot be written: none named, an input, or an existing file without --force."""
    if args.dry_run:
        return None
    if not args.output:
        return Text("请用 -o 指定输出文件(或用 --dry-run 只看映射)", "name the output with -o (or look at the mapping "
                    "with --dry-run)")
    target = Path(args.output)
    if any(_same(target, Path(p)) for p in (args.source, args.into, args.map) if p):
        return Text(f"输出文件 {target} 是输入文件之一,不会覆盖", f"the output {target} is one of the inputs: it is never "
                    f"overwritten")
    if target.exists() and not args.force:
        return Text(f"文件已存在,未覆盖: {target}(如需覆盖请用 --force)",
                    f"file exists, not overwritten: {target} (use --force to overwrite)")
    return None


def _mapping_text(args: argparse.Namespace) -> str | None:
    if not args.map:
        return None
    try:
        return Path(args.map).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(Path(args.map).name, [Text(f"无法读取: {error}", f"cannot be read: {error}")]) from None


def cmd_import(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    path = Path(args.source)
    refusal = _output_refusal(args)
    if refusal is not None:
        return _refused(err, refusal)
    try:
        text = _mapping_text(args)
        parsed = parse(text, Path(args.map).name) if text is not None else None
        sheet = source.read(path)
        target = _target(args, parsed, sheet)
        into = output.read_destination(Path(args.into), target) if args.into else None
        lang = into[1].lang if into else check_lang(args.lang or DEFAULT_LANG)
        mapping = resolve(parsed, target, Path(args.map).name, _stages(target, into), into is None) if parsed \
            else Mapping()
    except MappingError as error:
        print(error, file=err)
        return 1
    except source.SourceError as error:
        print(error, file=err)
        return 2
    if into and args.lang and args.lang != lang:
        print(Text(f"--into 的工作簿是 {lang},按它的语言写入", f"the --into workbook is in {lang}: written in its "
                   f"language").both(), file=err)
    destination = into[1] if into else output.new_destination(target, lang, mapping)
    progress = Progress(4, err, title=Text("导入", "importing").both()) if len(sheet.rows) > LARGE else None
    _step(progress, 1, Text("读取", "read").both())
    grid = convert.grid(path.name, sheet.rows, sheet.notes, target, mapping)
    conversion = convert.convert(grid, target, mapping, destination)
    _step(progress, 2, Text("转换", "converted").both())
    data = output.build(conversion, into[0] if into else None) if conversion.numbers else None
    if data is not None:
        output.verify(conversion, data)
    _step(progress, 3, Text("检查", "checked").both())
    print(f"来源 source: {path.name}", file=err)
    for line in report(conversion):
        print(line, file=err)
    if args.dry_run:
        out.write(mapping_file(conversion, mapping))
        return 1 if conversion.refusals else 0
    if conversion.refusals:
        print(Text("未写入任何文件", "nothing written").both(), file=err)
        return 1
    if data is None:
        print(Text(f"{path.name} 中没有可导入的行", f"{path.name} has no rows to import").both(), file=err)
        return 2
    target_path = Path(args.output)
    lite.write_atomic(target_path, data, overwrite=args.force)
    _step(progress, 4, target_path.name)
    _said(conversion, target_path, err)
    print(target_path, file=out)
    return 0


def _step(progress: Progress | None, done: int, label: str) -> None:
    if progress is not None:
        progress.update(done, label)


def _target(args: argparse.Namespace, parsed: Any, sheet: source.Sheet) -> Target:
    """--target, else the mapping file's, else the --into workbook's template's, else the best match of the headers."""
    if args.target:
        return TARGETS[args.target]
    if parsed is not None and parsed.target:
        return TARGETS[parsed.target]
    said = stamp(Path(args.into)).get("template") if args.into else None
    for target in TARGETS.values():  # one target per template
        if target.template == said:
            return target
    return convert.guess_target(sheet.rows, Mapping())


def _stages(target: Target, into: tuple[bytes, Any] | None) -> list[Text]:
    """The stages a mapping file may name: the --into workbook's, else the template's."""
    if target.name != "funnel":
        return []
    return into[1].stages if into else [s.name for s in DEFAULT_STAGES]


def _said(conversion: Conversion, path: Path, err: TextIO) -> None:
    lang = conversion.destination.lang
    table = conversion.target.table
    first = conversion.destination.first_row or table.first_row
    last = first + len(conversion.numbers) - 1
    where = f"{conversion.target.sheet(lang)}!{table.letter(table.columns[0].key)}{first}:" \
            f"{table.last_letter()}{last}"
    print(f"已导入 imported: {len(conversion.numbers)} 行 rows → {path.name} ({where})", file=err)
