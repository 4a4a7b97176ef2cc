"""Open a .docx in LibreOffice, update its indexes (the table of contents) and fields, and export a PDF: what
Word does on opening a document whose settings.xml has ``w:updateFields``.

Run with the Python that has LibreOffice's ``uno`` module (``/usr/bin/python3`` with python3-uno):
``python3 lo_update_toc.py IN.docx OUT.pdf PROFILE_DIR``. Prints the number of indexes updated, then ``ok``.
"""

import contextlib
import os
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _property(name, value):
    result = PropertyValue()
    result.Name = name
    result.Value = value
    return result


def _connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.5)
    sys.exit("LibreOffice did not start within 120 s")


def main():
    source, target, profile = sys.argv[1:4]
    pipe = f"cgcomply{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    desktop = None
    try:
        context = _connect(pipe)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        url = uno.systemPathToFileUrl(os.path.abspath(source))
        document = desktop.loadComponentFromURL(url, "_blank", 0, (_property("Hidden", True),))
        indexes = document.getDocumentIndexes()
        count = indexes.getCount()
        for index in range(count):
            indexes.getByIndex(index).update()
        print(count)
        document.getTextFields().refresh()
        pdf = uno.systemPathToFileUrl(os.path.abspath(target))
        document.storeToURL(pdf, (_property("FilterName", "writer_pdf_Export"),))
        document.close(True)
        print("ok")
    finally:
        if desktop is not None:
            with contextlib.suppress(Exception):
                desktop.terminate()
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    main()
