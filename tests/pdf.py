"""Reading what tests need from a PDF: its title, whether it is tagged, its text and where that text lies."""
import io
import re
import zlib


def pdf_titel(data: bytes) -> str | None:
    """The Title of a PDF's document information (WeasyPrint writes the HTML <title> there), literal or UTF-16 hex."""
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):  # object streams hold the Info dict
        try:
            data += zlib.decompress(stream)
        except zlib.error:
            continue
    literal = re.search(rb"/Title ?\((.*?)\)", data)
    if literal:
        return literal.group(1).decode("latin-1")
    hexa = re.search(rb"/Title ?<([0-9A-Fa-f]+)>", data)
    return bytes.fromhex(hexa.group(1).decode()).decode("utf-16") if hexa else None


def pdf_tags(data: bytes) -> dict:
    """What makes a PDF tagged: the catalogue's /MarkInfo /Marked, its /StructTreeRoot and /Lang (read with pypdf)."""
    from pypdf import PdfReader
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    mark = root.get("/MarkInfo")
    return {"marked": bool(mark and mark.get_object().get("/Marked")), "structuur": "/StructTreeRoot" in root,
            "taal": str(root.get("/Lang", ""))}


def pdf_tekst(data: bytes) -> str:
    """The text of every page, as a reader (or a screen reader) extracts it."""
    from pdfminer.high_level import extract_text
    return extract_text(io.BytesIO(data))


def tekens_buiten_pagina(data: bytes) -> list[tuple[int, str]]:
    """(page number, character) for every character whose box is not inside its page's media box: text that runs
    off the page. Empty when every character is on paper."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTContainer
    buiten = []

    def tekens(item):
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):
            for child in item:
                yield from tekens(child)

    for nummer, page in enumerate(extract_pages(io.BytesIO(data)), start=1):
        x0, y0, x1, y1 = page.bbox
        for char in tekens(page):
            marge = 0.5  # rounding of glyph boxes
            if char.x0 < x0 - marge or char.x1 > x1 + marge or char.y0 < y0 - marge or char.y1 > y1 + marge:
                buiten.append((nummer, char.get_text()))
    return buiten
