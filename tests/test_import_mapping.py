"""Headers found by synonym, and the mapping file: its shape (pydantic) and what it names, every problem naming its
key in Chinese and English."""

import pytest

from xlsales.funnel.vocab import DEFAULT_STAGES, LOST, WON
from xlsales.i18n import Text
from xlsales.importing.headers import fold, header_row, match_columns, split_unit
from xlsales.importing.mapping import MappingError, parse, resolve
from xlsales.importing.targets import DEAL_SYNONYMS, FUNNEL, QUOTA_WEEKLY, TARGETS

STAGES = [s.name for s in DEFAULT_STAGES]


def problems(text: str, target=FUNNEL, stages=STAGES, new_workbook=True) -> list[Text]:
    with pytest.raises(MappingError) as raised:
        resolve(parse(text, "map.toml"), target, "map.toml", stages, new_workbook)
    message = str(raised.value)
    assert all(line.startswith("映射文件 map.toml: ") and " / mapping file map.toml: " in line
               for line in message.splitlines())
    return raised.value.lines


@pytest.mark.parametrize("name", list(TARGETS))
def test_no_header_means_two_columns_of_one_target(name):
    seen: dict[str, str] = {}
    for key, headers in TARGETS[name].synonyms.items():
        for header in headers:
            assert seen.setdefault(fold(header), key) == key, (header, key, seen[fold(header)])


@pytest.mark.parametrize("crm, headers, expected", [
    ("Salesforce", ["Opportunity Owner", "Account Name", "Opportunity Name", "Stage", "Amount", "Close Date",
                    "Created Date", "Opportunity ID"],
     {"owner": 0, "customer": 1, "name": 2, "stage": 3, "amount": 4, "close_date": 5, "created": 6, "id": 7}),
    ("HubSpot", ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Deal owner", "Create Date",
                 "Associated Company"],
     {"id": 0, "name": 1, "stage": 2, "amount": 3, "close_date": 4, "owner": 5, "created": 6, "customer": 7}),
    ("Dynamics 365", ["(Do Not Modify) Opportunity", "Topic", "Potential Customer", "Est. Close Date",
                      "Est. Revenue", "Status", "Owner", "Pipeline Phase", "Created On"],
     {"id": 0, "name": 1, "customer": 2, "close_date": 3, "amount": 4, "status": 5, "owner": 6, "stage": 7,
      "created": 8}),
    ("纷享销客 / 销售易", ["商机名称", "客户名称", "销售阶段", "商机金额(元)", "预计成交日期", "负责人", "创建时间", "商机状态"],
     {"name": 0, "customer": 1, "stage": 2, "amount": 3, "close_date": 4, "owner": 5, "created": 6, "status": 7}),
])
def test_crm_export_headers_find_the_deals_columns(crm, headers, expected):
    found, missing = match_columns(headers, DEAL_SYNONYMS)
    assert {k: f.position for k, f in found.items()} == expected and missing == {}


def test_headers_fold_case_spacing_punctuation_and_units():
    assert fold("Est. Close Date") == fold("est_close_date") == fold("EST CLOSE DATE") == fold("Est-Close-Date")
    assert split_unit("金额(万元)") == ("金额", 1e4) and split_unit("Amount (USD)") == ("Amount", 1.0)
    assert split_unit("金额（千元）") == ("金额", 1e3) and split_unit("Probability (%)") == ("Probability (%)", None)
    found, _ = match_columns(["合同金额(万元)"], DEAL_SYNONYMS)
    assert found["amount"].unit == 1e4 and found["amount"].header == "合同金额(万元)"


def test_the_header_row_is_found_below_an_export_title():
    rows = [["Opportunities report"], ["Filtered by: all"], [], ["Opportunity ID", "Stage", "Amount"], ["1", "x", "2"]]
    assert header_row(rows, DEAL_SYNONYMS) == (3, 3)
    assert header_row([["a", "b"], ["c", "d"]], DEAL_SYNONYMS) == (0, 0)  # nothing known: the first row


def test_a_mapping_file_names_columns_by_key_or_header_and_values_by_either_spelling():
    mapping = resolve(parse("""
        target = "funnel"
        [columns]
        "客户" = "Account Name"
        "Expected close" = "Est. Close"
        created = ""
        [stages]
        Prospecting = "放入漏斗"
        Engaging = "Judge win odds"
        [status]
        "Closed Won" = "won"
        "Closed Lost" = { status = "丢单", stage = "建立内线" }
        [values.account_class]
        "Key" = "A"
        [formats]
        close_date = "DMY"
        [units]
        amount = 10000
        """, "map.toml"), FUNNEL, "map.toml", STAGES)
    assert mapping.columns == {"customer": "Account Name", "close_date": "Est. Close", "created": ""}
    assert mapping.stages == {"prospecting": STAGES[0], "engaging": STAGES[1]}
    assert mapping.status == {"closedwon": (WON, None), "closedlost": (LOST, STAGES[2])}
    assert mapping.values == {"account_class": {"key": "A"}}
    assert mapping.formats == {"close_date": "DMY"} and mapping.units == {"amount": 10000.0}


@pytest.mark.parametrize("text, expected", [
    ("[columns]\nid = 5", "columns.id: must be text (in quotes)"),
    ('target = "crm"', "target: must be 'funnel', 'quota-weekly' or 'accounts-customers'"),
    ("colums = 1", "colums: is not a known key"),
    ('[status]\nA = { status = "won", stag = "x" }', "status.A.stag: is not a known key"),
    ('[status]\nA = { stage = "x" }', "status.A.status: is missing"),
    ("[[new_stages]]\nname = \"A\"\nprobability = 1.5", "new_stages[1].probability: must be at most 1.0"),
    ("[[new_stages]]\nname = \"\"\nprobability = 0.5", "new_stages[1].name: cannot be empty"),
    ("[columns\nid = 1", "not valid TOML: Expected ']' at the end of a table declaration (at line 1, column 9)"),
])
def test_the_shape_is_checked_and_each_problem_names_its_key(text, expected):
    lines = problems(text)
    assert [line.en for line in lines] == [expected]
    key = expected.split(":")[0] if not expected.startswith("not valid TOML") else "TOML"
    assert key in lines[0].zh and lines[0].zh != lines[0].en


def test_what_the_file_names_is_checked_against_the_target_and_the_stages():
    lines = [line.en for line in problems("""
        [columns]
        amout = "Amount"
        [formats]
        amount = "DMY"
        [stages]
        Prospecting = "Discovery"
        [status]
        X = "maybe"
        Y = { status = "lost", stage = "Nowhere" }
        [values.status]
        a = "b"
        [values.account_class]
        Key = "D"
        """)]
    assert lines[0].startswith("columns.amout: not a column of 'Funnel: deals' (choose from: id, customer,")
    assert lines[1].startswith("formats.amount: must name a number or date column, with 1,234.56 / 1.234,56")
    assert lines[2].startswith("values.status: not a column whose values can be mapped")
    assert lines[3] == 'values.account_class."Key": must be one of A, B, C'
    assert lines[4].startswith('stages."Prospecting": \'Discovery\' is not a stage of the workbook (choose from: '
                               'Qualify into funnel,')
    assert lines[5] == "status.\"X\": 'maybe' must be one of Open, Won, Lost, Paused"
    assert lines[6].startswith('status."Y".stage: \'Nowhere\' is not a stage of the workbook')
    assert len(lines) == 7


def test_new_stages_replace_the_template_stages_in_a_new_workbook_only():
    text = "".join(f'[[new_stages]]\nname = "{n}"\nprobability = {p}\ncategory = "{c}"\n'
                   for n, p, c in (("Discover", 0.1, "管道"), ("Prove", 0.5, "Best case"), ("Sign", 0.9, "commit")))
    mapping = resolve(parse(text + '[stages]\n"Closing" = "Sign"', "map.toml"), FUNNEL, "map.toml", STAGES)
    assert [(s.order, s.name.zh, s.category) for s in mapping.new_stages] == [
        (1, "Discover", "pipeline"), (2, "Prove", "best_case"), (3, "Sign", "commit")]
    assert mapping.stages["closing"].zh == "Sign"
    assert [line.en for line in problems(text, new_workbook=False)] == [
        "new_stages: only for a new workbook, not with --into"]
    two = [line.en for line in problems('[[new_stages]]\nname = "A"\nprobability = 0.1\ncategory = "maybe"\n'
                                        '[[new_stages]]\nname = "a"\nprobability = 0.2')]
    assert two == ["new_stages: at least 3 stages (there are 2)",
                   "new_stages[1].category: must be one of Pipeline, Best case, Commit, Closed, Omitted",
                   "new_stages[2].name: the stage name 'a' is repeated"]


def test_funnel_sections_are_refused_for_other_targets():
    assert [line.en for line in problems('[stages]\nA = "放入漏斗"', target=QUOTA_WEEKLY, stages=[])] == [
        "stages: only for the funnel"]
