"""The BSN guard: one validator that every input path (form field, query string, JSON body, uploaded cell, file name,
document content) runs.

A value that holds a 9-digit number passing the elfproef is refused. The value itself is never stored, logged or
echoed: callers report `MASK` instead, and `mask` hides it in text that must still be written (a log line).

How a value is read, so that formatting cannot hide a BSN:
- NFKC first, then every Unicode decimal digit becomes its ASCII digit (full-width ０-９, Arabic-Indic ٠-٩, Devanagari,
  mathematical digits, circled and superscript digits after NFKC), and invisible format characters (zero-width space,
  soft hyphen, byte order mark) are dropped.
- Digits then form groups (maximal runs of digits). Two groups join when what separates them is one to three
  whitespace characters (any: NBSP, tab, newline, ideographic space), or one punctuation character (any Unicode P*
  character: . - / _ , : en and em dash, full-width punctuation, ...), or one punctuation character with one
  whitespace character on each side. So `123 456 782`, `123  456  782`, `123 - 456 - 782`, `123/456/782`,
  `123,456,782` and `１２３–４５６–７８２` are all read as 123456782 — but `9.1.1, 9.2.1, 9.2.2` is not: a
  punctuation character followed by whitespace without whitespace before it (`, ` `; ` `. `) is how lists and
  sentences separate numbers, and it does not join them.
- A candidate is a run of consecutive joined groups with exactly nine digits in total; it is a BSN when it passes
  the elfproef. A single group of ten or more digits (a phone number, an IBAN part) is not a candidate, but a BSN
  next to other numbers is still found, because every window of whole groups is tried.

The false-positive trade-off, stated on purpose: joining across separators means that several short numbers written
next to each other can add up to nine digits (a date with a one-digit number after it, `15-01-2026 9`; a list of
numbers written `12 8 4 16 20 3` or `12-8-4-16-20-3`), and about one in eleven of those passes the elfproef by
chance and is refused.
Single values of the aanleverformaat (dates, hours, scores, codes, traject-IDs of at most eight digits) never add up
to nine digits, so deliveries are not affected; free text that is refused can be reworded (a word between the
numbers breaks the join). Letters, symbols (+ = < > | €) and more than three separator characters break a join.
"""
from __future__ import annotations

import html
import io
import logging
import re
import unicodedata
import zipfile
from urllib.parse import unquote_plus

import pandas as pd

MASK = "*********"
CODE = "bsn_niet_toegestaan"
MESSAGE = ("Deze cel bevat een burgerservicenummer (BSN). Een BSN mag nooit in het portaal komen: "
           "gebruik alleen het traject-ID.")

MAX_GAP = 3  # characters that may stand between two digit groups that are read as one number (see _joins)
MAX_DEPTH = 32  # nesting of a JSON body; real bodies of this API nest three levels at most

_GROUP = re.compile(r"[0-9]+")
# A necessary condition for an ASCII value to hold a candidate: nine digits, at most MAX_GAP non-digits apart
# (non-digits are disjoint from digits, so this never backtracks). Non-ASCII values always get the full check.
_PREFILTER = rf"[0-9](?:[^0-9]{{0,{MAX_GAP}}}[0-9]){{8}}"
_NON_ASCII = r"[^\x00-\x7f]"
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


class TooDeep(ValueError):
    """A JSON-like structure nested deeper than MAX_DEPTH: refused before it is scanned (or processed) any further."""


def elfproef(digits: str) -> bool:
    """The BSN elfproef on exactly nine digits (the all-zero number is not a BSN)."""
    if len(digits) != 9 or not digits.isdigit() or not digits.isascii() or digits == "000000000":
        return False
    return sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11 == 0


def normalise(text: str) -> str:
    """NFKC, Unicode digits as ASCII digits, invisible format characters dropped (ASCII text comes back as it is)."""
    if text.isascii():
        return text
    out = []
    for char in unicodedata.normalize("NFKC", text):
        if char.isascii():
            out.append(char)
            continue
        if unicodedata.category(char) == "Cf":
            continue
        digit = unicodedata.decimal(char, None)
        out.append(str(digit) if digit is not None else char)
    return "".join(out)


def _joins(gap: str) -> bool:
    if not 0 < len(gap) <= MAX_GAP:
        return False
    if all(c.isspace() for c in gap):
        return True
    punctuation = _is_punctuation(gap[len(gap) // 2])
    return punctuation and (len(gap) == 1 or (len(gap) == 3 and gap[0].isspace() and gap[2].isspace()))


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def _spans(text: str):
    """(start, end) in `text` (already normalised) of every candidate that passes the elfproef."""
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(text)]
    if sum(end - start for start, end in groups) < 9:
        return
    for i, (start, end) in enumerate(groups):
        total, j = end - start, i
        while total < 9 and j + 1 < len(groups) and _joins(text[groups[j][1]:groups[j + 1][0]]):
            j += 1
            total += groups[j][1] - groups[j][0]
        if total == 9 and elfproef("".join(text[s:e] for s, e in groups[i:j + 1])):
            yield start, groups[j][1]


def contains_bsn(value: object) -> bool:
    """True when the value, in any formatting, holds a 9-digit number that passes the elfproef."""
    if value is None or isinstance(value, bool):
        return False
    text = str(value)
    if len(text) < 9 and text.isascii():
        return False
    return next(_spans(normalise(text)), None) is not None


def mask(text: str) -> str:
    """The text with every BSN in it replaced by MASK (read as `normalise` reads it); text without one unchanged."""
    normal = normalise(text)
    spans = list(_spans(normal))
    if not spans:
        return text
    parts, previous = [], 0
    for start, end in spans:
        if start < previous:  # overlapping windows: the earlier mask already covers the start
            start = previous
        parts.append(normal[previous:start] + MASK)
        previous = max(previous, end)
    return "".join(parts) + normal[previous:]


def contains_bsn_series(column: pd.Series) -> pd.Series:
    """Vectorised guard for an uploaded column of strings: a boolean mask of cells that hold a BSN.

    A regex pre-filter runs in pandas; only candidate cells (rare in real data) and non-ASCII cells get the full check
    in Python.
    """
    text = column.astype("string").fillna("")
    candidates = (text.str.contains(_PREFILTER, regex=True) | text.str.contains(_NON_ASCII, regex=True))
    candidates = candidates.fillna(False).astype(bool)
    result = pd.Series(False, index=column.index)
    if candidates.any():
        result[candidates] = text[candidates].map(contains_bsn).astype(bool)
    return result


def scan(data: object, max_depth: int = MAX_DEPTH) -> bool:
    """True when any key, string or number inside a JSON-like structure (dicts, lists, scalars) holds a BSN.

    Iterative, so a deeply nested body costs no recursion; nesting beyond `max_depth` raises TooDeep.
    """
    stack = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list | tuple):
            if depth >= max_depth:
                raise TooDeep(f"nested deeper than {max_depth} levels")
            if isinstance(item, dict):
                for key, value in item.items():
                    if contains_bsn(key):
                        return True
                    stack.append((value, depth + 1))
            else:
                stack.extend((value, depth + 1) for value in item)
        elif contains_bsn(item):
            return True
    return False


def check_depth(data: object, max_depth: int = MAX_DEPTH) -> None:
    """Raise TooDeep when a JSON-like structure nests deeper than `max_depth` (walks containers only, so a body of
    many flat rows costs little)."""
    stack = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, dict | list | tuple):
            continue
        if depth >= max_depth:
            raise TooDeep(f"nested deeper than {max_depth} levels")
        values = item.values() if isinstance(item, dict) else item
        stack.extend((value, depth + 1) for value in values if isinstance(value, dict | list | tuple))


def query_holds_bsn(args) -> bool:
    """True when any name or any value (every value of a repeated parameter) of a query string holds a BSN.
    `args` is a werkzeug MultiDict (request.args)."""
    return any(contains_bsn(name) or any(contains_bsn(v) for v in values) for name, values in args.lists())


class LogMask(logging.Filter):
    """Hides a BSN in a log line, also when it is percent-encoded in a request line (werkzeug's and gunicorn's access
    logs write the URL as requested). The line keeps everything else; only the words that hold a BSN are masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and not record.exc_text:  # a traceback can quote a value: format it here, masked
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and _holds_bsn_when_decoded(record.exc_text):
            record.exc_text = mask(record.exc_text)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is the logging module's business, not ours
            return True
        if not _holds_bsn_when_decoded(message):
            return True
        masked = " ".join(_mask_word(word) for word in message.split(" "))
        if _holds_bsn_when_decoded(masked):  # spread over several words: mask the decoded line itself
            masked = mask(unquote_plus(masked))
        record.msg, record.args = masked if not _holds_bsn_when_decoded(masked) else MASK, ()
        return True


def _holds_bsn_when_decoded(text: str) -> bool:
    return contains_bsn(text) or ("%" in text or "+" in text) and contains_bsn(unquote_plus(text))


def _mask_word(word: str) -> str:
    if not _holds_bsn_when_decoded(word):
        return word
    path, question, _ = word.partition("?")
    if question and not _holds_bsn_when_decoded(path):
        return f"{path}?{MASK}"
    return MASK


def mask_logs(*names: str) -> None:
    """Add LogMask to these loggers (once each)."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, LogMask) for f in logger.filters):
            logger.addFilter(LogMask())


# --- documents: scanned by content, in the encodings they can carry ------------------------------------------------

MAX_DOCUMENT_TEXT = 64 * 1024 * 1024  # what the parts of an office document may unpack to, in all
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"\xd0\xcf\x11\xe0", b"BM",
                 b"RIFF", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"%!PS")
_TAG = re.compile(r"<[^<>]*>")


def document_holds_bsn(data: bytes) -> bool | None:
    """Whether a document holds a BSN, read by its content rather than its name or declared type: PDF by its text
    (pypdf), office documents (docx, xlsx, odt, ...) by the text of their XML parts, anything else as text in
    UTF-8, UTF-16 or UTF-32 (with or without byte order mark) and Latin-1. None when the content cannot be read
    as text (an image, a scan without text, an encrypted PDF, another binary format): the caller refuses it, since
    a document that cannot be checked may not be kept."""
    if data.startswith(b"%PDF-"):
        texts = _pdf_texts(data)
    elif data.startswith(b"PK\x03\x04"):
        texts = _office_texts(data)
    elif data.startswith(_BINARY_MAGIC):
        texts = None
    else:
        texts = _plain_texts(data)
    if texts is None:
        return None
    return any(contains_bsn(text) or contains_bsn(html.unescape(_TAG.sub("", text))) for text in texts)


def _pdf_texts(data: bytes) -> list[str] | None:
    import pypdf  # only when a PDF arrives
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return None
        texts = [page.extract_text() or "" for page in reader.pages]
        texts += [str(value) for value in (reader.metadata or {}).values()]
    except Exception:  # noqa: BLE001 - any failure of the PDF reader means the text cannot be checked
        return None
    return texts if any(text.strip() for text in texts) else None


def _office_texts(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [info for info in archive.infolist() if info.filename.endswith((".xml", ".rels"))]
            if not parts or sum(info.file_size for info in archive.infolist()) > MAX_DOCUMENT_TEXT:
                return None
            texts = [archive.read(info).decode("utf-8", errors="replace") for info in parts]
    except (zipfile.BadZipFile, ValueError, OSError, RuntimeError, NotImplementedError):
        return None
    # A number split over several runs (<w:t>123</w:t></w:r><w:r><w:t>456782</w:t>) is whole again without its tags.
    return [html.unescape(_TAG.sub("", text)) for text in texts]


def _plain_texts(data: bytes) -> list[str] | None:
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
            (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))  # UTF-32 LE before UTF-16 LE: its BOM starts alike
    for bom, encoding in boms:
        if data.startswith(bom):
            candidates = [data.decode(encoding, errors="replace")]
            break
    else:
        if b"\x00" in data:  # UTF-16 or UTF-32 without a byte order mark: read every way it can be meant
            candidates = [data.decode(e, errors="replace") for e in ("utf-16-le", "utf-16-be", "utf-32-le",
                                                                     "utf-32-be")]
        else:
            candidates = [data.decode("utf-8", errors="replace"), data.decode("cp1252", errors="replace")]
    readable = [text for text in candidates if _looks_like_text(text)]
    return readable or None


def _looks_like_text(text: str) -> bool:
    """Mostly printable characters and whitespace: a binary file decoded as text is not."""
    if not text:
        return True
    sample = text[:65536]
    odd = sum(1 for char in sample if not (char.isprintable() or char.isspace()) or char == "\ufffd")
    return odd <= len(sample) * 0.05
