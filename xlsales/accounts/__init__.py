"""Key accounts and team health (大客户与团队健康): 5+5+5 tiers and the 15-account plan, A/B/C classes and
80/20, key people and closeness, 7+3 qualification, rep levels, the daily call list."""
