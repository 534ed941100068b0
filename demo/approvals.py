"""Demo four-eyes changes: one awaits the demo manager's approval, so the approvals page has something to decide."""

from django.conf import settings
from schwifty import IBAN

from fund.models import Organisation, PendingChange, User
from fund.services.organisations import ORGANISATION_IBAN_KIND, organisation_iban_request

# Requested by the second manager: the demo manager (manager@) may approve or reject it, the requester only withdraw.
IBAN_CHANGE = (
    "Fietsfabriek Zuid B.V.",
    "Nieuwe zakelijke rekening bij Triodos; brief van de penningmeester van 3 november.",
)


def demo_seed() -> None:
    """Request the demo's pending change, or leave the changes as they are where any exist already."""
    if not settings.DEMO_MODE:
        raise RuntimeError("The demo data set can only be loaded with the demo settings (DEMO_MODE).")
    # the loan book approved its own changes already (write-offs, tranches...): look for this part's kind only
    if PendingChange.objects.filter(kind=ORGANISATION_IBAN_KIND).exists():
        return
    legal_name, reason = IBAN_CHANGE
    organisation = Organisation.objects.get(legal_name=legal_name)
    organisation_iban_request(
        actor=User.objects.get(email="manager2@sif.example"),
        organisation=organisation,
        iban=IBAN.generate("NL", bank_code="TRIO", account_code="0212345678").compact,
        reason=reason,
    )
