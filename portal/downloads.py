"""File downloads: one place for the response of every export (CSV, XLSX, JSON, PDF). Exports hold personal data,
so a download is never cached."""
import re
import unicodedata
from urllib.parse import quote

from flask import Response

MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "json": "application/json",
             "pdf": "application/pdf"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def content_disposition(filename: str) -> str:
    """`attachment; filename="…"`, and when the name is not plain ASCII, the exact name again as UTF-8 in
    `filename*` (RFC 6266, RFC 5987) beside an ASCII fallback for old clients. Control characters (CR/LF: header
    injection) become spaces; quotes and backslashes leave the ASCII form, which cannot escape them reliably."""
    name = _CONTROL.sub(" ", filename)
    fallback = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    fallback = fallback.replace('"', "").replace("\\", "")
    if fallback == filename:
        return f'attachment; filename="{fallback}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment(body: bytes, filename: str, mimetype: str | None = None) -> Response:
    """`body` as a download named `filename`; the mimetype follows the extension unless given."""
    response = Response(body, mimetype=mimetype or MIMETYPES.get(filename.rsplit(".", 1)[-1].lower(),
                                                                 "application/octet-stream"))
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    return response
