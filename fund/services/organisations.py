"""Creating and changing organisations and their impact labels.

An organisation's IBAN is where its money may be paid, so a person never sets it alone: typing one (on creation or
later) files a four-eyes change (kind "fund.organisation_iban") and the organisation keeps its approved IBAN until a
second manager approves. Data loaded without a person (`actor=None`: the demo, imports) is the record as it stands.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from fund import access
from fund.audit import audit_record, diff, snapshot
from fund.choices import AuditAction, LabelKind, LegalForm
from fund.errors import FourEyesError
from fund.models import Fund, ImpactLabel, Organisation, PendingChange, User
from fund.services.approvals import change_request
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
ORGANISATION_IBAN_KIND = "fund.organisation_iban"


def _approving_fund(actor: User) -> Fund:
    """The fund whose managers approve an organisation's IBAN that `actor` typed (organisations are shared by the
    funds): the first fund by name that `actor` manages; for an administrator who manages none, the first fund."""
    funds = Fund.objects.order_by("name")
    fund = funds.filter(pk__in=access.managed_fund_ids(actor)).first() or (
        funds.first() if access.is_admin(actor) else None
    )
    if fund is None:
        raise FourEyesError(_("Only a fund manager can ask for an organisation's IBAN to be changed."))
    return fund


def organisation_iban_request(*, actor: User, organisation: Organisation, iban: str, reason: str) -> PendingChange:
    """Ask for `iban` to become the organisation's IBAN; a second manager approves it (fund.organisation_iban).

    The IBAN is checked now (on the field "iban"); the organisation keeps its current IBAN until the approval."""
    try:
        cleaned = iban_clean(iban)
    except ValidationError as exc:
        raise ValidationError({"iban": exc.messages}) from exc
    if cleaned == organisation.iban:
        raise ValidationError({"iban": [_("This is the organisation's IBAN already.")]})
    return change_request(
        actor=actor,
        fund=_approving_fund(actor),
        kind=ORGANISATION_IBAN_KIND,
        payload={"iban": cleaned},
        before={"iban": organisation.iban},
        reason=reason,
        target=organisation,
    )


def organisation_iban_apply(change: PendingChange, approver: User) -> None:
    """What approving a fund.organisation_iban change does: the organisation's IBAN becomes the approved one."""
    organisation = Organisation.objects.select_for_update().get(pk=change.target_id)
    before = snapshot(organisation, ("iban",))
    organisation.iban = iban_clean(change.payload["iban"])
    organisation.save(update_fields=["iban"])
    audit_record(
        actor=approver,
        action=AuditAction.ORGANISATION_UPDATED,
        obj=organisation,
        changes=diff(before, snapshot(organisation, ("iban",))),
    )


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
    """Create an organisation; all fields are validated first and nothing is saved if any is wrong.

    A person's first IBAN for it is a four-eyes change like any other: the organisation starts without an IBAN and gets
    the typed one when a second manager approves (docs/decisions.md)."""
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
    typed_iban = values["iban"]
    if actor is not None:
        values["iban"] = ""
    organisation = Organisation.objects.create(**values)
    audit_record(
        actor=actor,
        action=AuditAction.ORGANISATION_CREATED,
        obj=organisation,
        changes=diff({}, snapshot(organisation, _AUDITED)),
    )
    if actor is not None and typed_iban:
        organisation_iban_request(
            actor=actor, organisation=organisation, iban=typed_iban, reason=_("The IBAN of a new organisation.")
        )
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: User | None, organisation: Organisation, iban_reason: str = "", **changes: Any
) -> Organisation:
    """Change an organisation's fields; the municipality follows the postcode. Records old → new in the audit log.

    A different IBAN is not set here: it becomes a four-eyes change with `iban_reason` (organisation_iban_request),
    and the organisation keeps its approved IBAN until a second manager approves."""
    unknown = set(changes) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = snapshot(organisation, _AUDITED)
    values = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS} | changes
    cleaned = _organisation_values_clean(values, instance=organisation)
    new_iban = cleaned.pop("iban") or ""
    iban_changes = new_iban != organisation.iban
    if iban_changes and actor is not None:
        if not new_iban:
            raise ValidationError({"iban": [_("An IBAN is replaced by another, not removed.")]})
        if not iban_reason.strip():
            raise ValidationError({"iban_reason": [_("Say why the IBAN changes; a second manager approves it.")]})
    elif iban_changes:
        organisation.iban = new_iban
    for name, value in cleaned.items():
        setattr(organisation, name, value)
    organisation.save()
    if iban_changes and actor is not None:
        organisation_iban_request(actor=actor, organisation=organisation, iban=new_iban, reason=iban_reason)
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
