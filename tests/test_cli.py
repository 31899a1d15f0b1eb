"""The `xlsales` commands that span templates: demo over every template, the quote PDF."""

import pytest

from xlsales import libreoffice
from xlsales.cli import main
from xlsales.templates.build import write_workbook
from xlsales.templates.quote import SPEC as QUOTE
from xlsales.templates.registry import TEMPLATES


def test_demo_writes_every_template_and_a_filled_copy(tmp_path, capsys):
    assert main(["demo", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for spec in TEMPLATES.values():
        assert (tmp_path / f"{spec.name}.xlsx").exists() and (tmp_path / f"{spec.name}-demo.xlsx").exists()
        assert spec.title.both() in out
        assert main(["check", str(tmp_path / f"{spec.name}-demo.xlsx")]) == 0, spec.name


@pytest.mark.libreoffice
@pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice (soffice) not installed")
def test_pdf_exports_the_quotation_and_refuses_to_overwrite(tmp_path, capsys):
    workbook = write_workbook(QUOTE, "zh-CN", tmp_path / "quote.xlsx", QUOTE.demo_data())
    before = workbook.read_bytes()
    assert main(["pdf", str(workbook)]) == 0
    pdf = tmp_path / "quote.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    assert workbook.read_bytes() == before
    assert main(["pdf", str(workbook)]) == 1
    assert "--force" in capsys.readouterr().err
    assert main(["pdf", str(workbook), "-o", str(tmp_path / "q2.pdf")]) == 0
    funnel = tmp_path / "funnel.xlsx"
    assert main(["new", "funnel", str(funnel)]) == 0
    assert main(["pdf", str(funnel), "-o", str(tmp_path / "f.pdf")]) == 1
    assert "no 'Quotation' sheet" in capsys.readouterr().err
