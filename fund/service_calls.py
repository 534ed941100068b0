"""Running a service from a view: what the service refuses becomes a message the user reads, never a 500.

A service refuses with a `DomainError` (a business rule said no: its message is shown as it is) or a
`ValidationError` (a value is wrong: its messages are keyed by field). Views use one of three shapes:

- `service_run`: a POST-redirect action; refusals become page messages, naming the field when `labels` knows it.
- `service_run_once`: the same for a money form that must record once (a double click records nothing more).
- `form_service_run` / `form_errors_add`: a form page; refusals go onto the form, next to the field they name.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from fund.errors import DomainError
from fund.once import submit_once

FAILED: Any = object()  # what service_run returns when the service refused (the messages say why)


def service_run(
    request: HttpRequest, call: Callable[[], Any], success: str = "", labels: Mapping[str, Any] | None = None
) -> Any:
    """Run `call`; its result, or FAILED when it refused, with each refusal as an error message.

    A field error reads "Label: message" when `labels` names the field, else just the message. On success `success`
    (when given) is shown."""
    try:
        result = call()
    except DomainError as exc:
        messages.error(request, str(exc))
        return FAILED
    except ValidationError as exc:
        for field, field_messages in exc.message_dict.items():
            label = (labels or {}).get(field)
            for message in field_messages:
                messages.error(
                    request, _("%(field)s: %(message)s") % {"field": label, "message": message} if label else message
                )
        return FAILED
    if success:
        messages.success(request, success)
    return result


def service_run_once(
    request: HttpRequest, call: Callable[[], Any], success: str, labels: Mapping[str, Any] | None = None
) -> None:
    """`service_run` for a money form: a second submit of the same rendered form (a double click) records nothing
    more and shows the page with what the first one recorded (fund.once)."""
    submit_once(request, lambda: service_run(request, call, success, labels=labels) is not FAILED)


def form_errors_add(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put each message of a service's ValidationError on the form field it names (form-wide when there is none)."""
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def form_service_run(
    form: forms.BaseForm, save: Callable[[dict], Any], *extra_forms: forms.BaseForm | forms.BaseFormSet
) -> Any:
    """Validate `form` (and any `extra_forms` shown with it), then run `save(form.cleaned_data)`; what it returned, or
    None when a form or the service said no (the form then carries the errors: field errors on their field, a
    DomainError form-wide)."""
    if not form.is_valid() or not all(extra.is_valid() for extra in extra_forms):
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as exc:
        form_errors_add(form, exc)
    except DomainError as exc:
        form.add_error(None, str(exc))
    return None
