"""The one way impact views run a service with a form's data and show its refusals on the form."""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError

from fund.errors import DomainError

T = TypeVar("T")


def service_form_submit(form: forms.BaseForm, save: Callable[[dict[str, Any]], T], *extra_forms: Any) -> T | None:
    """Run the service with the form's data; put each message of its ValidationError on the field it names (a key
    the form does not have goes to the form as a whole), and a DomainError's message on the form as a whole.
    Returns what the service returned, or None when a form is invalid or the service refused."""
    if not form.is_valid() or not all(f.is_valid() for f in extra_forms):
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    except DomainError as exc:
        form.add_error(None, str(exc))
    return None
