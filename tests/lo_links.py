"""Follow hyperlinks in LibreOffice as a click does, and print where each one lands.

Run by the system python3, which has LibreOffice's `uno` module (the project's venv does not):
    python3 tests/lo_links.py WORKBOOK.xlsx SHEET_INDEX CELL [CELL ...]
prints one line per cell: CELL<TAB>sheet name<TAB>$A$1 address of the cell selected after the jump. Each cell is
selected on its sheet and LibreOffice's own "open hyperlink" command runs on it (the path a click takes).
"""

import os
import subprocess
import sys
import tempfile
import time

import uno  # type: ignore[import-not-found]

TIMEOUT_SECONDS = 90
JUMP_SECONDS = 10


def main(path: str, sheet_index: int, cells: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="xlsales-links-") as profile:
        pipe = f"xlsales_links_{os.getpid()}"
        office = subprocess.Popen(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                                   f"--accept=pipe,name={pipe};urp;"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            context = _connect(pipe)
            desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
            document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0, ())
            document.calculateAll()
            controller = document.getCurrentController()
            dispatcher = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
            sheet = document.Sheets.getByIndex(sheet_index)
            for cell in cells:
                controller.setActiveSheet(sheet)
                controller.select(sheet.getCellRangeByName(cell))
                dispatcher.executeDispatch(controller.Frame, ".uno:OpenHyperlinkOnCursor", "", 0, ())
                landed = _landing(controller, cell)
                target = document.Sheets.getByIndex(landed.Sheet)
                address = target.getCellByPosition(landed.Column, landed.Row).AbsoluteName.split(".")[-1]
                print(f"{cell}\t{target.Name}\t{address}")
            document.close(True)
        finally:
            office.terminate()
            office.wait()


def _landing(controller, cell: str):  # type: ignore[no-untyped-def]
    """Where the selection is once the jump is done: the jump runs asynchronously, so wait (a while) for the
    selection to leave the link's cell."""
    deadline = time.monotonic() + JUMP_SECONDS
    while True:
        selected = controller.getSelection().getCellAddress()
        here = controller.getActiveSheet().getCellRangeByName(cell).getCellAddress()
        moved = (selected.Sheet, selected.Column, selected.Row) != (here.Sheet, here.Column, here.Row)
        if moved or time.monotonic() > deadline:
            return selected
        time.sleep(0.2)


def _connect(pipe: str):  # type: ignore[no-untyped-def]
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # NoConnectException until soffice listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3:])
