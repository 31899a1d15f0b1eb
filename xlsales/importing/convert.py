"""A source grid -> the target table's values, and every value that cannot be read or placed, by source row.

Nothing is dropped and nothing is zeroed: a value that cannot be read (an amount, a date) or placed
(a stage, a choice) is imported as the text it was, so the workbook shows it and its own rules flag
it, and it is reported here by source row and column. What `xlsales check` then says about the
written workbook's new rows is added by `add_problems`, so the import reports what the workbook's
own data-problem column counts.

Pure: no files.
"""

from collections import Counter
from typing import Any

from xlsales.i18n import Text
from xlsales.importing import funnel
from xlsales.importing.headers import fold, header_row, match_columns
from xlsales.importing.mapping import Mapping
from xlsales.importing.model import Conversion, Destination, Extra, Grid, Issue, text_value, unplaced
from xlsales.importing.targets import TARGETS, People, Target
from xlsales.importing.values import ColumnReading, clean, is_blank, read_dates, read_numbers
from xlsales.problems import Problem
from xlsales.table import Column

# The step a target adds to the generic conversion (the funnel: IDs, stage and status, its reps and stages).
STEPS = {"funnel": funnel.finish}


def guess_target(rows: list[list[Any]], mapping: Mapping) -> Target:
    """The target whose headers the source matches best (the funnel on a tie)."""
    scores = {name: header_row(rows, t.synonyms, mapping.columns)[1] for name, t in TARGETS.items()}
    return TARGETS[max(scores, key=lambda name: scores[name])]


def grid(name: str, rows: list[list[Any]], notes: list[Text], target: Target, mapping: Mapping) -> Grid:
    """The source's table: its header row (the row naming most target columns, e.g. below an export's title), the
    rows below it with anything in them, and a footer left out — rows after a blank row that hold at most one
    value each ("Confidential Information", "Copyright ..."), which is said, with their text."""
    at, _ = header_row(rows, target.synonyms, mapping.columns)
    header = list(rows[at]) if rows else []
    notes = list(notes)
    if at > 0:
        notes.append(Text(f"表头在第 {at + 1} 行,上面的 {at} 行略过", f"the header is row {at + 1}; the {at} rows "
                          f"above it are left out"))
    body = [(i + 1, row) for i, row in enumerate(rows) if i > at]
    filled = [sum(not is_blank(v) for v in row) for _, row in body]
    last = max((k for k, n in enumerate(filled) if n >= 2), default=len(body) - 1)
    tail = list(range(last + 1, len(body)))
    footer = [k for k in tail if filled[k]] if tail and filled[tail[0]] == 0 else []
    kept = [(n, row) for k, (n, row) in enumerate(body) if filled[k] and k not in footer]
    blank = sum(1 for k in range(last + 1) if not filled[k])  # empty rows at the end are no news
    if blank:
        notes.append(Text(f"{blank} 个空行略过", f"{blank} empty rows left out"))
    if footer:
        texts = " | ".join(next(str(v) for v in body[k][1] if not is_blank(v)) for k in footer[:3])
        notes.append(Text(f"数据后面的 {len(footer)} 行页脚未导入: {texts}", f"{len(footer)} footer lines after the "
                          f"data left out: {texts}"))
    return Grid(name, header, [list(r) for _, r in kept], [n for n, _ in kept], notes)


def convert(grid: Grid, target: Target, mapping: Mapping, destination: Destination) -> Conversion:
    table = target.table
    found, missing = match_columns(grid.header, target.synonyms, mapping.columns)
    conversion = Conversion(target, destination, grid.name, found, {}, list(grid.numbers),
                            notes=list(grid.notes))
    conversion.declared_absent = [k for k, v in mapping.columns.items() if v == ""]
    used = {f.position for f in found.values()}
    conversion.unused = [str(h) for i, h in enumerate(grid.header) if i not in used and not is_blank(h)]
    for key, header in missing.items():
        conversion.refusals.append(Text(f"映射文件 columns.{key} = 「{header}」: 来源中没有这一列",
                                        f"mapping file columns.{key} = '{header}': the source has no such column"))
    _refuse_missing(conversion, table.reads())
    raw = {key: [row[f.position] if f.position < len(row) else None for row in grid.rows] for key, f in found.items()}
    finish = STEPS.get(target.name)
    for column in table.reads():
        values = raw.get(column.key, [None] * len(grid.rows))
        if finish is not None and column.key in target.derived:
            continue  # the target's own step reads these
        conversion.values[column.key] = _column(conversion, column, values, mapping)
    if finish is not None:
        finish(conversion, raw, mapping)
    if target.people is not None:
        _people(conversion, target.people)
    _repeats(conversion)
    return conversion


def _people(conversion: Conversion, people: People) -> None:
    """A new workbook's reps list: every name, in order of first appearance. The workbook's drop-downs and per-rep
    blocks hold `people.capacity`: more names are reported (the workbook flags the rows of the later ones). With
    --into only the target's sheet changes, so names missing from the workbook's list are named, to add there."""
    names = list(dict.fromkeys(v for v in conversion.values.get(people.source, []) if isinstance(v, str)))
    destination = conversion.destination
    listed = names if destination.new_workbook else destination.reps
    if destination.new_workbook:
        conversion.extras.append(Extra(people.sheet, people.table, {people.key: names}))
    if len(listed) > people.capacity:
        later = listed[people.capacity:]
        shown = "、".join(later[:10]) + ("…" if len(later) > 10 else "")
        conversion.issues.append(Issue(0, people.source, str(len(listed)), Text(
            f"人员名单最多 {people.capacity} 人(下拉列表与按人汇总按 {people.capacity} 人设计),现有 {len(listed)} 人;"
            f"之后的人({shown})的行会被工作簿标为不在名单中",
            f"the reps list holds {people.capacity} (its drop-downs and per-rep blocks); there are {len(listed)}: "
            f"the workbook flags the rows of the others ({shown.replace('、', ', ')}) as not on the list"), "capacity"))
    on_list = {name.casefold() for name in listed[:people.capacity]}
    missing = [name for name in names if name.casefold() not in on_list]
    if missing and not destination.new_workbook:
        where, shown = people.sheet, "、".join(missing)
        conversion.notes.append(Text(
            f"{len(missing)} 人不在工作簿「{where.zh}」表的人员名单中: {shown}。导入只改「{conversion.target.sheet.zh}」表;"
            f"把他们加进名单,这些行的数据问题就会消失",
            f"{len(missing)} names are not on the workbook's reps list ('{where.en}'): {shown.replace('、', ', ')}. "
            f"The import changes only the '{conversion.target.sheet.en}' sheet: add them to the list and their rows' "
            f"data problems go away"))


def _refuse_missing(conversion: Conversion, reads: list[Column]) -> None:
    target, found = conversion.target, conversion.found
    named = set(conversion.declared_absent)
    for column in reads:
        if column.required and column.key not in found and column.key not in named and column.key not in target.derived:
            conversion.refusals.append(_missing(target, column.key, column.label))
    for group in target.one_of:
        if not any(k in found or k in named for k in group):
            labels = [next(c.label for c in reads if c.key == k) for k in group]
            conversion.refusals.append(Text(
                f"来源中找不到「{'」或「'.join(t.zh for t in labels)}」列", f"the source has no "
                f"'{' or '.join(t.en for t in labels)}' column") if len(group) > 1 else _missing(target, group[0],
                                                                                                    labels[0]))


def _missing(target: Target, key: str, label: Text) -> Text:
    looked = "、".join(target.synonyms.get(key, ())[:8])
    return Text(f"来源中找不到「{label.zh}」列(找过: {looked}…)。请在映射文件 [columns] 中写 {key} = \"来源表头\","
                f"或 {key} = \"\" 表示没有这一列(每行都会在工作簿中标为数据问题)",
                f"the source has no '{label.en}' column (looked for: {looked.replace('、', ', ')}…). In a mapping file, "
                f"write {key} = \"its header\" under [columns], or {key} = \"\" to import without it (every row then "
                f"shows a data problem in the workbook)")


def _column(conversion: Conversion, column: Column, raw: list[Any], mapping: Mapping) -> list[Any]:
    """One column's values, by its kind; unreadable and unplaced values are recorded and kept as text."""
    key, target = column.key, conversion.target
    meanings = {**target.values.get(key, {}), **mapping.values.get(key, {})}
    if column.kind == "choice":
        return _choice_values(conversion, column, raw, meanings)
    if meanings:  # numbers a word stands for (第3周, "3 有需求"): placed before the numbers are read
        raw = [meanings.get(fold(v), v) if isinstance(v, str) else v for v in raw]
    if column.kind == "number":
        unit = mapping.units.get(key, conversion.found[key].unit if key in conversion.found else 1.0)
        reading = read_numbers(raw, money=key in target.money, unit=unit, form=mapping.formats.get(key))  # type: ignore[arg-type]
        return _record(conversion, key, raw, reading)
    if column.kind == "date":
        return _record(conversion, key, raw, read_dates(raw, order=mapping.formats.get(key)))  # type: ignore[arg-type]
    return [text_value(v) for v in raw]


def _record(conversion: Conversion, key: str, raw: list[Any], reading: ColumnReading) -> list[Any]:
    if reading.decided and reading.rule is not None:
        conversion.rules[key] = (reading.form, reading.rule)
    for i, reason in reading.bad.items():
        conversion.issues.append(Issue(conversion.numbers[i], key, str(raw[i]), reason, "unreadable"))
    return reading.values


def _choice_values(conversion: Conversion, column: Column, raw: list[Any], meanings: dict[str, Any]) -> list[Any]:
    """A choice column in the workbook's language: a source value means a choice by the mapping file, the target's
    synonyms or either language's label; any other value stays as it was and is reported."""
    own = {fold(spelling): canonical for spelling, canonical in column.choices.items()}
    labels = {column.choices[t.zh]: t for t in column.options}
    lang = conversion.destination.lang
    out: list[Any] = []
    placed: Counter[tuple[str, str]] = Counter()
    for i, value in enumerate(raw):
        if is_blank(value):
            out.append(None)
            continue
        text = clean(str(value))
        canonical = meanings.get(fold(text), own.get(fold(text)))
        if canonical is None:
            out.append(text)
            unplaced(conversion, column.key, text, i)
        else:
            label = labels[canonical](lang) if canonical in labels else canonical
            out.append(label)
            placed[(text, label)] += 1
    conversion.placed[column.key] = placed
    return out


def add_problems(conversion: Conversion, problems: list[Problem]) -> None:
    """What `xlsales check` says about the written workbook, for the imported rows, as issues by source row (a value
    already reported as unreadable or unplaced is not reported twice; problems elsewhere are not the import's)."""
    table, lang = conversion.target.table, conversion.destination.lang
    first = conversion.destination.first_row or table.first_row
    letters = {table.letter(c.key): c.key for c in table.columns}
    seen = {(i.row, i.key) for i in conversion.issues}
    for problem in problems:
        if problem.sheet != conversion.target.sheet(lang):
            continue
        letter = "".join(ch for ch in problem.cell if ch.isalpha())
        digits = problem.cell[len(letter):]
        index = int(digits) - first if digits.isdigit() else -1
        if not 0 <= index < len(conversion.numbers):
            continue
        key = problem.column or letters.get(letter, "")
        if problem.severity == "warning" and key == conversion.target.identity:
            continue  # a repeated ID: _repeats says more (which row it repeats, or where the workbook has it)
        row = conversion.numbers[index]
        if (row, key) in seen:
            continue
        conversion.issues.append(Issue(row, key, problem.found, Text(problem.expected_zh, problem.expected_en), "rule",
                                       problem.severity))


def _repeats(conversion: Conversion) -> None:
    """Values of the target's identity column (deal IDs) that repeat, in the source or against the workbook's rows
    (compared as Excel compares: case-insensitively)."""
    key = conversion.target.identity
    if key is None or key not in conversion.values:
        return
    first: dict[str, int] = {}
    existing = conversion.destination.identities
    for value, row in zip(conversion.values[key], conversion.numbers):
        if not isinstance(value, str):
            continue
        folded = value.casefold()
        if folded in existing:
            conversion.issues.append(Issue(row, key, value, Text(f"工作簿中已有({existing[folded]})",
                                                                 f"already in the workbook ({existing[folded]})"),
                                           "duplicate", "warning"))
        elif folded in first:
            conversion.issues.append(Issue(row, key, value, Text(f"与来源第 {first[folded]} 行重复",
                                                                 f"repeats source row {first[folded]}"),
                                           "duplicate", "warning"))
        else:
            first[folded] = row
