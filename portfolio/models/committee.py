"""The investment committee: its quorum rule per fund, meetings, agenda items, conflicts, votes and decisions.

The members of a fund's committee are the users holding the ic_member role for that fund (fund.RoleAssignment).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from fund.models import Fund
from portfolio.choices import AgendaItemStatus, DecisionOutcome, Instrument, MeetingStatus, QuorumRule, VoteChoice

from .application import Application


class CommitteeRules(models.Model):
    """A fund's quorum rule. A fund without a row uses a simple majority of its members."""

    fund = models.OneToOneField(Fund, on_delete=models.CASCADE, related_name="committee_rules")
    quorum_rule = models.CharField(
        _("quorum rule"), max_length=20, choices=QuorumRule.choices, default=QuorumRule.MAJORITY
    )
    quorum_fixed = models.PositiveSmallIntegerField(_("fixed quorum (members)"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee rules")
        verbose_name_plural = _("committee rules")

    def __str__(self) -> str:
        return f"{self.fund}: {self.get_quorum_rule_display()}"


class ICMeeting(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="ic_meetings")
    held_on = models.DateField(_("date"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("IC meeting")

    def __str__(self) -> str:
        return f"IC {self.fund.slug} {self.held_on:%Y-%m-%d}"


class AgendaItem(models.Model):
    """An application on a meeting's agenda; the committee votes and decides per item."""

    meeting = models.ForeignKey(ICMeeting, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=AgendaItemStatus.choices, default=AgendaItemStatus.OPEN)

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "application"], name="uniq_agenda_application")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.application.reference}"


class ConflictDeclaration(models.Model):
    """A member declares a conflict of interest on an item: they cannot vote on it and do not count for quorum."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "declared_at"]
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="uniq_conflict_member")]

    def __str__(self) -> str:
        return f"{self.member} · {self.item}"


class Vote(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=30, choices=VoteChoice.choices)
    reason = models.TextField(_("reason"), blank=True)
    # With "approve with conditions": the conditions, one per entry; they become conditions precedent of the loan.
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item", "cast_at"]
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="uniq_vote_member")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"


class ICDecision(models.Model):
    """The committee's decision on an item, recorded only with quorum; the terms may differ from those requested."""

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=10, choices=DecisionOutcome.choices)
    amount = MoneyField(
        _("approved amount"), max_digits=14, decimal_places=2, default_currency="EUR", null=True, blank=True
    )
    annual_interest_rate = models.DecimalField(
        _("interest rate (% a year)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    grace_months = models.PositiveSmallIntegerField(_("grace on principal (months)"), null=True, blank=True)
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices, blank=True)
    conditions_precedent = models.JSONField(_("conditions precedent"), default=list)
    covenants = models.JSONField(_("covenants"), default=list)
    # The committee's own reasons (its minutes): never shown to the applicant.
    reasons = models.TextField(_("reasons"))
    # What the applicant is told with the outcome; the only words of the decision the applicant ever sees.
    applicant_message = models.TextField(_("message to the applicant"), blank=True)
    # The tally as it stood when the decision was recorded.
    votes_for = models.PositiveSmallIntegerField()
    votes_against = models.PositiveSmallIntegerField()
    abstentions = models.PositiveSmallIntegerField()
    members_counted = models.PositiveSmallIntegerField()
    quorum_required = models.PositiveSmallIntegerField()
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("IC decision")

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.get_outcome_display()}"
