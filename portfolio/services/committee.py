"""The investment committee: meetings and agendas, conflicts of interest, votes, and decisions taken with quorum.

Rules (the fund's CommitteeRules; a simple majority when a fund has none):
- The members are the users holding the ic_member role for the fund.
- A member with a declared conflict on an item cannot vote on it and does not count towards its quorum. A member who
  is a user of the applicant organisation (an investee login of it, or a co-investor login of its membership) has a
  conflict without declaring it (`item_conflicts`), with that reason shown on the agenda.
- Quorum is met when the number of members who voted (abstaining counts as voting) without a conflict reaches the
  rule's number: more than half of the members, at least two thirds of them, or a fixed number.
- The outcome follows the votes: approved when the votes for (approve, approve with conditions) outnumber the votes
  against (decline); abstentions count for quorum only.
- The committee votes on the terms put to it: the application's amount, term, grace and instrument and the rate the
  fund manager proposed (as the IC memo shows them). An approval recorded with those terms stands at once; recorded
  with other terms it is a four-eyes change (fund.services.approvals): another fund manager compares voted and
  recorded terms and approves it (`ic_decision_terms_apply`) before the decision and its loan exist.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from djmoney.money import Money

from fund.audit import audit_record
from fund.choices import Role
from fund.errors import DomainError
from fund.models import Fund, PendingChange, RoleAssignment, User
from fund.selectors import pending_change_for
from fund.services.approvals import change_request
from impactmetrics.services.plans import PlanMetricSpec, impact_plan_create
from portfolio.choices import (
    AgendaItemStatus,
    ApplicationStatus,
    AuditAction,
    ChangeKind,
    DecisionOutcome,
    Instrument,
    MeetingStatus,
    QuorumRule,
    VoteChoice,
)
from portfolio.engine.serialize import money
from portfolio.models import AgendaItem, Application, CommitteeRules, ConflictDeclaration, ICDecision, ICMeeting, Vote
from portfolio.services.applications import MAX_TERM_MONTHS
from portfolio.services.loans import loan_create_from_decision
from portfolio.services.screening import MAX_RATE
from portfolio.services.status import application_lock, application_status_set
from portfolio.tasks import notify_applicant_on_commit

FOR_CHOICES = (VoteChoice.APPROVE, VoteChoice.APPROVE_WITH_CONDITIONS)


def ic_member_ids(fund: Fund) -> set[int]:
    """The fund's committee members (active users with the ic_member role for the fund)."""
    return set(
        RoleAssignment.objects.filter(role=Role.IC_MEMBER, fund=fund, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def applicant_linked_member_roles(item: AgendaItem) -> dict[int, str]:
    """The fund's committee members who are users of the item's applicant organisation, with the role that links
    them (investee, or co-investor through the organisation's membership of a fund)."""
    organisation_id = item.application.organisation_id
    links = RoleAssignment.objects.filter(
        Q(role=Role.INVESTEE, organisation_id=organisation_id)
        | Q(role=Role.CO_INVESTOR, member__organisation_id=organisation_id),
        user_id__in=ic_member_ids(item.meeting.fund),
    ).order_by("role")
    return {link.user_id: link.role for link in links}


@dataclass(frozen=True)
class Conflict:
    """A committee member's conflict of interest on an item: declared by them, or found by the product."""

    member: User
    reason: str
    automatic: bool


def item_conflicts(item: AgendaItem) -> list[Conflict]:
    """Everyone conflicted on `item`: the declarations, then the members linked to the applicant organisation who
    did not declare (reason in the reader's language)."""
    declared = [Conflict(c.member, c.reason, automatic=False) for c in item.conflicts.select_related("member")]
    linked = applicant_linked_member_roles(item)
    users = User.objects.in_bulk(set(linked) - {c.member.pk for c in declared})
    automatic = [
        Conflict(
            user,
            _("User of the applicant organisation %(organisation)s (%(role)s).")
            % {"organisation": item.application.organisation, "role": Role(linked[user.pk]).label},
            automatic=True,
        )
        for user in sorted(users.values(), key=str)
    ]
    return declared + automatic


def item_conflicted_ids(item: AgendaItem) -> set[int]:
    """The users who cannot vote on `item` and do not count for its quorum: declared or linked to the applicant."""
    return set(item.conflicts.values_list("member_id", flat=True)) | set(applicant_linked_member_roles(item))


def quorum_required(*, fund: Fund, members: int) -> int:
    """How many members must vote without a conflict for a decision on an item of `fund` to stand."""
    rules = CommitteeRules.objects.filter(fund=fund).first()
    rule = rules.quorum_rule if rules else QuorumRule.MAJORITY
    if rules is not None and rule == QuorumRule.FIXED and rules.quorum_fixed:
        return rules.quorum_fixed
    if rule == QuorumRule.TWO_THIRDS:
        return math.ceil(members * 2 / 3)
    return members // 2 + 1


@dataclass(frozen=True)
class Tally:
    """The votes on an item as they stand: who may count, who voted, and whether quorum is met."""

    members: int
    conflicted: int
    votes_for: int
    votes_against: int
    abstentions: int
    required: int

    @property
    def counted(self) -> int:
        return self.votes_for + self.votes_against + self.abstentions

    @property
    def has_quorum(self) -> bool:
        return self.counted >= self.required

    @property
    def outcome(self) -> str:
        return DecisionOutcome.APPROVED if self.votes_for > self.votes_against else DecisionOutcome.DECLINED


def item_tally(item: AgendaItem) -> Tally:
    """Count the votes of non-conflicted members on `item` (a vote of someone no longer a member is ignored)."""
    fund = item.meeting.fund
    members = ic_member_ids(fund)
    conflicted = item_conflicted_ids(item) & members
    choices = [v.choice for v in item.votes.all() if v.member_id in members and v.member_id not in conflicted]
    return Tally(
        members=len(members),
        conflicted=len(conflicted),
        votes_for=sum(c in FOR_CHOICES for c in choices),
        votes_against=choices.count(VoteChoice.DECLINE),
        abstentions=choices.count(VoteChoice.ABSTAIN),
        required=quorum_required(fund=fund, members=len(members)),
    )


@transaction.atomic
def ic_meeting_create(*, actor: User | None, fund: Fund, held_on: datetime.date, location: str = "") -> ICMeeting:
    """Plan a committee meeting of `fund` on a date."""
    if not isinstance(held_on, datetime.date):
        raise ValidationError({"held_on": [_("Choose the meeting's date.")]})
    meeting = ICMeeting.objects.create(fund=fund, held_on=held_on, location=location.strip(), created_by=actor)
    audit_record(
        actor=actor, action=AuditAction.IC_MEETING_CREATED, obj=meeting, changes={"held_on": [None, str(held_on)]}
    )
    return meeting


@transaction.atomic
def agenda_item_add(*, actor: User | None, meeting: ICMeeting, application: Application) -> AgendaItem:
    """Put an application that is ready for the committee on a planned meeting's agenda."""
    meeting = ICMeeting.objects.select_for_update().get(pk=meeting.pk)
    application = application_lock(application)
    if meeting.status != MeetingStatus.PLANNED:
        raise DomainError(_("This meeting is closed; plan a new one."))
    if application.fund_id != meeting.fund_id:
        raise DomainError(_("This application is for another fund's committee."))
    if application.status != ApplicationStatus.IC:
        raise DomainError(
            _("Only applications ready for the committee can be put on the agenda; %(ref)s is %(status)s.")
            % {"ref": application.reference, "status": application.get_status_display()}
        )
    if AgendaItem.objects.filter(application=application, status=AgendaItemStatus.OPEN).exists():
        raise DomainError(_("%(ref)s is on an agenda already.") % {"ref": application.reference})
    item = AgendaItem.objects.create(meeting=meeting, application=application, position=meeting.items.count() + 1)
    audit_record(
        actor=actor,
        action=AuditAction.IC_MEETING_ITEM_ADDED,
        obj=meeting,
        changes={"agenda": [None, application.reference]},
    )
    return item


def _item_lock(item: AgendaItem) -> AgendaItem:
    return AgendaItem.objects.select_for_update().select_related("meeting__fund", "application").get(pk=item.pk)


def _member_check(actor: User, item: AgendaItem) -> None:
    if actor.pk not in ic_member_ids(item.meeting.fund):
        raise DomainError(_("Only members of %(fund)s's committee take part.") % {"fund": item.meeting.fund})
    if item.status != AgendaItemStatus.OPEN:
        raise DomainError(_("The committee has decided on this item already."))


@transaction.atomic
def conflict_declare(*, actor: User, item: AgendaItem, reason: str) -> ConflictDeclaration:
    """A member declares a conflict of interest on an item, before voting on it."""
    item = _item_lock(item)
    _member_check(actor, item)
    if not reason.strip():
        raise ValidationError({"reason": [_("Describe the conflict of interest.")]})
    if item.conflicts.filter(member=actor).exists():
        raise DomainError(_("You declared a conflict on this item already."))
    if item.votes.filter(member=actor).exists():
        raise DomainError(_("You voted on this item already; ask the fund manager to record the conflict."))
    conflict = ConflictDeclaration.objects.create(item=item, member=actor, reason=reason.strip())
    audit_record(
        actor=actor,
        action=AuditAction.IC_CONFLICT_DECLARED,
        obj=item.application,
        changes={"conflict": [None, f"{actor}: {reason.strip()}"]},
    )
    return conflict


@transaction.atomic
def ic_vote_cast(
    *, actor: User, item: AgendaItem, choice: str, reason: str = "", conditions: list[str] | None = None
) -> Vote:
    """A member votes (or changes their vote) on an open item. A conflicted member cannot vote.

    "Approve with conditions" needs at least one condition (each becomes a condition precedent of the loan when the
    committee approves); a decline needs reasons. Reasons stay within the committee."""
    item = _item_lock(item)
    _member_check(actor, item)
    if item.conflicts.filter(member=actor).exists():
        raise DomainError(_("You declared a conflict of interest on this item, so you cannot vote on it."))
    if actor.pk in applicant_linked_member_roles(item):
        raise DomainError(
            _("You are a user of the applicant organisation %(organisation)s, so you cannot vote on its application.")
            % {"organisation": item.application.organisation}
        )
    conditions = _lines(conditions or [])
    errors: dict[str, list[str]] = {}
    if choice not in VoteChoice.values:
        errors["choice"] = [_("Choose approve, approve with conditions, decline or abstain.")]
    elif choice == VoteChoice.DECLINE and not reason.strip():
        errors["reason"] = [_("Give your reasons with this vote.")]
    elif choice == VoteChoice.APPROVE_WITH_CONDITIONS and not conditions:
        errors["conditions"] = [_("Write down the conditions, one per line.")]
    elif choice != VoteChoice.APPROVE_WITH_CONDITIONS and conditions:
        errors["conditions"] = [_("Conditions go with “approve with conditions”; choose that vote or remove them.")]
    if errors:
        raise ValidationError(errors)
    old = item.votes.filter(member=actor).first()
    vote, _created = Vote.objects.update_or_create(
        item=item, member=actor, defaults={"choice": choice, "reason": reason.strip(), "conditions": conditions}
    )
    changes = {"choice": [old.choice if old else None, choice]}  # the event's actor is the voter
    if conditions or (old and old.conditions):
        changes["conditions"] = ["; ".join(old.conditions) if old else None, "; ".join(conditions) or None]
    audit_record(actor=actor, action=AuditAction.IC_VOTE_CAST, obj=item.application, changes=changes)
    return vote


def item_vote_conditions(item: AgendaItem) -> list[str]:
    """The conditions of the votes that count on `item` (members without a conflict), in voting order, each once."""
    members = ic_member_ids(item.meeting.fund)
    conflicted = item_conflicted_ids(item)
    votes = item.votes.filter(choice=VoteChoice.APPROVE_WITH_CONDITIONS).order_by("cast_at", "pk")
    return _unique([c for v in votes if v.member_id in members and v.member_id not in conflicted for c in v.conditions])


def _impact_plan_from_thesis(*, actor: User | None, application: Application, start_date: datetime.date) -> None:
    """Turn the approved application's impact thesis into the investee's impact plan (impactmetrics).

    The decision stands even when the plan cannot be made (e.g. the investee has one with this fund already): the
    reason is written to the application's history instead, for the fund manager to follow up."""
    try:
        with transaction.atomic():
            impact_plan_create(
                actor=actor,
                organisation=application.organisation,
                fund=application.fund,
                start_date=start_date,
                metrics=[PlanMetricSpec(code=code) for code in application.metric_codes],
                target_group=application.target_group,
                impact_thesis=application.expected_outcomes,
            )
    except ValidationError as exc:
        audit_record(
            actor=actor,
            action=AuditAction.APPLICATION_IMPACT_PLAN_NOT_CREATED,
            obj=application,
            changes={"impact_plan": [None, " ".join(exc.messages)]},
        )


def _lines(values: list[str]) -> list[str]:
    return [v.strip() for v in values if v and v.strip()]


def _unique(conditions: list[str]) -> list[str]:
    """Each condition once (compared without case and extra spaces), in the order first given."""
    seen, out = set(), []
    for condition in conditions:
        key = " ".join(condition.split()).casefold()
        if key not in seen:
            seen.add(key)
            out.append(condition)
    return out


def meeting_held(meeting: ICMeeting, *, today: datetime.date | None = None) -> bool:
    """Whether the meeting has taken place (its date is today or earlier): only then can it decide."""
    return meeting.held_on <= (today or timezone.localdate())


def decision_terms(
    *,
    amount: Decimal | None,
    annual_interest_rate: Decimal | None,
    term_months: int | None,
    grace_months: int | None,
    instrument: str,
) -> dict[str, str]:
    """Loan terms in one comparable form ("90000.00", "3.5", "60", "6", "subordinated_loan"; "" for none)."""
    return {
        "amount": money(amount) if amount is not None else "",
        "annual_interest_rate": f"{annual_interest_rate.normalize():f}" if annual_interest_rate is not None else "",
        "term_months": str(term_months) if term_months is not None else "",
        "grace_months": str(grace_months) if grace_months is not None else "",
        "instrument": instrument or "",
    }


def voted_terms(application: Application) -> dict[str, str]:
    """The terms the committee voted on: the application's as put on the agenda and shown in the IC memo, with the
    rate the fund manager proposed (none when no rate was proposed: then any recorded rate differs)."""
    return decision_terms(
        amount=application.amount_requested.amount,
        annual_interest_rate=application.proposed_rate,
        term_months=application.term_months,
        grace_months=application.grace_months,
        instrument=application.instrument,
    )


@transaction.atomic
def ic_decision_record(
    *,
    actor: User | None,
    item: AgendaItem,
    reasons: str,
    applicant_message: str = "",
    amount: Decimal | None = None,
    annual_interest_rate: Decimal | None = None,
    term_months: int | None = None,
    grace_months: int | None = None,
    instrument: str = "",
    conditions_precedent: list[str] | None = None,
    covenants: list[str] | None = None,
    terms_approved_by: User | None = None,
) -> ICDecision | PendingChange:
    """Record the committee's decision on an item of a meeting that has been held, only with quorum; the outcome
    follows the votes.

    An approval with terms other than those voted on (`voted_terms`) is not recorded: it becomes a pending change
    showing voted against recorded terms, returned instead of the decision; another fund manager's approval records
    it (`ic_decision_terms_apply`, which passes `terms_approved_by`, never the recording manager).

    An approval needs the approved terms (they may differ from those requested) and creates the loan in status
    approved with its conditions precedent (those typed here and those attached to the votes that count, each once)
    and covenants. `reasons` are the committee's own (its minutes, never shown to the applicant); the applicant is
    told the outcome with `applicant_message` only."""
    item = _item_lock(item)
    if item.status != AgendaItemStatus.OPEN:
        raise DomainError(_("The committee has decided on this item already."))
    if pending_change_for(kind=ChangeKind.IC_DECISION_TERMS, target=item) is not None:
        raise DomainError(
            _("A decision on this item with other terms than those voted on is waiting for a second fund manager.")
        )
    if terms_approved_by is not None and terms_approved_by.pk == getattr(actor, "pk", None):
        raise DomainError(_("You recorded these terms; another fund manager must approve them (four eyes)."))
    if not meeting_held(item.meeting):
        raise DomainError(
            _(
                "The committee meets on %(day)s: a decision is recorded once the meeting has been held, "
                "not before. The decision was not recorded."
            )
            % {"day": date_format(item.meeting.held_on, "SHORT_DATE_FORMAT")}
        )
    tally = item_tally(item)
    if not tally.has_quorum:
        raise DomainError(
            _(
                "No quorum: %(counted)d of the %(required)d members needed have voted without a conflict of interest "
                "(%(members)d members, %(conflicted)d with a conflict). The decision was not recorded."
            )
            % {
                "counted": tally.counted,
                "required": tally.required,
                "members": tally.members,
                "conflicted": tally.conflicted,
            }
        )
    errors: dict[str, list[str]] = {}
    if not reasons.strip():
        errors["reasons"] = [
            _("Write down the committee's reasons (for its minutes; the applicant does not see them).")
        ]
    approved = tally.outcome == DecisionOutcome.APPROVED
    if approved:
        if amount is None or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            errors["amount"] = [_("Enter the approved amount in euros and cents.")]
        if annual_interest_rate is None or not Decimal(0) <= annual_interest_rate <= MAX_RATE:
            errors["annual_interest_rate"] = [_("Enter the interest rate, 0 to %(max)s %%.") % {"max": MAX_RATE}]
        if term_months is None or not 1 <= term_months <= MAX_TERM_MONTHS:
            errors["term_months"] = [_("The term is between 1 and %(max)d months.") % {"max": MAX_TERM_MONTHS}]
        if grace_months is None or grace_months < 0:
            errors["grace_months"] = [_("Enter the grace period in months (0 for none).")]
        elif term_months is not None and grace_months >= term_months:
            errors["grace_months"] = [_("The grace period must be shorter than the term.")]
        if instrument not in Instrument.values:
            errors["instrument"] = [_("Choose the instrument.")]
    if errors:
        raise ValidationError(errors)
    application = application_lock(item.application)
    if approved:
        recorded = decision_terms(
            amount=amount,
            annual_interest_rate=annual_interest_rate,
            term_months=term_months,
            grace_months=grace_months,
            instrument=instrument,
        )
        voted = voted_terms(application)
        if terms_approved_by is None and recorded != voted:
            if actor is None:
                raise DomainError(_("Terms other than those voted on need a fund manager to record them."))
            return change_request(
                actor=actor,
                fund=item.meeting.fund,
                kind=ChangeKind.IC_DECISION_TERMS,
                payload={
                    **recorded,
                    "votes": _("%(for)s for, %(against)s against, %(abstained)s abstained")
                    % {"for": tally.votes_for, "against": tally.votes_against, "abstained": tally.abstentions},
                    "reasons": reasons.strip(),
                    "applicant_message": applicant_message.strip(),
                    "conditions_precedent": _lines(conditions_precedent or []),
                    "covenants": _lines(covenants or []),
                },
                before=voted,
                reason=_("The terms recorded for %(ref)s differ from those the committee voted on.")
                % {"ref": application.reference},
                target=item,
            )
    elif terms_approved_by is not None:
        raise DomainError(
            _("The votes have changed since these terms were recorded: the committee no longer approves. Reject it.")
        )
    decision = ICDecision.objects.create(
        item=item,
        application=application,
        outcome=tally.outcome,
        amount=Money(amount, "EUR") if approved else None,
        annual_interest_rate=annual_interest_rate if approved else None,
        term_months=term_months if approved else None,
        grace_months=grace_months if approved else None,
        instrument=instrument if approved else "",
        conditions_precedent=_unique(_lines(conditions_precedent or []) + item_vote_conditions(item))
        if approved
        else [],
        covenants=_lines(covenants or []) if approved else [],
        reasons=reasons.strip(),
        applicant_message=applicant_message.strip(),
        votes_for=tally.votes_for,
        votes_against=tally.votes_against,
        abstentions=tally.abstentions,
        members_counted=tally.counted,
        quorum_required=tally.required,
        decided_at=timezone.now(),
        decided_by=actor if getattr(actor, "pk", None) else None,
    )
    item.status = AgendaItemStatus.DECIDED
    item.save(update_fields=["status"])
    # The applicant's view of the application (its outcome and status history) carries the message, never the reasons.
    application.outcome_reason = applicant_message.strip()
    application.save(update_fields=["outcome_reason"])
    application_status_set(actor=actor, application=application, target=tally.outcome, reason=applicant_message.strip())
    audit_record(
        actor=actor,
        action=AuditAction(f"ic.decision_{tally.outcome}"),
        obj=application,
        changes={
            "decision": [None, tally.outcome],
            "votes": [
                None,
                _("%(for)s for, %(against)s against, %(abstained)s abstained")
                % {"for": tally.votes_for, "against": tally.votes_against, "abstained": tally.abstentions},
            ],
            "quorum": [
                None,
                _("%(counted)s of %(required)s needed") % {"counted": tally.counted, "required": tally.required},
            ],
            **({"terms_approved_by": [None, str(terms_approved_by)]} if terms_approved_by is not None else {}),
        },
    )
    if approved:
        loan_create_from_decision(actor=actor, decision=decision)
        _impact_plan_from_thesis(actor=actor, application=application, start_date=decision.decided_at.date())
        body = _(
            "The investment committee approved %(ref)s: a loan of € %(amount)s at %(rate)s %% over %(term)d months."
        )
        body %= {"ref": application.reference, "amount": amount, "rate": annual_interest_rate, "term": term_months}
    else:
        body = _("We are sorry: the investment committee declined %(ref)s.") % {"ref": application.reference}
    message = f"{body}\n\n{applicant_message.strip()}" if applicant_message.strip() else body
    notify_applicant_on_commit(application, _("the committee's decision"), message)
    meeting = ICMeeting.objects.select_for_update().get(pk=item.meeting_id)
    if not meeting.items.filter(status=AgendaItemStatus.OPEN).exists():
        meeting.status = MeetingStatus.CLOSED
        meeting.save(update_fields=["status"])
    return decision


def ic_decision_terms_apply(change: PendingChange, approver: User) -> None:
    """What approving terms other than those voted on does: the decision is recorded with them (by the manager who
    recorded them, approved by `approver`), the loan created. Refused when the votes no longer approve."""
    item = AgendaItem.objects.get(pk=change.target_id)
    p = change.payload
    ic_decision_record(
        actor=change.requested_by,
        item=item,
        reasons=p["reasons"],
        applicant_message=p["applicant_message"],
        amount=Decimal(p["amount"]),
        annual_interest_rate=Decimal(p["annual_interest_rate"]),
        term_months=int(p["term_months"]),
        grace_months=int(p["grace_months"]),
        instrument=p["instrument"],
        conditions_precedent=p["conditions_precedent"],
        covenants=p["covenants"],
        terms_approved_by=approver,
    )
