"""HTML templates → PDF with WeasyPrint. The one place that turns a report into a file.

Templates extend `reporting/pdf_base.html`, which sets the page size, the running header and footer (fund, title,
period, "page N of M"), repeats table headers across pages and uses the DejaVu fonts from Debian (fonts-dejavu-core),
so the text in the PDF is real, selectable text.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int

    @property
    def size(self) -> int:
        return len(self.content)


def pdf_render(template_name: str, context: dict, *, language: str = "nl", base_url: str | None = None) -> RenderedPdf:
    """Render a template to PDF in `language` (Dutch by default). The context must already hold every number."""
    from weasyprint import HTML  # imported here: loading Pango costs time that web requests without PDFs need not pay

    with translation.override(language):
        html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=base_url).render()
    return RenderedPdf(content=document.write_pdf(), pages=len(document.pages))
