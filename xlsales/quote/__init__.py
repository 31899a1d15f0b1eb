"""Quote breakdown (报价, seed 001 产品报价技巧): license, training/delivery and annual service, never one lump sum.

Modules: vocab (words, column specs, which columns each figure reads), layout (the workbook described once,
with every native formula), details (the details sheet), inputs (table rows -> validated frames, the
sheets' rules), pricing (line values, totals, room to move), guardrails (the pitfalls the text warns
about, per revision), reduce (which service content to drop to reach a price), words (人民币大写),
document (the customer-facing quote), revisions (revision rows and blocks), workbook (`check` and
how scripts read a workbook), demo (a KIS-like example).
"""
