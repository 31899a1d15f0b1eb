"""The funnel's own import steps: deal IDs, stage and status, and a new workbook's stages table.

Stage and status. CRMs put a deal's outcome in the stage column (Closed Won, Closed Lost, Won, 赢单, 输单)
or in a status column (Dynamics' Status, 商机状态), or both. A deal's status is its status column's
value when it has one, else what its stage value means (a stage -> 跟踪 Open; a stage value that is an
outcome -> that outcome). Its stage is its stage value when that is a stage of the workbook. A won,
lost or paused deal without a stage of its own (the stage column says only "Closed Lost") gets the
stage the mapping file gives that value, else: won -> the last stage (a won deal reached every stage),
lost or paused -> the first stage (the one stage it surely reached; the conversion rates and the
calibration then count it as lost there — the import says how many). A status column that
contradicts the stage column (Open, but Closed Won) is reported; the status column wins.

Pure.
"""

from collections import Counter
from typing import Any

from xlsales.funnel import layout as FL
from xlsales.funnel.vocab import CATEGORY, LOST, OPEN, PAUSED, STATUS, WON
from xlsales.i18n import Text
from xlsales.importing.headers import fold
from xlsales.importing.mapping import Mapping
from xlsales.importing.model import Conversion, Extra, Issue, text_value, unplaced
from xlsales.importing.targets import STATUS_SYNONYMS
from xlsales.importing.values import clean, is_blank

CONFLICT = Text("状态列与阶段列矛盾,按状态列", "the status column contradicts the stage column; the status column wins")


def finish(conversion: Conversion, raw: dict[str, list[Any]], mapping: Mapping) -> None:
    _ids(conversion, raw)
    _stage_and_status(conversion, raw, mapping)
    _missing_figures(conversion)
    if conversion.destination.new_workbook and mapping.new_stages:
        _stages_table(conversion, mapping)


def _stages_table(conversion: Conversion, mapping: Mapping) -> None:
    """A new workbook's stages table from the mapping file's [[new_stages]]."""
    lang, stages = conversion.destination.lang, mapping.new_stages
    conversion.extras.append(Extra(FL.SHEET_STAGES, FL.STAGES, {
        "order": [s.order for s in stages], "stage": [s.name(lang) for s in stages],
        "probability": [s.probability for s in stages], "category": [CATEGORY[s.category](lang) for s in stages],
        "exit_criteria": [s.exit_criteria(lang) or None for s in stages],
        "max_days_in_stage": [s.max_days_in_stage for s in stages], "max_days_idle": [s.max_days_idle for s in stages]}))


def _ids(conversion: Conversion, raw: dict[str, list[Any]]) -> None:
    if "id" in raw:
        conversion.values["id"] = [text_value(v) for v in raw["id"]]
    elif "name" in raw:
        conversion.values["id"] = [text_value(v) for v in raw["name"]]
        conversion.notes.append(Text(f"来源没有编号列,用商机名称「{conversion.found['name'].header}」作编号",
                                     f"the source has no ID column: the deal name ('{conversion.found['name'].header}') "
                                     f"is used as the deal ID"))
    else:
        stem = conversion.source.rsplit(".", 1)[0]
        conversion.values["id"] = [f"{stem}-{n}" for n in conversion.numbers]
        conversion.notes.append(Text(f"来源没有编号列,也没有商机名称列:编号按「文件名-行号」生成(如 {stem}-2),"
                                     f"同一文件再次导入会被报告为重复",
                                     f"the source has neither an ID nor a deal-name column: IDs are made from the file "
                                     f"name and row (e.g. {stem}-2), so importing the same file again reports repeats"))


Meaning = tuple[str, Text | None]  # a status key, and the stage a deal with it gets (None: the default)


def _outcome(folded: str, mapping: Mapping) -> Meaning | None:
    """What a source value means as a status: by the mapping file, else as CRMs usually spell it."""
    if folded in mapping.status:
        return mapping.status[folded]
    return (STATUS_SYNONYMS[folded], None) if folded in STATUS_SYNONYMS else None


def _stage_and_status(conversion: Conversion, raw: dict[str, list[Any]], mapping: Mapping) -> None:
    lang = conversion.destination.lang
    stages = conversion.destination.stages
    names = {fold(spelling): text for text in stages for spelling in (text.zh, text.en)}
    count = len(conversion.numbers)
    stage_out: list[Any] = []
    status_out: list[Any] = []
    defaulted: Counter[tuple[str, str]] = Counter()
    placed: dict[str, Counter[tuple[str, str]]] = {"stage": Counter(), "status": Counter()}
    for i, (stage_value, status_value) in enumerate(zip(raw.get("stage", [None] * count),
                                                        raw.get("status", [None] * count))):
        stage_text = None if is_blank(stage_value) else clean(str(stage_value))
        status_text = None if is_blank(status_value) else clean(str(status_value))
        as_stage: Text | None = None  # the stage value as a stage of the workbook
        as_outcome: Meaning | None = None  # the stage value as an outcome (Closed Won)
        if stage_text is not None:
            as_stage = mapping.stages.get(fold(stage_text)) or names.get(fold(stage_text))
            as_outcome = None if as_stage is not None else _outcome(fold(stage_text), mapping)
            if as_stage is None and as_outcome is None:
                unplaced(conversion, "stage", stage_text, i)
            else:
                meaning = as_stage(lang) if as_stage is not None else STATUS[as_outcome[0]](lang)  # type: ignore[index]
                placed["stage"][(stage_text, meaning)] += 1
        own: Meaning | None = None  # the status column's value
        if status_text is not None:
            own = _outcome(fold(status_text), mapping)
            if own is None:
                unplaced(conversion, "status", status_text, i)
            else:
                placed["status"][(status_text, STATUS[own[0]](lang))] += 1
        if own is not None and as_outcome is not None and own[0] != as_outcome[0]:
            conversion.issues.append(Issue(conversion.numbers[i], "status", f"{status_text} / {stage_text}", CONFLICT,
                                           "conflict", "warning"))
        if own is not None:
            status = own[0]
        elif status_text is not None:
            status = None  # unplaced: the text stays
        elif as_outcome is not None:
            status = as_outcome[0]
        else:
            status = OPEN if as_stage is not None else None
        if as_stage is not None:
            stage = as_stage(lang)
        elif stage_text is not None and as_outcome is None:
            stage = stage_text  # unplaced: the text stays
        elif status in (WON, LOST, PAUSED) and stages:
            given = (as_outcome and as_outcome[1]) or (own and own[1])
            stage = (given or (stages[-1] if status == WON else stages[0]))(lang)
            if not given:
                defaulted[(status, stage)] += 1
        else:
            stage = None
        status_label = STATUS[status](lang) if status is not None else status_text
        stage_out.append(stage)
        status_out.append(status_label)
        conversion.counts[(status_label or "", stage or "")] += 1
    conversion.values["stage"], conversion.values["status"] = stage_out, status_out
    conversion.placed.update(placed)
    for (status, stage), n in sorted(defaulted.items()):
        label = STATUS[status]
        why = (Text("赢单的商机走过了每个阶段", "a won deal passed every stage") if status == WON else
               Text("这是它一定到过的阶段;阶段转化与校准会把它算作在此阶段丢单", "the one stage it surely reached; stage "
                    "conversion and calibration count it as lost there") if status == LOST else
               Text("这是它一定到过的阶段", "the one stage it surely reached"))
        conversion.notes.append(Text(f"{n} 个「{label.zh}」商机没有自己的阶段,放在「{stage}」({why.zh});"
                                     f"可在映射文件 [status] 中另行指定", f"{n} {label.en.lower()} deals have no stage "
                                     f"of their own: put at '{stage}' ({why.en}); a mapping file's [status] can say "
                                     f"otherwise"))


def _missing_figures(conversion: Conversion) -> None:
    """Open deals without an amount or an expected close (CRM exports have them): imported as they are."""
    open_label = {STATUS[OPEN].zh, STATUS[OPEN].en}
    status = conversion.values["status"]
    for key, label in (("amount", FL.DEALS.col("amount").label), ("close_date", FL.DEALS.col("close_date").label)):
        values = conversion.values.get(key, [None] * len(status))
        count = sum(1 for s, v in zip(status, values) if s in open_label and v is None)
        if count:
            conversion.notes.append(Text(
                f"{count} 个跟踪中的商机没有「{label.zh}」:照样导入,商机表的「数据问题」列逐行标出(汇总的数据问题数包含它们),"
                f"加权金额与预测在补上之前不计它们", f"{count} open deals have no '{label.en}': imported as they are; "
                f"the Deals table's 'Data problems' column flags each one (the summary's data-problem count includes "
                f"them), and the weighted pipeline and forecast leave them out until it is filled in"))
