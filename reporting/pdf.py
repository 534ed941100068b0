"""HTML to PDF with WeasyPrint: every PDF of the system is rendered here, from the other apps' selectors.

Templates extend `reporting/pdf_base.html`: A4, a running header and footer, "page N of M", table headers repeated
across pages, and the DejaVu fonts from Debian (fonts-dejavu-core), so the text can be copied out of the PDF.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int

    @property
    def size(self) -> int:
        return len(self.content)


def pdf_document(template_name: str, context: dict, *, base_url: str | None = None) -> RenderedPdf:
    """Render `template_name` to PDF in the active language; the context already holds every number."""
    from weasyprint import HTML  # imported here: WeasyPrint loads its fonts and libraries on first use

    html = render_to_string(template_name, {**context, "LANGUAGE_CODE": translation.get_language()})
    document = HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).render(pdf_tags=True)
    # Tagged PDF: headings, tables and reading order are marked, for screen readers and for copying numbers out.
    return RenderedPdf(content=document.write_pdf(pdf_tags=True), pages=len(document.pages))


def pdf_render(template_name: str, context: dict, *, base_url: str | None = None) -> bytes:
    """The PDF bytes of `template_name` (see pdf_document)."""
    return pdf_document(template_name, context, base_url=base_url).content
