"""A fund's due-diligence checklist and scoring criteria, kept by its managers on the fund's settings page.

They shape how applications are worked on and scored, not where money goes nor what the committee decided, so one
manager changes them (no four eyes); every change is validated and audited on the fund. A line is never deleted
(applications keep their copies and scores point at their criterion): it is made inactive instead.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fund.audit import audit_record, diff, snapshot
from fund.models import Fund, User
from portfolio.choices import AuditAction, CriterionKind
from portfolio.models import DueDiligenceTemplateItem, ScoringCriterion

DD_ITEM_FIELDS = ("title", "position", "is_active")
CRITERION_FIELDS = ("kind", "name", "weight", "position", "is_active")


@transaction.atomic
def dd_template_item_save(
    *,
    actor: User,
    fund: Fund,
    title: str,
    position: int = 0,
    is_active: bool = True,
    item: DueDiligenceTemplateItem | None = None,
) -> DueDiligenceTemplateItem:
    """Add a line to the fund's due-diligence checklist, or change `item` (of that fund). Applications already in due
    diligence keep the checklist they were given."""
    if item is not None and item.fund_id != fund.pk:
        raise ValidationError({"title": [_("This checklist line belongs to another fund.")]})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": [_("Say what is checked, e.g. “Annual accounts of the last two years”.")]})
    before = snapshot(item, DD_ITEM_FIELDS) if item else {}
    item = item or DueDiligenceTemplateItem(fund=fund)
    item.title, item.position, item.is_active = title[:200], max(position or 0, 0), is_active
    item.save()
    audit_record(
        actor=actor,
        action=AuditAction.FUND_DD_CHECKLIST_CHANGED,
        obj=fund,
        changes=diff(before, snapshot(item, DD_ITEM_FIELDS)),
    )
    return item


@transaction.atomic
def scoring_criterion_save(
    *,
    actor: User,
    fund: Fund,
    kind: str,
    name: str,
    weight: Decimal,
    position: int = 0,
    is_active: bool = True,
    criterion: ScoringCriterion | None = None,
) -> ScoringCriterion:
    """Add a criterion the fund scores applications on, or change `criterion` (of that fund): a kind, a name unique
    within the kind, and a weight above zero (weights count relative to the other criteria of the kind)."""
    errors: dict[str, list[str]] = {}
    if criterion is not None and criterion.fund_id != fund.pk:
        errors["name"] = [_("This criterion belongs to another fund.")]
    if kind not in CriterionKind.values:
        errors["kind"] = [_("Choose credit or impact.")]
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Name the criterion.")]
    elif (
        ScoringCriterion.objects.filter(fund=fund, kind=kind, name=name)
        .exclude(pk__in=[criterion.pk] if criterion else [])
        .exists()
    ):
        errors["name"] = [_("The fund has a criterion of this name already.")]
    try:
        weight = Decimal(weight).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        weight = Decimal(0)
    if not Decimal(0) < weight < Decimal(1000):
        errors["weight"] = [_("A weight is a number above 0 and below 1000, e.g. 2 or 1,5.")]
    if errors:
        raise ValidationError(errors)
    before = snapshot(criterion, CRITERION_FIELDS) if criterion else {}
    criterion = criterion or ScoringCriterion(fund=fund)
    criterion.kind, criterion.name, criterion.weight = kind, name[:120], weight
    criterion.position, criterion.is_active = max(position or 0, 0), is_active
    criterion.save()
    audit_record(
        actor=actor,
        action=AuditAction.FUND_SCORING_CRITERIA_CHANGED,
        obj=fund,
        changes=diff(before, snapshot(criterion, CRITERION_FIELDS)),
    )
    return criterion
