"""HTML to PDF with WeasyPrint: every PDF of the system is rendered here, from the other apps' selectors."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def pdf_render(template_name: str, context: dict, *, base_url: str | None = None) -> bytes:
    """Render `template_name` (a full HTML document with its own @page rules) to PDF bytes in the active language."""
    from weasyprint import HTML  # imported here: WeasyPrint loads its fonts and libraries on first use

    html = render_to_string(template_name, {**context, "LANGUAGE_CODE": translation.get_language()})
    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).write_pdf()
