"""The review workbook's description: formulas Excel can hold and copy, blocks that do not overlap, capacities as
documented."""

import pytest
from openpyxl.formula.translate import Translator

from xlsales.layout import Block, Table
from xlsales.problems import column_letter
from xlsales.review import layout as L
from xlsales.review.vocab import MAX_ELEMENTS, MAX_GRID_COLUMNS, MAX_REPS, PROGRESS_SESSIONS

LANGS = ["zh-CN", "en"]
TABLES = [L.CATALOGUE, L.PROJECTS, L.HISTORY]
G = L.GRID
EXCEL_FORMULA_LIMIT = 8192


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_a_calculated_column_is_one_relative_formula(table: Table, lang):
    """Excel copies a calculated column's first-row formula into every new row: row r's formula must be exactly
    that one, moved down (no row-dependent constant)."""
    first = table.first_row
    for column in table.calculated():
        origin = f"{table.letter(column.key)}{first}"
        for r in (first + 1, first + 57, first + 4999):
            moved = Translator("=" + column.formula(lang, first), origin=origin).translate_formula(
                f"{table.letter(column.key)}{r}")
            assert moved == "=" + column.formula(lang, r), (table.name, column.key, r)


@pytest.mark.parametrize("lang", LANGS)
def test_every_grid_column_holds_the_same_formulas_moved_across(lang):
    """The grid's formula rows are one relative formula per row, so a column typed by hand behaves as the script's."""
    for spec in G.rows:
        if spec.formula is None:
            continue
        model = "=" + spec.formula(lang, 1)  # the first column has no earlier columns to compare names with
        for i in (2, 17, G.columns - 1):
            moved = Translator(model, origin=G.cell(spec.key, 1)).translate_formula(G.cell(spec.key, i))
            assert moved == "=" + spec.formula(lang, i), (spec.key, i)


def _formulas(lang):
    for sheet in L.SHEETS:
        for cell in sheet.cells:
            if cell.formula is not None:
                yield f"{sheet.key}.{cell.key}", cell.formula(lang)
        for block in sheet.blocks:
            for column in block.columns:
                if column.formula is not None:
                    for r in range(block.first_row, block.last_row + 1):
                        yield f"{block.key}.{column.key}{r}", column.formula(lang, r)
        for table in sheet.tables:
            for column in table.calculated():
                yield f"{table.name}.{column.key}", column.formula(lang, table.first_row)
    for spec in G.rows:
        if spec.formula is not None:
            yield f"grid.{spec.key}", spec.formula(lang, G.columns - 1)


@pytest.mark.parametrize("lang", LANGS)
def test_formulas_fit_in_a_cell_and_name_no_placeholder(lang):
    for where, text in _formulas(lang):
        assert len(text) < EXCEL_FORMULA_LIMIT, where
        assert "None" not in text and "{" not in text, where


def _box(block: Block) -> tuple[int, int, int, int]:
    return block.first_col, block.header_row, block.first_col + len(block.columns) - 1, max(block.last_row, 10 ** 6)


def test_capacities_are_the_documented_ones():
    assert (G.elements, G.columns) == (MAX_ELEMENTS, MAX_GRID_COLUMNS)
    assert G.area == f"{G.letter(0)}{G.first_element_row}:{G.letter(MAX_GRID_COLUMNS - 1)}{G.first_element_row + 149}"
    assert L.RANKING.rows == MAX_REPS and L.PROGRESS.rows == PROGRESS_SESSIONS
    assert L.RESULT.header_row > L.RANKING.last_row + 1  # the closing result never overwrites the live ranking


def test_blocks_written_beside_tables_do_not_meet_them():
    """Script-written blocks grow downwards beside the tables; they must start right of them."""
    assert L.NEXT_ACTIONS.first_col > L.PROJECTS.first_col + len(L.PROJECTS.columns)
    assert L.PROGRESS.first_col > L.RANKING.first_col + len(L.RANKING.columns) - 1
    legend_start = L.LEGEND.first_col
    assert legend_start > L.CATALOGUE.first_col + len(L.CATALOGUE.columns)
    assert column_letter(legend_start - 1) == L.LEGEND.at.rstrip("0123456789")
    assert _box(L.RANKING)[2] < L.PROGRESS.first_col
