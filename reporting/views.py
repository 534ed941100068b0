"""Downloads of PDFs. Each view declares its roles and reads through fund.access, like every other page."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from fund import access
from fund.access import allow
from fund.choices import Role
from portfolio.models import Application
from portfolio.selectors import ic_memo
from reporting.pdf import pdf_render


@allow(Role.ADMIN, Role.FUND_MANAGER, Role.IC_MEMBER)
@require_GET
def ic_memo_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The IC memo of an application as a PDF, for the fund's managers and (once on an agenda) its IC members."""
    application = access.get_visible_or_404(request.user, Application.objects.select_related("fund"), pk=pk)
    if not (
        access.can_manage_fund(request.user, application.fund)
        or application.fund_id in access.ic_fund_ids(request.user)
    ):
        raise PermissionDenied
    pdf = pdf_render("reporting/ic_memo.html", {"memo": ic_memo(application=application)})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ic-memo-{application.reference}.pdf"'
    return response
