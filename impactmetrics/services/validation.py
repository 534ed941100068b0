"""Checking reported values, with messages a non-expert understands.

Errors (nothing is saved): wrong type, outside the allowed range, a part larger than its total, a ratio outside
0–100 %, an empty value on submit. Warnings (need an explanation to submit): a change of more than 50 % against the
previous period's approved value.

Keys of the errors and of the input: `value_<code>`, `comment_<code>`, `explanation_<code>`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fund.fields import number_read, number_write
from fund.formatting import number
from fund.money import round_half_up
from impactmetrics.choices import DataType, VersionStatus
from impactmetrics.models import DataRequest, Metric, MetricValue

JUMP_THRESHOLD = Decimal("0.5")
_YES = {"yes", "ja", "y", "j", "true", "1", "waar"}
_NO = {"no", "nee", "n", "false", "0", "onwaar"}


def value_key(code: str) -> str:
    return f"value_{code}"


def comment_key(code: str) -> str:
    return f"comment_{code}"


def explanation_key(code: str) -> str:
    return f"explanation_{code}"


@dataclass(frozen=True)
class CleanValue:
    value: Decimal | None
    choice: str = ""


@dataclass(frozen=True)
class CheckResult:
    values: dict[str, CleanValue]  # code → cleaned value (entered metrics only)
    warnings: dict[str, str]  # code → why the value needs an explanation


def _fmt(value: Decimal) -> str:
    return number(value)


def _clean_one(metric: Metric, raw: str | Decimal, language: str | None = None) -> CleanValue:
    """Parse one entered value by the metric's data type; raises ValidationError with the reason.

    A number (a numeric spreadsheet cell) is taken exactly; text is read as `language` (default: the active one)
    writes numbers, by fund.fields.number_read, which refuses text that can be read two ways."""
    text = str(raw).strip()
    if metric.data_type == DataType.BOOLEAN:
        if text.lower() in _YES:
            return CleanValue(Decimal(1))
        if text.lower() in _NO:
            return CleanValue(Decimal(0))
        raise ValidationError(_("Answer yes or no; “%(value)s” is neither.") % {"value": text})
    if metric.data_type == DataType.CHOICE:
        for option in metric.options:
            if option.lower() == text.lower():
                return CleanValue(None, option)
        raise ValidationError(
            _("Choose one of: %(options)s; “%(value)s” is not one of them.")
            % {"options": ", ".join(metric.options), "value": text}
        )
    if isinstance(raw, Decimal | int) and not isinstance(raw, bool):
        number = Decimal(raw)
    else:
        places = 2 if metric.data_type == DataType.MONEY else None
        try:
            number = number_read(
                text.removesuffix("%"), language=language, decimal_places=places, max_value=metric.max_value
            )
        except ValidationError as exc:
            if exc.code != "invalid":
                raise
            example = "12" if metric.data_type == DataType.INTEGER else number_write(Decimal("12.5"), language=language)
            raise ValidationError(
                _("“%(value)s” is not a number. Enter digits only, for example %(example)s.")
                % {"value": text, "example": example}
            ) from None
    if metric.data_type == DataType.INTEGER and number != number.to_integral():
        raise ValidationError(
            _("Enter a whole number (%(unit)s are counted, not split); “%(value)s” has decimals.")
            % {"unit": metric.local_unit or _("items"), "value": text}
        )
    if metric.data_type == DataType.MONEY and number != number.quantize(Decimal("0.01")):
        raise ValidationError(_("An amount in euros has at most two decimals (cents)."))
    if metric.min_value is not None and number < metric.min_value:
        raise ValidationError(
            _("The value cannot be below %(min)s; you entered %(value)s.")
            % {"min": _fmt(metric.min_value), "value": text}
        )
    if metric.max_value is not None and number > metric.max_value:
        raise ValidationError(
            _("The value cannot be above %(max)s; you entered %(value)s.")
            % {"max": _fmt(metric.max_value), "value": text}
        )
    return CleanValue(number)


def previous_approved_values(*, request: DataRequest) -> dict[str, Decimal]:
    """The currently approved values of the plan's previous request (by period end), per metric code."""
    previous = (
        DataRequest.objects.filter(plan_id=request.plan_id, period_end__lt=request.period_end)
        .filter(versions__status=VersionStatus.APPROVED)
        .order_by("-period_end")
        .first()
    )
    if previous is None:
        return {}
    rows = MetricValue.objects.filter(
        version__request=previous, version__status=VersionStatus.APPROVED, value__isnull=False
    ).values_list("metric__code", "value")
    return {code: value for code, value in rows if value is not None}  # none is: the query asks for a value


def submission_values_check(
    *,
    request: DataRequest,
    metrics: list[Metric],
    raw: dict[str, str | Decimal],
    explanations: dict[str, str],
    complete: bool,
    previous: dict[str, Decimal] | None = None,
    language: str | None = None,
) -> CheckResult:
    """Check the values for `request`. With `complete` (submitting) every value is required, parts, ratios and jumps
    are checked too; without it (saving a draft) only what was typed must be of the right type and range.

    Raises one ValidationError with every problem at once, keyed `value_<code>` / `explanation_<code>`."""
    errors: dict[str, list[str]] = {}
    values: dict[str, CleanValue] = {}
    by_code = {m.code: m for m in metrics}
    for metric in metrics:
        if not metric.is_entered:
            continue
        entered = raw.get(metric.code)
        if entered is None or not str(entered).strip():
            if complete:
                errors[value_key(metric.code)] = [_("Enter a value; every metric of the request needs one.")]
            continue
        try:
            values[metric.code] = _clean_one(metric, entered, language)
        except ValidationError as exc:
            errors[value_key(metric.code)] = exc.messages
    warnings: dict[str, str] = {}
    if complete:
        _check_parts(by_code, values, errors)
        _check_ratios(metrics, values, errors)
        previous = previous_approved_values(request=request) if previous is None else previous
        for code, clean in values.items():
            old = previous.get(code)
            if clean.value is None or old is None or old == 0 or by_code[code].data_type == DataType.BOOLEAN:
                continue
            if value_key(code) in errors:  # a wrong value is fixed first; its jump is judged afterwards
                continue
            change = (clean.value - old) / abs(old)
            if abs(change) > JUMP_THRESHOLD:
                warnings[code] = (
                    _("This is %(pct)s %% more than last period (%(old)s).")
                    if change > 0
                    else _("This is %(pct)s %% less than last period (%(old)s).")
                ) % {"pct": _fmt(round_half_up(abs(change * 100), 0)), "old": _fmt(old)}
                if not (explanations.get(code) or "").strip():
                    errors[explanation_key(code)] = [warnings[code] + " " + _("Explain the change to submit.")]
    if errors:
        raise ValidationError(errors)
    return CheckResult(values=values, warnings=warnings)


def _check_parts(by_code: dict[str, Metric], values: dict[str, CleanValue], errors: dict[str, list[str]]) -> None:
    for code, clean in values.items():
        metric = by_code[code]
        total_metric = metric.part_of
        if total_metric is None or total_metric.code not in values or value_key(code) in errors:
            continue
        total = values[total_metric.code].value
        if clean.value is not None and total is not None and clean.value > total:
            errors.setdefault(value_key(code), []).append(
                _("%(value)s is more than “%(total_name)s” (%(total)s): a part can never be larger than its total.")
                % {"value": _fmt(clean.value), "total_name": total_metric.local_name, "total": _fmt(total)}
            )


def _check_ratios(metrics: list[Metric], values: dict[str, CleanValue], errors: dict[str, list[str]]) -> None:
    for metric in metrics:
        numerator, denominator = metric.numerator, metric.denominator
        if metric.is_entered or numerator is None or denominator is None:  # a derived ratio names both parts
            continue
        num, den = values.get(numerator.code), values.get(denominator.code)
        if num is None or den is None or num.value is None or den.value is None:
            continue
        if value_key(numerator.code) in errors:  # already refused as a part larger than its total
            continue
        if num.value > 0 and (den.value == 0 or num.value > den.value):
            errors.setdefault(value_key(numerator.code), []).append(
                _("%(num)s is more than %(den)s (“%(den_name)s”), which would make “%(ratio)s” more than 100 %%.")
                % {
                    "num": _fmt(num.value),
                    "den": _fmt(den.value),
                    "den_name": denominator.local_name,
                    "ratio": metric.local_name,
                }
            )
