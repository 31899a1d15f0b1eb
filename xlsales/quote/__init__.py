"""Quote breakdown (报价, seed 001 产品报价技巧): license, training/delivery and annual service, never one lump sum.

Modules: vocab (words and column specs), layout (where things live in the workbook), inputs
(sheet rows -> validated frames), pricing (line values, totals, room to move), guardrails
(the pitfalls the text warns about, per revision), reduce (which service content to drop to
reach a price), words (人民币大写), document (the customer-facing quote), demo (a KIS-like example).
"""
