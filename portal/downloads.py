"""File downloads: one place for the response of every export (CSV, XLSX, JSON, PDF). Exports hold personal data,
so a download is never cached."""
from flask import Response

MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "json": "application/json",
             "pdf": "application/pdf"}


def attachment(body: bytes, filename: str, mimetype: str | None = None) -> Response:
    """`body` as a download named `filename`; the mimetype follows the extension unless given."""
    response = Response(body, mimetype=mimetype or MIMETYPES[filename.rsplit(".", 1)[-1]])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
