"""The roll-up's words: the sheets it adds to the team workbook, their columns, statuses and reasons."""

from xlsales.i18n import Text

SHEET_SOURCES = Text("来源", "Sources")
SHEET_CONFLICTS = Text("冲突", "Conflicts")
SHEET_PROBLEMS = Text("问题", "Problems")
SHEET_BY_REP = Text("按人汇总", "By rep")
SHEET_PACE = Text("周进度", "Weekly pace")

SOURCE_COLUMNS = [
    Text("文件", "File"), Text("负责人", "Owners"), Text("模板", "Template"), Text("模板版本", "Template version"),
    Text("xlsales 版本", "xlsales version"), Text("语言", "Language"), Text("文件修改时间", "File modified"),
    Text("工作簿修改时间", "Workbook modified"), Text("商机数(采用)", "Deals used"),
    Text("周跟踪行(采用)", "Weekly rows used"), Text("未采用行", "Rows left out"), Text("冲突", "Conflicts"),
    Text("状态", "Status"),
    Text("原因", "Reason"),
]
CONFLICT_COLUMNS = [
    Text("表", "Table"), Text("编号", "ID"), Text("字段", "Field"), Text("文件 A", "File A"), Text("值 A", "Value A"),
    Text("文件 B", "File B"), Text("值 B", "Value B"), Text("处理", "Resolution"),
]
PACE_COLUMNS = [
    Text("姓名", "Rep"), Text("活动", "Activity"), Text("每周节奏", "Pace per week"), Text("应完成(至今)", "Pace to date"),
    Text("实际(至今)", "Actual to date"), Text("差额", "Shortfall"), Text("完成率", "Attainment"), Text("落后", "Behind"),
    Text("瓶颈", "Bottleneck"), Text("剩余每周需", "Needed per week"), Text("跟踪到第几周", "Tracked to week"),
    Text("计划来自", "Plan from"),
]
PROBLEM_COLUMNS = [Text("文件", "File"), Text("位置", "Where"), Text("应为", "Expected"), Text("实际", "Found"),
                   Text("级别", "Severity")]
BY_REP_COLUMNS = [
    Text("负责人", "Owner"), Text("来源文件", "Source files"), Text("跟踪商机", "Open deals"),
    Text("跟踪金额", "Open amount"), Text("加权金额", "Weighted pipeline"), Text("赢单", "Won"), Text("丢单", "Lost"),
    Text("赢单率", "Win rate"),
]

OK, PARTIAL, EMPTY, SKIPPED = "ok", "partial", "empty", "skipped"
STATUS = {
    OK: Text("正常", "ok"),
    PARTIAL: Text("部分采用", "partly used"),
    EMPTY: Text("无商机", "no deals"),
    SKIPPED: Text("跳过", "skipped"),
}
SEVERITY = {"error": Text("错误", "error"), "warning": Text("提示", "warning")}

# Why a whole file was skipped.
NOT_EXCEL = Text("不是 Excel 工作簿", "not an Excel workbook")
ENCRYPTED = Text("有密码保护(已加密),请发送未加密的副本", "password-protected (encrypted): ask for an unprotected copy")
DAMAGED = Text("文件已损坏,无法打开", "damaged file, cannot be opened")
NO_TABLE = Text("找不到商机表或周跟踪表(需要表头:{headers})",
                "no deals or weekly tracking table found (needs the headers: {headers})")
NO_PLAN = Text("没有可用的业绩分解计划(目标与人员、产品组合),未计算周进度",
               "no usable quota plan (target and reps, product mix): weekly pace not computed")
UNREADABLE = Text("无法读取: {error}", "cannot be read: {error}")

# Why rows were left out, and what happened to conflicting IDs.
ROWS_LEFT_OUT = Text("{count} 行有错误未采用(见「问题」表)", "{count} rows with errors left out (see 'Problems')")
KEPT_NEWEST = Text("采用较新文件的版本: {file}", "kept the newer file's version: {file}")
LEFT_OUT = Text("两个版本都未采用,请核对后重新汇总", "neither version used: settle it and roll up again")
SAME_TIME = Text("修改时间相同,无法判断哪个较新,两个版本都未采用", "same modified time, cannot tell which is newer: "
                 "neither version used")
SAME_FILE = Text("同一文件内编号重复且内容不同,都未采用", "the same ID twice in one file with different content: "
                 "neither used")
YES, NO = Text("是", "yes"), Text("否", "no")
