"""Creating and changing funds: identity, region and (at most three) focus themes."""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from djmoney.money import Money

from fund.audit import audit_record, diff, snapshot
from fund.choices import MAX_FUND_THEMES, AuditAction, LegalForm, Theme
from fund.models import Fund, FundTheme, Municipality, User
from fund.validators import kvk_number_clean

RESERVED_SLUGS = {"new"}  # would clash with the fund pages' own URLs
_AUDITED = ("name", "slug", "legal_form", "kvk_number", "inception_date", "target_size", "min_ticket", "max_ticket")


def _themes_clean(themes: Iterable[str]) -> list[str]:
    themes = list(dict.fromkeys(themes))
    unknown = [t for t in themes if t not in Theme.values]
    if unknown:
        raise ValidationError({"themes": [_("Unknown theme: %(theme)s.") % {"theme": ", ".join(unknown)}]})
    if len(themes) > MAX_FUND_THEMES:
        raise ValidationError(
            {
                "themes": [
                    _("A fund focuses on at most %(max)d themes; %(count)d were chosen.")
                    % {"max": MAX_FUND_THEMES, "count": len(themes)}
                ]
            }
        )
    return themes


def _region_clean(region_codes: Iterable[str]) -> list[Municipality]:
    codes = list(dict.fromkeys(region_codes))
    found = list(Municipality.objects.filter(code__in=codes, valid_to__isnull=True))
    missing = sorted(set(codes) - {m.code for m in found})
    if missing:
        raise ValidationError({"region": [_("Unknown municipality code: %(codes)s.") % {"codes": ", ".join(missing)}]})
    if not found:
        raise ValidationError({"region": [_("A fund's region has at least one municipality.")]})
    return found


def _audit_state(fund: Fund) -> dict[str, str | None]:
    state = snapshot(fund, _AUDITED)
    state["region"] = ", ".join(sorted(m.code for m in fund.region.all()))
    state["themes"] = ", ".join(sorted(fund.theme_codes))
    return state


# what other apps set up for a new fund (e.g. the books' chart of accounts), in fund_create's transaction
_FUND_CREATED_HOOKS: list[Callable[..., object]] = []


def fund_created_hook_register(hook: Callable[..., object]) -> None:
    """Run `hook(actor=..., fund=...)` for every fund created from now on (apps register in AppConfig.ready)."""
    if hook not in _FUND_CREATED_HOOKS:
        _FUND_CREATED_HOOKS.append(hook)


@transaction.atomic
def fund_create(
    *,
    actor: User | None,
    name: str,
    inception_date: datetime.date,
    target_size: Decimal,
    region_codes: Iterable[str],
    themes: Iterable[str],
    kvk_number: str = "",
    slug: str = "",
    legal_form: str = LegalForm.COOPERATIE_UA,
    min_ticket: Decimal = Decimal("25000"),
    max_ticket: Decimal = Decimal("500000"),
) -> Fund:
    """Create a fund with its region and themes; validates everything before saving anything."""
    errors: dict[str, list[str]] = {}
    cleaned_themes: list[str] = []
    region: list[Municipality] = []
    try:
        cleaned_themes = _themes_clean(themes)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        region = _region_clean(region_codes)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if kvk_number:
        try:
            kvk_number = kvk_number_clean(kvk_number)
        except ValidationError as exc:
            errors["kvk_number"] = exc.messages
    slug = slug or slugify(name)[:40]
    if not name.strip():
        errors["name"] = [_("Enter the fund's name.")]
    elif slug in RESERVED_SLUGS or Fund.objects.filter(slug=slug).exists():
        errors["name"] = [_("Choose another name: its short form “%(slug)s” is taken.") % {"slug": slug}]
    elif Fund.objects.filter(name=name.strip()).exists():
        errors["name"] = [_("A fund with this name exists already.")]
    if min_ticket > max_ticket:
        errors["max_ticket"] = [_("The maximum ticket is below the minimum ticket.")]
    if errors:
        raise ValidationError(errors)
    fund = Fund.objects.create(
        name=name.strip(),
        slug=slug,
        legal_form=legal_form,
        kvk_number=kvk_number,
        inception_date=inception_date,
        target_size=Money(target_size, "EUR"),
        min_ticket=Money(min_ticket, "EUR"),
        max_ticket=Money(max_ticket, "EUR"),
    )
    fund.region.set(region)
    FundTheme.objects.bulk_create([FundTheme(fund=fund, theme=t) for t in cleaned_themes])
    audit_record(actor=actor, action=AuditAction.FUND_CREATED, obj=fund, changes=diff({}, _audit_state(fund)))
    for hook in _FUND_CREATED_HOOKS:
        hook(actor=actor, fund=fund)
    return fund


@transaction.atomic
def fund_themes_set(*, actor: User | None, fund: Fund, themes: Iterable[str]) -> Fund:
    """Replace a fund's focus themes (at most three)."""
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    before = _audit_state(fund)
    cleaned = _themes_clean(themes)
    fund.themes.exclude(theme__in=cleaned).delete()
    FundTheme.objects.bulk_create([FundTheme(fund=fund, theme=t) for t in cleaned], ignore_conflicts=True)
    changed = diff(before, _audit_state(fund))
    if changed:
        audit_record(actor=actor, action=AuditAction.FUND_THEMES_CHANGED, obj=fund, changes=changed)
    return fund
