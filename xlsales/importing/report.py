"""What an import says: the report on stderr (every problem by source row and column, in Chinese and English),
and the dry run's mapping, printed as a mapping file (TOML) that can be saved, edited and passed with --map.
Pure: text only.
"""

import json
from collections import Counter, defaultdict
from typing import Iterable

from xlsales.funnel.vocab import CATEGORY, STATUS
from xlsales.i18n import Text
from xlsales.importing.mapping import Mapping
from xlsales.importing.model import Conversion, Issue

KIND_ORDER = ("capacity", "unreadable", "unplaced", "rule", "conflict", "duplicate")
SHOWN_RANGES = 12  # in a dry run's comments; the report lists every row


def rows_text(rows: Iterable[int], limit: int | None = None) -> str:
    """2, 3, 4, 9 -> "2-4, 9" (the first `limit` ranges, then …)."""
    ranges: list[list[int]] = []
    for row in sorted(set(rows)):
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1][1] = row
        else:
            ranges.append([row, row])
    texts = [f"{a}" if a == b else f"{a}-{b}" for a, b in ranges]
    if limit is not None and len(texts) > limit:
        return ", ".join(texts[:limit]) + ", …"
    return ", ".join(texts)


def _label(conversion: Conversion, key: str) -> str:
    """A target column with where it is in the source: 金额 / Amount «Close Value» H."""
    table = conversion.target.table
    label = next((c.label for c in table.columns if c.key == key), Text(key, key))
    found = conversion.found.get(key)
    where = f" «{found.header}» {found.letter}" if found else ""
    return f"{label.both()}{where}"


def report(conversion: Conversion) -> list[str]:
    """Every line for stderr: notes, column matches and rules, then the problems grouped so that each source row
    and column is named."""
    lines = [f"目标 target: {conversion.target.title.both()}"]
    lines += [f"  {note.both()}" for note in conversion.notes]
    for key, (_, rule) in conversion.rules.items():
        lines.append(f"  读法 reading {_label(conversion, key)}: {rule.both()}")
    # a value that cannot be read or placed: once per distinct value with its rows; a rule: once with its rows
    grouped: dict[tuple[str, str, str, Text, str], list[int]] = defaultdict(list)
    singles: list[str] = []  # a conflict or a repeat: one line each
    for issue in sorted(conversion.issues, key=lambda i: (KIND_ORDER.index(i.kind), i.row)):
        if issue.kind == "capacity":
            lines.append(f"[错误 error] {_label(conversion, issue.key)}: {issue.reason.both()}")
        elif issue.kind in ("unreadable", "unplaced", "rule"):
            value = issue.value if issue.kind != "rule" else ""
            grouped[(issue.kind, issue.key, value, issue.reason, issue.severity)].append(issue.row)
        else:
            singles.append(_one(conversion, issue))
    for (kind, key, value, reason, severity), rows in grouped.items():
        shown = f" {json.dumps(value, ensure_ascii=False)}" if value else ""
        lines.append(f"[{_SEVERITY[severity]}] {_label(conversion, key)}{shown}: {reason.both()} — "
                     f"{len(rows)} 行 rows: {rows_text(rows)}")
    lines += singles
    lines += [f"无法导入 cannot import: {refusal.both()}" for refusal in conversion.refusals]
    errors = len(conversion.errors)
    lines.append(f"{len(conversion.numbers)} 行 rows; {errors} 个错误 errors, {len(conversion.issues) - errors} 个提示 "
                 f"warnings (工作簿的「数据问题」列与 xlsales check 会指出同样的错误 / the workbook's data-problem "
                 f"column and xlsales check show the same errors)")
    return lines


_SEVERITY = {"error": "错误 error", "warning": "提示 warning"}


def _one(conversion: Conversion, issue: Issue) -> str:
    return (f"[{_SEVERITY[issue.severity]}] 第 {issue.row} 行 row {issue.row}, {_label(conversion, issue.key)}: "
            f"{json.dumps(issue.value, ensure_ascii=False)} — {issue.reason.both()}")


# ---------------------------------------------------------------------------------------------
# the dry run: the mapping as a file

def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def mapping_file(conversion: Conversion, mapping: Mapping) -> str:
    """The mapping the import used, as a mapping file: active lines for what it decided, commented lines for what
    it could not (a column it did not find, a value it could not place), counts as comments."""
    target = conversion.target
    table = target.table
    out = ["# xlsales import — 映射 / mapping (--dry-run): 保存为 .toml、修改,再用 --map 传入 / "
           "save as a .toml file, edit, pass with --map",
           f"# 来源 source: {conversion.source}, {len(conversion.numbers)} 行 rows"]
    out += [f"# 无法导入 cannot import: {r.both()}" for r in conversion.refusals]
    out += [f'target = "{target.name}"', "", "[columns]  # 工作簿列 = 来源表头 / workbook column = source header"]
    keys = [c.key for c in table.columns if c.read is not None] + [k for k in target.synonyms
                                                                    if k not in {c.key for c in table.columns}]
    for key in keys:
        column = next((c for c in table.columns if c.key == key), None)
        label = column.label.both() if column is not None else Text("商机名称(无编号列时用作编号)",
                                                                   "deal name (the ID when there is no ID column)").both()
        found = conversion.found.get(key)
        if found is not None:
            out.append(f"{key} = {_q(found.header)}  # {label} ({found.letter})")
        elif key in conversion.declared_absent:
            out.append(f'{key} = ""  # {label}: 来源中没有 / not in the source')
        else:
            required = column is not None and column.read is not None and column.read.required \
                and key not in target.derived
            note = "必填,来源中没有:写来源表头,或写 \"\" / required, not in the source: name its header, or write \"\"" \
                if required else "来源中没有 / not in the source"
            out.append(f'# {key} = ""  # {label}: {note}')
    if conversion.unused:
        out.append(f"# 未使用的来源列 / source columns not used: {', '.join(conversion.unused)}")
    if conversion.rules:
        out += ["", "[formats]  # 有歧义的写法按列读 / how each column's ambiguous text is read"]
        for key, (form, rule) in conversion.rules.items():
            out.append(f"{key} = {_q(form)}  # {rule.both()}" if form is not None else
                       f'# {key} = ""  # {rule.both()}')
    units = {k: f.unit for k, f in conversion.found.items() if f.unit != 1.0} | mapping.units
    if units:
        out += ["", "[units]  # 乘数 / multiplier"] + [f"{k} = {u:g}" for k, u in units.items()]
    if target.name == "funnel":
        out += _funnel_sections(conversion, mapping)
    for key, placed in conversion.placed.items():
        if key in ("stage", "status"):
            continue
        unplaced = conversion.unplaced.get(key, {})
        if placed or unplaced:
            out += ["", f"[values.{key}]  # 来源取值 = 工作簿取值 / source value = workbook value"]
            out += [f"{_q(value)} = {_q(meaning)}  # {n} 行 rows" for (value, meaning), n in placed.items()]
            out += _unplaced_lines(unplaced, "")
    return "\n".join(out) + "\n"


def _unplaced_lines(unplaced: dict[str, list[int]], choose: str) -> list[str]:
    return [f"# {_q(value)} = \"\"  # {len(rows)} 行 rows ({rows_text(rows, SHOWN_RANGES)}): 无法放置 / no place"
            f"{choose}" for value, rows in unplaced.items()]


def _funnel_sections(conversion: Conversion, mapping: Mapping) -> list[str]:
    lang = conversion.destination.lang
    names = [s(lang) for s in conversion.destination.stages]
    out: list[str] = []
    if mapping.new_stages:
        for stage in mapping.new_stages:
            out += ["", "[[new_stages]]", f"name = {_q(stage.name(lang))}", f"probability = {stage.probability:g}",
                    f"category = {_q(CATEGORY[stage.category](lang))}",
                    f"exit_criteria = {_q(stage.exit_criteria(lang))}",
                    f"max_days_in_stage = {stage.max_days_in_stage}", f"max_days_idle = {stage.max_days_idle}"]
    statuses = {t(lang) for t in STATUS.values()}
    stage_lines = [f"{_q(v)} = {_q(m)}  # {n} 行 rows" for (v, m), n in conversion.placed.get("stage", {}).items()
                   if m not in statuses]
    outcomes: dict[tuple[str, str], list[str]] = {}  # one line per source value, from either column
    for where, key in (("阶段列 stage column", "stage"), ("状态列 status column", "status")):
        for (value, meaning), n in conversion.placed.get(key, {}).items():
            if meaning in statuses:
                outcomes.setdefault((value, meaning), []).append(f"{n} 行 rows ({where})")
    status_lines = [f"{_q(v)} = {_q(m)}  # {', '.join(counts)}" for (v, m), counts in outcomes.items()]
    choose = f" — 可选 choose: {' | '.join(names)}"
    out += ["", "[stages]  # 来源阶段 = 工作簿阶段 / source stage = workbook stage"] + stage_lines
    out += _unplaced_lines(conversion.unplaced.get("stage", {}), choose + " (表示结果的值写在 [status] 下 / a value "
                                                                          "that is an outcome goes under [status])")
    out += ["", "[status]  # 来源取值 = 跟踪 / 赢单 / 丢单 / 暂停 (Open / Won / Lost / Paused)"] + status_lines
    out += _unplaced_lines(conversion.unplaced.get("status", {}), "")
    counts: Counter[tuple[str, str]] = conversion.counts
    if counts:
        out += ["", "# 计数 counts: 状态 status | 阶段 stage | 商机 deals"]
        order = {name: i for i, name in enumerate(names)}
        for (status, stage), n in sorted(counts.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 99), kv[0][1])):
            out.append(f"#   {status or '(空 blank)'} | {stage or '(空 blank)'} | {n}")
    return out
