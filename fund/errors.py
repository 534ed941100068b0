"""Domain errors of the fund app: each carries a message a fund manager understands."""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A business rule said no; the message is shown to the user as it is."""


class FourEyesError(DomainError):
    """A four-eyes rule said no: the requester tried to decide, or someone without the checker role, or a duplicate."""


def field_error(field: str, message: str) -> ValidationError:
    """A validation error bound to one field, so a form shows it next to that field."""
    return ValidationError({field: [message]})
