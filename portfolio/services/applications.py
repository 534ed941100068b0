"""The applicant's side of an application: create, change while draft, co-financing, submit, withdraw;
and the fund manager's moves along the pipeline and declines."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from djmoney.money import Money

from fund.audit import audit_record, diff, snapshot
from fund.errors import DomainError
from fund.models import Fund, Organisation, User
from impactmetrics.models import Metric
from portfolio.choices import (
    DD_FINISHED,
    OPEN_STATUSES,
    ApplicationStatus,
    AuditAction,
    CoFinancingSource,
    CoFinancingStatus,
    DocumentKind,
    Instrument,
)
from portfolio.models import Application, CoFinancing, DueDiligenceItem
from portfolio.services.status import application_lock, application_status_set
from portfolio.tasks import notify_applicant_on_commit
from portfolio.transitions import application_transition_check

MAX_TERM_MONTHS = 120

# Fields the applicant fills in; what application_update accepts.
APPLICATION_FIELDS = (
    "amount_requested",
    "purpose",
    "term_months",
    "grace_months",
    "instrument",
    "themes",
    "target_group",
    "expected_outcomes",
    "metric_codes",
    "annual_revenue",
    "net_result",
    "equity",
    "employees_fte",
)
_MONEY_FIELDS = ("amount_requested", "annual_revenue", "net_result", "equity")


def _amount(value: Money | Decimal | None) -> Decimal | None:
    return value.amount if isinstance(value, Money) else value


def _values_clean(fund: Fund, values: dict[str, Any]) -> dict[str, Any]:
    """Check every field at once; raise one ValidationError naming each wrong field."""
    errors: dict[str, list[str]] = {}
    amount = _amount(values.get("amount_requested"))
    if amount is None or amount <= 0:
        errors["amount_requested"] = [_("Enter the amount you ask for, in euros.")]
    elif amount != amount.quantize(Decimal("0.01")):
        errors["amount_requested"] = [_("Enter the amount in whole cents.")]
    if not (values.get("purpose") or "").strip():
        errors["purpose"] = [_("Describe what the money is for.")]
    term = values.get("term_months")
    if not isinstance(term, int) or not 1 <= term <= MAX_TERM_MONTHS:
        errors["term_months"] = [_("The term is between 1 and %(max)d months.") % {"max": MAX_TERM_MONTHS}]
    grace = values.get("grace_months") or 0
    if not isinstance(grace, int) or grace < 0:
        errors["grace_months"] = [_("The grace period is a whole number of months, 0 or more.")]
    elif isinstance(term, int) and grace >= term:
        errors["grace_months"] = [_("The grace period must be shorter than the term.")]
    if values.get("instrument") not in Instrument.values:
        errors["instrument"] = [_("Choose an instrument.")]
    fund_themes = set(fund.theme_codes)
    themes = list(dict.fromkeys(values.get("themes") or []))
    foreign = [t for t in themes if t not in fund_themes]
    if foreign:
        errors["themes"] = [
            _("%(themes)s is not one of %(fund)s's themes.") % {"themes": ", ".join(foreign), "fund": fund.name}
        ]
    metrics = list(dict.fromkeys(values.get("metric_codes") or []))
    known = set(Metric.objects.filter(code__in=metrics, is_active=True).values_list("code", flat=True))
    unknown = [m for m in metrics if m not in known]
    if unknown:
        errors["metric_codes"] = [_("Unknown metric: %(codes)s.") % {"codes": ", ".join(unknown)}]
    fte = values.get("employees_fte")
    if fte is not None and fte < 0:
        errors["employees_fte"] = [_("The number of employees cannot be negative.")]
    revenue = _amount(values.get("annual_revenue"))
    if revenue is not None and revenue < 0:
        errors["annual_revenue"] = [_("Revenue cannot be negative.")]
    if errors:
        raise ValidationError(errors)
    cleaned = dict(values)
    cleaned.update(themes=themes, metric_codes=metrics, grace_months=grace)
    cleaned["purpose"] = values["purpose"].strip()
    for name in _MONEY_FIELDS:
        raw = _amount(values.get(name))
        cleaned[name] = Money(raw, "EUR") if raw is not None else None
    return cleaned


REFERENCE_CODE_LENGTH = 19  # "L-" + code + "-2026-007" fits the 30 characters of a loan reference


def reference_code(fund: Fund) -> str:
    """The fund's part of every application and loan reference: its short name in capitals (SIF-ROTTERDAM)."""
    return fund.slug.upper()[:REFERENCE_CODE_LENGTH].rstrip("-")


def _next_reference(fund: Fund) -> str:
    """FUNDCODE-YYYY-NNN (SIF-ROTTERDAM-2026-007), the one format of every fund and year; its loan is L-<reference>.

    The number counts per code and year from one above the highest issued, so a deleted draft never makes the next
    reference collide; under a lock on the fund row."""
    Fund.objects.select_for_update().filter(pk=fund.pk).first()
    prefix = f"{reference_code(fund)}-{timezone.localdate().year}-"
    issued = Application.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(rest) for rest in (r.removeprefix(prefix) for r in issued) if rest.isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


@transaction.atomic
def application_create(
    *,
    actor: User | None,
    fund: Fund,
    organisation: Organisation,
    amount_requested: Decimal,
    purpose: str,
    term_months: int,
    instrument: str,
    grace_months: int = 0,
    themes: list[str] | None = None,
    target_group: str = "",
    expected_outcomes: str = "",
    metric_codes: list[str] | None = None,
    annual_revenue: Decimal | None = None,
    net_result: Decimal | None = None,
    equity: Decimal | None = None,
    employees_fte: Decimal | None = None,
) -> Application:
    """Start a draft application of `organisation` to `fund`; all fields are checked before anything is saved."""
    values = _values_clean(
        fund,
        {
            "amount_requested": amount_requested,
            "purpose": purpose,
            "term_months": term_months,
            "grace_months": grace_months,
            "instrument": instrument,
            "themes": themes or [],
            "target_group": target_group.strip(),
            "expected_outcomes": expected_outcomes.strip(),
            "metric_codes": metric_codes or [],
            "annual_revenue": annual_revenue,
            "net_result": net_result,
            "equity": equity,
            "employees_fte": employees_fte,
        },
    )
    application = Application.objects.create(
        reference=_next_reference(fund),
        fund=fund,
        organisation=organisation,
        created_by=actor if getattr(actor, "pk", None) else None,
        status_changed_at=timezone.now(),
        **{name: value for name, value in values.items() if name != "metric_codes"},
    )
    _metrics_set(application, values["metric_codes"])
    audit_record(
        actor=actor,
        action=AuditAction.APPLICATION_CREATED,
        obj=application,
        changes=diff({}, snapshot(application, ("fund", "organisation", *APPLICATION_FIELDS))),
    )
    return application


@transaction.atomic
def application_update(*, actor: User | None, application: Application, **changes: Any) -> Application:
    """Change a draft application's fields (the applicant's; once submitted the fund asks questions instead)."""
    unknown = set(changes) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown application fields: {sorted(unknown)}")
    application = application_lock(application)
    if application.status != ApplicationStatus.DRAFT:
        raise DomainError(
            _("Only a draft application can be changed; this one is %(status)s.")
            % {"status": application.get_status_display()}
        )
    before = snapshot(application, APPLICATION_FIELDS)
    values = {name: getattr(application, name) for name in APPLICATION_FIELDS} | changes
    cleaned = _values_clean(application.fund, values)
    for name, value in cleaned.items():
        if name != "metric_codes":
            setattr(application, name, value)
    application.save()
    _metrics_set(application, cleaned["metric_codes"])
    changed = diff(before, snapshot(application, APPLICATION_FIELDS))
    if changed:
        audit_record(actor=actor, action=AuditAction.APPLICATION_UPDATED, obj=application, changes=changed)
    return application


def _metrics_set(application: Application, codes: list[str]) -> None:
    """The catalog metrics the applicant will report, by their codes (checked by `_values_clean`)."""
    application.metrics.set(Metric.objects.filter(code__in=codes))


def application_editable_check(application: Application) -> None:
    """Refuse (DomainError) a change to an application that is no longer a draft or open."""
    if application.status not in (ApplicationStatus.DRAFT, *OPEN_STATUSES):
        raise DomainError(
            _("This application is %(status)s; nothing can be added to it.")
            % {"status": application.get_status_display()}
        )


@transaction.atomic
def co_financing_add(
    *,
    actor: User | None,
    application: Application,
    source: str,
    amount: Decimal,
    status: str,
    provider: str = "",
) -> CoFinancing:
    """Record other finance next to the fund's loan (a bank or Qredits loan, a foundation, own funds)."""
    application = application_lock(application)
    application_editable_check(application)
    errors: dict[str, list[str]] = {}
    if source not in CoFinancingSource.values:
        errors["source"] = [_("Choose where the money comes from.")]
    if status not in CoFinancingStatus.values:
        errors["status"] = [_("Choose how far this financing is.")]
    if amount is None or amount <= 0:
        errors["amount"] = [_("Enter an amount above zero.")]
    if (
        source in (CoFinancingSource.BANK, CoFinancingSource.FOUNDATION, CoFinancingSource.OTHER)
        and not provider.strip()
    ):
        errors["provider"] = [_("Name the bank, foundation or other provider.")]
    if errors:
        raise ValidationError(errors)
    row = CoFinancing.objects.create(
        application=application, source=source, provider=provider.strip(), amount=Money(amount, "EUR"), status=status
    )
    audit_record(
        actor=actor,
        action=AuditAction.APPLICATION_CO_FINANCING_ADDED,
        obj=application,
        changes={
            "co_financing": [None, f"{row.get_source_display()} {provider} € {amount} ({row.get_status_display()})"]
        },
    )
    return row


@transaction.atomic
def co_financing_remove(*, actor: User | None, co_financing: CoFinancing) -> None:
    application = application_lock(co_financing.application)
    application_editable_check(application)
    audit_record(
        actor=actor,
        action=AuditAction.APPLICATION_CO_FINANCING_REMOVED,
        obj=application,
        changes={"co_financing": [f"{co_financing.get_source_display()} € {co_financing.amount.amount}", None]},
    )
    co_financing.delete()


@transaction.atomic
def application_submit(*, actor: User | None, application: Application) -> Application:
    """Send a draft to the fund. It must be complete: impact thesis, metrics and a business plan."""
    application = application_lock(application)
    if application.status != ApplicationStatus.DRAFT:
        raise DomainError(_("This application was submitted already."))
    errors: dict[str, list[str]] = {}
    if not application.themes:
        errors["themes"] = [_("Choose at least one of the fund's themes.")]
    if not application.target_group.strip():
        errors["target_group"] = [_("Describe the target group.")]
    if not application.expected_outcomes.strip():
        errors["expected_outcomes"] = [_("Describe the outcomes you expect.")]
    if not application.metric_codes:
        errors["metric_codes"] = [_("Choose at least one metric you will report.")]
    if not application.documents.filter(kind=DocumentKind.BUSINESS_PLAN).exists():
        errors["documents"] = [_("Upload your business plan before submitting.")]
    if errors:
        raise ValidationError(errors)
    application.submitted_at = timezone.now()
    application.save(update_fields=["submitted_at"])
    application_status_set(actor=actor, application=application, target=ApplicationStatus.SUBMITTED)
    notify_applicant_on_commit(
        application,
        _("application received"),
        _("We received your application %(ref)s. We will let you know when we have looked at it.")
        % {"ref": application.reference},
    )
    return application


@transaction.atomic
def application_withdraw(*, actor: User | None, application: Application, reason: str) -> Application:
    """The applicant withdraws; the application keeps its history and the reason."""
    application = application_lock(application)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why you withdraw the application.")]})
    application.outcome_reason = reason.strip()
    application.save(update_fields=["outcome_reason"])
    return application_status_set(
        actor=actor, application=application, target=ApplicationStatus.WITHDRAWN, reason=reason.strip()
    )


def _dd_checklist_start(application: Application) -> None:
    """Copy the fund's checklist onto an application entering due diligence (once; a return keeps the items)."""
    if application.dd_items.exists():
        return
    DueDiligenceItem.objects.bulk_create(
        DueDiligenceItem(application=application, title=t.title, position=t.position)
        for t in application.fund.dd_template_items.filter(is_active=True)
    )


@transaction.atomic
def application_move(*, actor: User | None, application: Application, target: str, reason: str = "") -> Application:
    """A fund manager moves an application along the pipeline (the board's moves).

    Into due diligence only after screening checks ran; to the committee only when every checklist item is
    done or not applicable. Approval comes only from an IC decision, a decline needs reasons (application_decline)."""
    application = application_lock(application)
    if target == ApplicationStatus.APPROVED:
        raise DomainError(_("Only an investment committee decision approves an application."))
    if target == ApplicationStatus.DECLINED:
        raise DomainError(_("Decline an application with its reasons (the Decline button)."))
    if target == ApplicationStatus.WITHDRAWN:
        raise DomainError(_("Only the applicant withdraws an application."))
    application_transition_target_gate(application, target)
    application_status_set(actor=actor, application=application, target=target, reason=reason.strip())
    if target == ApplicationStatus.DUE_DILIGENCE:
        _dd_checklist_start(application)
    return application


def application_transition_target_gate(application: Application, target: str) -> None:
    """What must be true before an application enters `target` (besides the transition table)."""
    application_transition_check(application.status, target)
    entering_dd = target == ApplicationStatus.DUE_DILIGENCE and application.status == ApplicationStatus.SCREENING
    if entering_dd and not application.eligibility_checks.exists():
        raise DomainError(_("Run the eligibility checks before starting due diligence."))
    if target == ApplicationStatus.IC:
        counts = application.dd_items.aggregate(total=Count("pk"), open=Count("pk", filter=~Q(status__in=DD_FINISHED)))
        if counts["open"]:
            raise DomainError(
                _("%(open)d of %(total)d due-diligence items are not done yet; finish them before the committee.")
                % counts
            )


@transaction.atomic
def application_decline(*, actor: User | None, application: Application, reason: str) -> Application:
    """The fund manager declines before the committee; the applicant is told why."""
    application = application_lock(application)
    if application.status == ApplicationStatus.IC:
        raise DomainError(_("This application is with the investment committee; the committee decides on it."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reasons for declining; the applicant will read them.")]})
    application.outcome_reason = reason.strip()
    application.save(update_fields=["outcome_reason"])
    application_status_set(
        actor=actor, application=application, target=ApplicationStatus.DECLINED, reason=reason.strip()
    )
    notify_applicant_on_commit(
        application,
        _("application declined"),
        _("We are sorry: we decided not to finance %(ref)s.\n\n%(reason)s")
        % {"ref": application.reference, "reason": reason.strip()},
    )
    return application
