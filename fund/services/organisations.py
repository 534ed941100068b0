"""Creating and changing organisations and their impact labels."""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from fund.audit import audit_record, diff, snapshot
from fund.choices import AuditAction, LabelKind, LegalForm
from fund.models import ImpactLabel, Organisation, User
from fund.services.postcodes import postcode_municipality, postcode_normalise
from fund.validators import iban_clean, kvk_number_clean

ORGANISATION_FIELDS = (
    "legal_name",
    "trade_name",
    "kvk_number",
    "legal_form",
    "street",
    "postcode",
    "city",
    "iban",
    "website",
    "is_investee",
)
_AUDITED = (*ORGANISATION_FIELDS, "municipality")


def _organisation_values_clean(values: dict[str, Any], *, instance: Organisation | None) -> dict[str, Any]:
    """Validate every field at once and return cleaned values (municipality derived from the postcode)."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(values)

    def check(field: str, func: Callable[[Any], Any]) -> None:
        try:
            cleaned[field] = func(values[field])
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)

    if not (values.get("legal_name") or "").strip():
        errors["legal_name"] = [_("Enter the legal name as registered at the KvK.")]
    if values.get("legal_form") not in LegalForm.values:
        errors["legal_form"] = [_("Choose a legal form.")]
    if values.get("kvk_number") or values.get("legal_form") != LegalForm.NATURAL_PERSON:
        check("kvk_number", kvk_number_clean)
    if values.get("iban"):
        check("iban", iban_clean)
    if values.get("website"):
        check("website", lambda v: URLValidator()(v) or v)
    check("postcode", postcode_normalise)
    if "postcode" not in errors:
        try:
            cleaned["municipality"] = postcode_municipality(cleaned["postcode"])
        except ValidationError as exc:
            errors["postcode"] = exc.messages
    kvk = cleaned.get("kvk_number")
    if kvk and "kvk_number" not in errors:
        clash = Organisation.objects.filter(kvk_number=kvk)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors["kvk_number"] = [_("Another organisation already has KvK number %(kvk)s.") % {"kvk": kvk}]
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def organisation_create(
    *,
    actor: User | None,
    legal_name: str,
    kvk_number: str,
    legal_form: str,
    postcode: str,
    trade_name: str = "",
    street: str = "",
    city: str = "",
    iban: str = "",
    website: str = "",
    is_investee: bool = False,
) -> Organisation:
    """Create an organisation; all fields are validated first and nothing is saved if any is wrong."""
    values = _organisation_values_clean(
        {
            "legal_name": legal_name.strip(),
            "trade_name": trade_name.strip(),
            "kvk_number": kvk_number,
            "legal_form": legal_form,
            "street": street.strip(),
            "postcode": postcode,
            "city": city.strip(),
            "iban": iban,
            "website": website,
            "is_investee": is_investee,
        },
        instance=None,
    )
    organisation = Organisation.objects.create(**values)
    audit_record(
        actor=actor,
        action=AuditAction.ORGANISATION_CREATED,
        obj=organisation,
        changes=diff({}, snapshot(organisation, _AUDITED)),
    )
    return organisation


@transaction.atomic
def organisation_update(*, actor: User | None, organisation: Organisation, **changes: Any) -> Organisation:
    """Change an organisation's fields; the municipality follows the postcode. Records old → new in the audit log."""
    unknown = set(changes) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = snapshot(organisation, _AUDITED)
    values = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS} | changes
    cleaned = _organisation_values_clean(values, instance=organisation)
    for name, value in cleaned.items():
        setattr(organisation, name, value)
    organisation.save()
    changed = diff(before, snapshot(organisation, _AUDITED))
    if changed:
        audit_record(actor=actor, action=AuditAction.ORGANISATION_UPDATED, obj=organisation, changes=changed)
    return organisation


@transaction.atomic
def impact_label_add(
    *,
    actor: User | None,
    organisation: Organisation,
    kind: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    level: str = "",
    reference: str = "",
) -> ImpactLabel:
    """Record that an organisation holds a label for a period. A PSO label needs its level; others have none."""
    errors: dict[str, list[str]] = {}
    if kind not in LabelKind.values:
        errors["kind"] = [_("Choose a label.")]
    if kind == LabelKind.PSO and not level:
        errors["level"] = [_("A PSO certificate has a level (trede); choose it.")]
    if kind != LabelKind.PSO and level:
        errors["level"] = [_("Only a PSO certificate has a level.")]
    if valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = [_("The end date lies before the start date.")]
    if errors:
        raise ValidationError(errors)
    label = ImpactLabel.objects.create(
        organisation=organisation, kind=kind, level=level, valid_from=valid_from, valid_to=valid_to, reference=reference
    )
    audit_record(
        actor=actor,
        action=AuditAction.IMPACT_LABEL_ADDED,
        obj=organisation,
        changes={"labels": [None, f"{label} {valid_from:%Y-%m-%d}–{valid_to or ''}"]},
    )
    return label
