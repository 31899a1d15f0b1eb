"""The mapping file (TOML): which source column is which, and what foreign stage/status/choice values mean.

    target = "funnel"                  # optional: funnel | quota-weekly | accounts-customers
    [columns]                          # workbook column (key or header, either language) = source header
    id = "Opportunity ID"
    created = ""                       # "": the source has no such column; import it blank
    [stages]                           # source stage = a stage of the workbook
    "Prospecting" = "放入漏斗"
    [status]                           # source status, or a stage value that means one = 跟踪/赢单/丢单/暂停
    "Closed Won" = "赢单"
    "Closed Lost" = { status = "丢单", stage = "放入漏斗" }   # with the stage such deals get
    [values.account_class]             # other choice columns: source value = choice
    "Key account" = "A"
    [formats]                          # how ambiguous text is read, per column
    amount = "1.234,56"                # or "1,234.56"; dates: "DMY", "MDY" or "YMD"
    [units]                            # multiply a number column (an amount given in 万元)
    amount = 10000
    [[new_stages]]                     # a new workbook's stages instead of the template's (3-7 of them)
    name = "Prospecting"
    probability = 0.1

The file's shape is checked by pydantic; what it names is checked against the target (and the
workbook's stages) by `resolve`. Every problem names the key, in Chinese and English.
Pure: the caller reads the file.
"""

import json
import tomllib
from dataclasses import dataclass, field
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from xlsales.funnel.vocab import CATEGORY, MAX_STAGES, MIN_STAGES, PIPELINE, STATUS, Stage
from xlsales.i18n import Text, choices
from xlsales.importing.headers import fold
from xlsales.importing.targets import Target
from xlsales.importing.values import DATE_ORDERS, NUMBER_FORMS
from xlsales.problems import UserError

Format = Literal["1,234.56", "1.234,56", "YMD", "DMY", "MDY"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class StatusEntry(_Strict):
    status: str
    stage: str | None = None


class NewStage(_Strict):
    name: str = Field(min_length=1)
    probability: float = Field(ge=0, le=1)
    category: str = CATEGORY[PIPELINE].zh
    exit_criteria: str = ""
    max_days_in_stage: int = Field(default=30, ge=1)
    max_days_idle: int = Field(default=14, ge=1)


class MappingFile(_Strict):
    target: Literal["funnel", "quota-weekly", "accounts-customers"] | None = None
    columns: dict[str, str] = {}
    stages: dict[str, str] = {}
    status: dict[str, Union[str, StatusEntry]] = {}
    values: dict[str, dict[str, Union[str, int, float]]] = {}
    formats: dict[str, Format] = {}
    units: dict[str, Union[int, float]] = {}
    new_stages: list[NewStage] = Field(default=[], max_length=MAX_STAGES)


class MappingError(UserError):
    """The mapping file cannot be used; each line names the key at fault, in Chinese and English."""

    def __init__(self, source: str, lines: list[Text]):
        self.lines = lines
        super().__init__("\n".join(f"映射文件 {source}: {t.zh} / mapping file {source}: {t.en}" for t in lines))


@dataclass
class Mapping:
    """A mapping resolved against a target: canonical keys and values, folded source spellings."""

    target: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # column key -> source header ("" = none)
    stages: dict[str, str] = field(default_factory=dict)  # folded source value -> stage name as the workbook has it
    status: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # folded value -> (status key, stage)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)  # column key -> folded value -> canonical
    formats: dict[str, str] = field(default_factory=dict)
    units: dict[str, float] = field(default_factory=dict)
    new_stages: list[Stage] = field(default_factory=list)
    spelled: dict[str, dict[str, str]] = field(default_factory=dict)  # section -> folded value -> as the file spells it


def parse(text: str, source: str) -> MappingFile:
    """The file's shape, or MappingError naming every key at fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MappingError(source, [Text(f"不是有效的 TOML: {error}", f"not valid TOML: {error}")]) from None
    try:
        return MappingFile.model_validate(data)
    except ValidationError as error:
        raise MappingError(source, list(dict.fromkeys(_explain(e) for e in error.errors() if _relevant(e)))) from None


def _relevant(error: dict[str, Any]) -> bool:
    """Of a [status] entry's two readings (text, or a table with status and stage), the one the file meant."""
    loc = tuple(error["loc"])
    if "StatusEntry" in loc:
        return loc[-1] != "StatusEntry" or not isinstance(error.get("input"), str)
    if "str" in loc and loc[0] == "status":
        return not isinstance(error.get("input"), dict)
    return True


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        elif part in ("str", "StatusEntry", "int", "float") or str(part).startswith("function-"):
            continue  # pydantic's names for the members of a union
        else:
            text = str(part)
            out += ("." if out else "") + (text if text.replace("_", "").isalnum() and text.isascii()
                                            else json.dumps(text, ensure_ascii=False))
    return out


_MESSAGES = {
    "missing": ("缺少这一项", "is missing"),
    "extra_forbidden": ("不认识的键", "is not a known key"),
    "string_type": ("应为文本(加引号)", "must be text (in quotes)"),
    "float_type": ("应为数字", "must be a number"), "int_type": ("应为整数", "must be a whole number"),
    "dict_type": ("应为一个表 [..]", "must be a table [..]"), "list_type": ("应为 [[..]] 列表", "must be a [[..]] list"),
    "model_type": ("应为 { status = .., stage = .. }", "must be { status = .., stage = .. }"),
    "literal_error": ("取值不对", "has a value that is not allowed"),
    "string_too_short": ("不能为空", "cannot be empty"),
}


def _explain(error: dict[str, Any]) -> Text:
    where = _path(tuple(error["loc"])) or "(文件 file)"
    kind, context = error["type"], error.get("ctx", {})
    if kind == "literal_error":
        zh, en = f"应为 {context.get('expected')}", f"must be {context.get('expected')}"
    elif kind in ("greater_than_equal", "less_than_equal"):
        bound = context.get("ge", context.get("le"))
        zh, en = (f"应不小于 {bound}", f"must be at least {bound}") if kind == "greater_than_equal" else \
            (f"应不大于 {bound}", f"must be at most {bound}")
    elif kind == "too_long":
        zh, en = f"最多 {context.get('max_length')} 项", f"can have at most {context.get('max_length')} entries"
    else:
        zh, en = _MESSAGES.get(kind, (error["msg"], error["msg"]))
    if kind == "model_type" and "new_stages" in where:
        zh, en = "应为 [[new_stages]] 表", "must be a [[new_stages]] table"
    return Text(f"{where}: {zh}", f"{where}: {en}")


def _key_of(target: Target, name: str) -> str | None:
    """A column named by its key or its header in either language."""
    table = target.table
    for column in table.columns:
        if column.read is not None and fold(name) in (fold(column.key), fold(column.label.zh), fold(column.label.en)):
            return column.key
    return name if name in target.synonyms else None


def _status_key(value: str) -> str | None:
    return next((key for spelling, key in choices(STATUS, {k: k for k in STATUS}).items()
                 if fold(spelling) == fold(value)), None)


def resolve(parsed: MappingFile, target: Target, source: str, stage_names: list[Text] | None = None,
            new_workbook: bool = True) -> Mapping:
    """Check what the file names against the target; `stage_names`: the stages a stage may be mapped to (for the
    funnel: the template's, or the workbook's for --into), each with its other spelling. new_stages replace them."""
    lines: list[Text] = []
    out = Mapping(target=parsed.target, spelled={"stages": {}, "status": {}})
    table = target.table
    reads = {c.key: c.read for c in table.columns if c.read is not None}
    for name, header in parsed.columns.items():
        key = _key_of(target, name)
        if key is None:
            lines.append(Text(f"columns.{name}: 不是「{target.title.zh}」的列(可用: {', '.join(target.columns())})",
                              f"columns.{name}: not a column of '{target.title.en}' "
                              f"(choose from: {', '.join(target.columns())})"))
        else:
            out.columns[key] = header
    for name, form in parsed.formats.items():
        key = _key_of(target, name)
        kind = reads[key].kind if key in reads else None
        allowed = NUMBER_FORMS if kind == "number" else DATE_ORDERS if kind == "date" else ()
        if form not in allowed:
            lines.append(Text(f"formats.{name}: 应为数字列或日期列,数字用 {' / '.join(NUMBER_FORMS)},日期用 "
                              f"{' / '.join(DATE_ORDERS)}", f"formats.{name}: must name a number or date column, "
                              f"with {' / '.join(NUMBER_FORMS)} for numbers and {' / '.join(DATE_ORDERS)} for dates"))
        else:
            out.formats[key] = form  # type: ignore[index]
    for name, unit in parsed.units.items():
        key = _key_of(target, name)
        if key not in reads or reads[key].kind != "number" or unit <= 0:  # type: ignore[union-attr]
            lines.append(Text(f"units.{name}: 应为数字列和大于 0 的倍数", f"units.{name}: must name a number column "
                              f"and a multiplier above 0"))
        else:
            out.units[key] = float(unit)  # type: ignore[index]
    for name, spellings in parsed.values.items():
        key = _key_of(target, name)
        column = reads.get(key) if key else None
        if column is None or key in ("stage", "status") and target.name == "funnel":
            lines.append(Text(f"values.{name}: 不是可映射取值的列(阶段与状态用 [stages] / [status])",
                              f"values.{name}: not a column whose values can be mapped (stages and statuses use "
                              f"[stages] / [status])"))
            continue
        canonical = {fold(k): v for k, v in column.choices.items()} if column.kind == "choice" else None
        mapped: dict[str, Any] = {}
        for value, meaning in spellings.items():
            if canonical is not None and fold(meaning) not in canonical:
                options = "、".join(t.zh for t in column.options) or "、".join(sorted(set(column.choices.values())))
                options_en = ", ".join(t.en for t in column.options) or ", ".join(sorted(set(column.choices.values())))
                lines.append(Text(f"values.{name}.{json.dumps(value, ensure_ascii=False)}: 应为 {options}",
                                  f"values.{name}.{json.dumps(value, ensure_ascii=False)}: must be one of {options_en}"))
            else:
                mapped[fold(value)] = canonical[fold(meaning)] if canonical is not None else meaning
        out.values[key] = mapped  # type: ignore[index]
    funnel_only = [s for s in ("stages", "status", "new_stages") if getattr(parsed, s)]
    if target.name != "funnel":
        if funnel_only:
            lines.append(Text(f"{', '.join(funnel_only)}: 只用于销售漏斗", f"{', '.join(funnel_only)}: only for the "
                              f"funnel"))
        if lines:
            raise MappingError(source, lines)
        return out
    if parsed.new_stages:
        out.new_stages = _new_stages(parsed.new_stages, lines)
        if not new_workbook:
            lines.append(Text("new_stages: 只能用于新工作簿,不能与 --into 同用", "new_stages: only for a new workbook, "
                              "not with --into"))
        stage_names = [s.name for s in out.new_stages]
    names = {fold(spelling): text for text in (stage_names or []) for spelling in (text.zh, text.en)}
    listed = "、".join(t.zh for t in stage_names or [])
    listed_en = ", ".join(t.en for t in stage_names or [])

    def stage(where: str, name: str) -> Text | None:
        found = names.get(fold(name))
        if found is None:
            lines.append(Text(f"{where}: 「{name}」不是工作簿的阶段(可选: {listed})",
                              f"{where}: '{name}' is not a stage of the workbook (choose from: {listed_en})"))
        return found

    for value, name in parsed.stages.items():
        where = f"stages.{json.dumps(value, ensure_ascii=False)}"
        found = stage(where, name)
        if found is not None:
            out.stages[fold(value)] = found  # type: ignore[assignment]
            out.spelled["stages"][fold(value)] = value
    for value, meaning in parsed.status.items():
        where = f"status.{json.dumps(value, ensure_ascii=False)}"
        entry = meaning if isinstance(meaning, StatusEntry) else StatusEntry(status=meaning)
        key = _status_key(entry.status)
        if key is None:
            lines.append(Text(f"{where}: 「{entry.status}」应为 跟踪、赢单、丢单、暂停 之一",
                              f"{where}: '{entry.status}' must be one of Open, Won, Lost, Paused"))
            continue
        found = stage(where + ".stage", entry.stage) if entry.stage is not None else None
        if entry.stage is None or found is not None:
            out.status[fold(value)] = (key, found)  # type: ignore[assignment]
            out.spelled["status"][fold(value)] = value
    if lines:
        raise MappingError(source, lines)
    return out


def _new_stages(given: list[NewStage], lines: list[Text]) -> list[Stage]:
    if len(given) < MIN_STAGES:
        lines.append(Text(f"new_stages: 至少 {MIN_STAGES} 个阶段(现有 {len(given)} 个)",
                          f"new_stages: at least {MIN_STAGES} stages (there are {len(given)})"))
    categories = choices(CATEGORY, {k: k for k in CATEGORY})
    folded = {fold(k): v for k, v in categories.items()}
    stages, seen = [], set()
    for i, s in enumerate(given, start=1):
        if fold(s.name) in seen:
            lines.append(Text(f"new_stages[{i}].name: 阶段名称「{s.name}」重复", f"new_stages[{i}].name: the stage "
                              f"name '{s.name}' is repeated"))
        seen.add(fold(s.name))
        category = folded.get(fold(s.category))
        if category is None:
            lines.append(Text(f"new_stages[{i}].category: 应为 {'、'.join(t.zh for t in CATEGORY.values())}",
                              f"new_stages[{i}].category: must be one of {', '.join(t.en for t in CATEGORY.values())}"))
            continue
        stages.append(Stage(order=i, name=Text(s.name, s.name), probability=s.probability, category=category,
                            exit_criteria=Text(s.exit_criteria, s.exit_criteria),
                            max_days_in_stage=s.max_days_in_stage, max_days_idle=s.max_days_idle))
    return stages
