"""The fund manager's assessment: eligibility checks with reasons, the due-diligence checklist, scores and grade."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fund.audit import audit_record
from fund.choices import Role, Theme
from fund.errors import DomainError
from fund.formatting import money
from fund.models import RoleAssignment, User
from fund.selectors import organisation_labels_on
from portfolio.choices import (
    SCORE_MAX,
    SCORE_MIN,
    ApplicationStatus,
    AuditAction,
    DueDiligenceStatus,
    EligibilityCheckCode,
    RiskGrade,
)
from portfolio.models import Application, ApplicationDocument, DueDiligenceItem, EligibilityCheck, Score
from portfolio.services.status import application_lock

MAX_RATE = Decimal("20")
_ASSESSABLE = (ApplicationStatus.SCREENING, ApplicationStatus.DUE_DILIGENCE, ApplicationStatus.IC)


@dataclass(frozen=True)
class CheckResult:
    code: str
    passed: bool
    reason: str


def _money(amount: Decimal) -> str:
    return money(amount)


def eligibility_evaluate(application: Application, day: datetime.date) -> list[CheckResult]:
    """The four screening rules for `application` on `day`, each with its reason in words (no writes)."""
    fund = application.fund
    org = application.organisation
    region = list(fund.region.all())
    municipality = org.municipality
    if municipality in region:
        region_check = CheckResult(
            EligibilityCheckCode.REGION,
            True,
            _("%(m)s (%(code)s) lies in the fund's region.") % {"m": municipality.name, "code": municipality.code},
        )
    else:
        region_check = CheckResult(
            EligibilityCheckCode.REGION,
            False,
            _("%(m)s (%(code)s) lies outside the fund's region (%(region)s).")
            % {
                "m": municipality.name,
                "code": municipality.code,
                "region": ", ".join(m.name for m in region),
            },
        )
    fund_themes = set(fund.theme_codes)
    chosen = application.themes
    if not chosen:
        theme_check = CheckResult(EligibilityCheckCode.THEME, False, _("No theme was chosen."))
    elif set(chosen) <= fund_themes:
        theme_check = CheckResult(
            EligibilityCheckCode.THEME,
            True,
            _("Fits the fund's themes: %(themes)s.") % {"themes": ", ".join(str(Theme(t).label) for t in chosen)},
        )
    else:
        foreign = [str(Theme(t).label) for t in chosen if t not in fund_themes]
        theme_check = CheckResult(
            EligibilityCheckCode.THEME,
            False,
            _("Not among the fund's themes: %(themes)s.") % {"themes": ", ".join(foreign)},
        )
    amount = application.amount_requested.amount
    low, high = fund.min_ticket.amount, fund.max_ticket.amount
    if amount < low:
        reason = _("%(amount)s is below the minimum ticket of %(min)s.") % {
            "amount": _money(amount),
            "min": _money(low),
        }
    elif amount > high:
        reason = _("%(amount)s is above the maximum ticket of %(max)s.") % {
            "amount": _money(amount),
            "max": _money(high),
        }
    else:
        reason = _("%(amount)s lies within the tickets of %(min)s to %(max)s.") % {
            "amount": _money(amount),
            "min": _money(low),
            "max": _money(high),
        }
    ticket_check = CheckResult(EligibilityCheckCode.TICKET, low <= amount <= high, reason)
    held = organisation_labels_on(organisation=org, day=day)
    if held:
        parts = [
            f"{label}"
            + (
                _(" until %(day)s") % {"day": date_format(label.valid_to, "SHORT_DATE_FORMAT")}
                if label.valid_to
                else ""
            )
            for label in held
        ]
        labels_check = CheckResult(
            EligibilityCheckCode.LABELS, True, _("Holds %(labels)s.") % {"labels": "; ".join(parts)}
        )
    else:
        expired = [f"{label}" for label in org.labels.all()]
        labels_check = CheckResult(
            EligibilityCheckCode.LABELS,
            False,
            _("Holds no recognised label today.")
            + (" " + _("Expired: %(labels)s.") % {"labels": ", ".join(expired)} if expired else ""),
        )
    return [region_check, theme_check, ticket_check, labels_check]


@transaction.atomic
def eligibility_checks_run(*, actor: User | None, application: Application) -> list[EligibilityCheck]:
    """Run (or run again) the screening rules and store each result with its reason."""
    application = application_lock(application)
    if application.status not in _ASSESSABLE:
        raise DomainError(
            _("Eligibility is checked during screening; this application is %(s)s.")
            % {"s": application.get_status_display()}
        )
    now = timezone.now()
    results = eligibility_evaluate(application, timezone.localdate())
    # The same rules worded in each language, so every reader sees the reason in their own.
    reasons: dict[str, dict[str, str]] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for result in eligibility_evaluate(application, timezone.localdate()):
                reasons.setdefault(result.code, {})[language] = result.reason
    rows = []
    for result in results:
        row, _created = EligibilityCheck.objects.update_or_create(
            application=application,
            code=result.code,
            defaults={
                "passed": result.passed,
                "reason": result.reason,
                "reasons": reasons[result.code],
                "checked_at": now,
                "checked_by": actor,
            },
        )
        rows.append(row)
    audit_record(
        actor=actor,
        action=AuditAction.APPLICATION_ELIGIBILITY_CHECKED,
        obj=application,
        # Pass or fail per rule, in no language; the reasons are kept with the checks, in each language.
        changes={r.code: [None, "✓" if r.passed else "✗"] for r in results},
    )
    return rows


def _fund_staff_ids(application: Application) -> set[int]:
    return set(
        RoleAssignment.objects.filter(role=Role.FUND_MANAGER, fund=application.fund).values_list("user_id", flat=True)
    ) | set(RoleAssignment.objects.filter(role=Role.ADMIN).values_list("user_id", flat=True))


@dataclass(frozen=True)
class ChecklistLine:
    """What the manager set for one checklist line: ids as posted (the service checks that they belong)."""

    item_id: int
    status: str
    owner_id: int | None = None
    note: str = ""
    evidence_id: int | None = None


def _dd_line_errors(
    application: Application, line: ChecklistLine, staff_ids: set[int], document_ids: set[int]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if line.status not in DueDiligenceStatus.values:
        errors["status"] = [_("Choose a status.")]
    if line.owner_id is not None and line.owner_id not in staff_ids:
        errors["owner"] = [_("The owner must be a manager of %(fund)s.") % {"fund": application.fund}]
    if line.evidence_id is not None and line.evidence_id not in document_ids:
        errors["evidence"] = [_("The evidence must be one of this application's documents.")]
    if line.status == DueDiligenceStatus.NOT_APPLICABLE and not line.note.strip():
        errors["note"] = [_("Say why this item does not apply.")]
    return errors


def _dd_apply(item: DueDiligenceItem, line: ChecklistLine, names: dict[str, dict[int, str]]) -> dict[str, list[Any]]:
    """Write one checked line to its item when it changed; returns the audit changes in words."""

    def shown(status: str, owner_id: int | None, note: str, evidence_id: int | None) -> dict[str, str]:
        return {
            "status": status,
            "owner": names["owner"].get(owner_id, "") if owner_id is not None else "",
            "note": note,
            "evidence": names["evidence"].get(evidence_id, "") if evidence_id is not None else "",
        }

    before = shown(item.status, item.owner_id, item.note, item.evidence_id)
    after = shown(line.status, line.owner_id, line.note.strip(), line.evidence_id)
    changes = {f"{item.title} · {k}": [before[k], v] for k, v in after.items() if before[k] != v}
    if changes or (item.owner_id, item.evidence_id) != (line.owner_id, line.evidence_id):
        item.status, item.owner_id, item.note, item.evidence_id = (
            line.status,
            line.owner_id,
            line.note.strip(),
            line.evidence_id,
        )
        item.save(update_fields=["status", "owner", "note", "evidence"])
    return changes


@transaction.atomic
def dd_checklist_update(
    *, actor: User | None, application: Application, lines: list[ChecklistLine]
) -> list[DueDiligenceItem]:
    """Save the whole due-diligence checklist at once: owner, status, note and evidence of every line.

    Every line is checked before anything is written; when any line is wrong nothing is saved and one ValidationError
    names each wrong field as `<item id>.<field>`. Unchanged lines are left as they are (no audit entry)."""
    application = application_lock(application)
    if application.status != ApplicationStatus.DUE_DILIGENCE:
        raise DomainError(_("The checklist is worked on during due diligence only."))
    items = {i.pk: i for i in DueDiligenceItem.objects.select_for_update().filter(application=application)}
    unknown = [line.item_id for line in lines if line.item_id not in items]
    if unknown:
        raise DomainError(_("These lines are not on this application's checklist: %(ids)s.") % {"ids": unknown})
    staff_ids = _fund_staff_ids(application)
    documents = {d.pk: str(d) for d in application.documents.all()}
    document_ids = set(documents)
    errors = {
        f"{line.item_id}.{field}": messages
        for line in lines
        for field, messages in _dd_line_errors(application, line, staff_ids, document_ids).items()
    }
    if errors:
        raise ValidationError(errors)
    owner_ids = staff_ids | {i.owner_id for i in items.values() if i.owner_id}
    names = {"owner": {u.pk: str(u) for u in User.objects.filter(pk__in=owner_ids)}, "evidence": documents}
    changes: dict[str, list[Any]] = {}
    for line in lines:
        changes |= _dd_apply(items[line.item_id], line, names)
    if changes:
        audit_record(actor=actor, action=AuditAction.APPLICATION_DD_ITEM_UPDATED, obj=application, changes=changes)
    return list(application.dd_items.select_related("owner", "evidence"))


def dd_item_update(
    *,
    actor: User | None,
    item: DueDiligenceItem,
    status: str,
    owner: User | None = None,
    note: str = "",
    evidence: ApplicationDocument | None = None,
) -> DueDiligenceItem:
    """Update one checklist line (the checklist's rules, for a single line)."""
    line = ChecklistLine(
        item_id=item.pk,
        status=status,
        owner_id=owner.pk if owner is not None else None,
        note=note,
        evidence_id=evidence.pk if evidence is not None else None,
    )
    try:
        dd_checklist_update(actor=actor, application=item.application, lines=[line])
    except ValidationError as exc:
        raise ValidationError({key.split(".", 1)[1]: messages for key, messages in exc.message_dict.items()}) from None
    return DueDiligenceItem.objects.get(pk=item.pk)


@transaction.atomic
def application_assess(
    *,
    actor: User | None,
    application: Application,
    scores: dict[int, int],
    risk_grade: str = "",
    proposed_rate: Decimal | None = None,
    notes: dict[int, str] | None = None,
) -> Application:
    """Score the fund's criteria (1–5 each), set the risk grade and the interest rate the manager proposes to the IC."""
    application = application_lock(application)
    notes = notes or {}
    errors: dict[str, list[str]] = {}
    if application.status not in _ASSESSABLE:
        raise DomainError(_("Applications are scored during screening, due diligence and committee."))
    criteria = {c.pk: c for c in application.fund.scoring_criteria.filter(is_active=True)}
    unknown = set(scores) - set(criteria)
    if unknown:
        errors["scores"] = [_("These criteria are not the fund's: %(ids)s.") % {"ids": sorted(unknown)}]
    out_of_range = [criteria[k].name for k, v in scores.items() if k in criteria and not SCORE_MIN <= v <= SCORE_MAX]
    if out_of_range:
        errors["scores"] = [
            _("Scores run from %(min)d to %(max)d: %(names)s.")
            % {"min": SCORE_MIN, "max": SCORE_MAX, "names": ", ".join(out_of_range)}
        ]
    if risk_grade and risk_grade not in RiskGrade.values:
        errors["risk_grade"] = [_("Choose a risk grade A–E.")]
    if proposed_rate is not None and not Decimal(0) <= proposed_rate <= MAX_RATE:
        errors["proposed_rate"] = [_("The rate lies between 0 and %(max)s %%.") % {"max": MAX_RATE}]
    if errors:
        raise ValidationError(errors)
    existing = {s.criterion_id: s for s in application.scores.all()}
    changes: dict[str, list[Any]] = {}
    for criterion_id, value in scores.items():
        old = existing.get(criterion_id)
        if old is None:
            Score.objects.create(
                application=application,
                criterion_id=criterion_id,
                value=value,
                note=notes.get(criterion_id, ""),
                scored_by=actor,
            )
        elif old.value != value or old.note != notes.get(criterion_id, old.note):
            old.value, old.note, old.scored_by = value, notes.get(criterion_id, old.note), actor
            old.save()
        else:
            continue
        changes[criteria[criterion_id].name] = [old.value if old else None, value]
    if risk_grade != application.risk_grade:
        changes["risk_grade"] = [application.risk_grade or None, risk_grade or None]
    if proposed_rate != application.proposed_rate:
        changes["proposed_rate"] = [
            None if application.proposed_rate is None else str(application.proposed_rate),
            None if proposed_rate is None else str(proposed_rate),
        ]
    application.risk_grade = risk_grade
    application.proposed_rate = proposed_rate
    application.save(update_fields=["risk_grade", "proposed_rate"])
    if changes:
        audit_record(
            actor=actor,
            action=AuditAction.APPLICATION_ASSESSED,
            obj=application,
            changes={
                k: [str(v[0]) if v[0] is not None else None, str(v[1]) if v[1] is not None else None]
                for k, v in changes.items()
            },
        )
    return application
