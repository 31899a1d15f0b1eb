"""Quota decomposition (业绩分解, seed 001 工序化销售): company target → reps → contract mix → deals →
opportunities → visits → weekly pace, and weekly tracking against that pace."""
