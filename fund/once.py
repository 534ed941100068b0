"""Money forms record once: a second submit of the same rendered form (a double click) records nothing more.

Each protected form carries a one-time token (`{% once_field %}` from the `sif_forms` tags). `submit_once` claims the
token in the same transaction as the write: the first submit stores it, a second one with the same token finds it
(PostgreSQL makes a concurrent second insert wait for the first transaction) and only shows the page again, where
what the first submit recorded is listed. A write that is refused gives its token back, so the form can be sent again.
A post without a token (the API, scripts) is not protected.
"""

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from fund.models import UsedFormToken

ONCE_FIELD = "once"


def form_token_new() -> str:
    """A fresh token for a form about to be rendered."""
    return str(uuid.uuid4())


def form_token_claim(*, token: str, user) -> bool:
    """Store the token inside the caller's transaction; False when it was stored before (the form was sent already).

    A missing or malformed token is always claimable: such a post is simply not protected."""
    try:
        value = uuid.UUID(str(token))
    except ValueError:
        return True
    try:
        with transaction.atomic():
            UsedFormToken.objects.create(token=value, user=user)
    except IntegrityError:
        return False
    return True


def submit_once(request: HttpRequest, record: Callable[[], bool]) -> bool:
    """Run `record` (True when it recorded something) unless this form was submitted before.

    Returns False for a second submit, after telling the user that the first one counts."""
    with transaction.atomic():
        if not form_token_claim(token=request.POST.get(ONCE_FIELD, ""), user=request.user):
            messages.info(request, _("This form was sent twice; it was recorded once."))
            return False
        if not record():
            transaction.set_rollback(True)
    return True
