"""Reading what tests need from a PDF without a PDF library."""
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
