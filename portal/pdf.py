"""Print-ready HTML to PDF with WeasyPrint. Only the portal's own static files and data: URLs may be fetched while
rendering: a document never reaches out to the network, and a file outside `static/` is refused. Every PDF is
tagged (WeasyPrint's PDF/UA-1 variant: a structure tree from the HTML's headings, paragraphs, lists and tables, the
document language and title), so a screen reader can read the letters and documents people receive."""
from pathlib import Path
from urllib.parse import unquote, urlparse

from flask import current_app
from weasyprint import HTML
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/ua-1"


class StaticOnlyFetcher(URLFetcher):
    def __init__(self, static_folder: Path):
        super().__init__(allowed_protocols={"file", "data"})
        self.root = static_folder.resolve()

    def fetch(self, url, headers=None):
        if url.startswith("file:") and not Path(unquote(urlparse(url).path)).resolve().is_relative_to(self.root):
            raise ValueError(f"not fetched while rendering a PDF: {url}")
        return super().fetch(url, headers)


def html_to_pdf(html: str) -> bytes:
    """Render `html` (a whole document; relative URLs such as `static/...` resolve against the app's package) to
    PDF bytes."""
    assert current_app.static_folder is not None  # create_app keeps Flask's static folder
    static = Path(current_app.static_folder)
    return HTML(string=html, base_url=str(static.parent) + "/", url_fetcher=StaticOnlyFetcher(static)).write_pdf(
        pdf_variant=PDF_VARIANT)
