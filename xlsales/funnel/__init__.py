"""Funnel tracking (销售漏斗): stages as data, deals as a table, figures computed with pandas."""
