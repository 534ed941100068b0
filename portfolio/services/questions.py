"""Questions from the fund to the applicant, and the applicant's answers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fund.audit import audit_record
from fund.errors import DomainError
from fund.models import User
from portfolio.choices import OPEN_STATUSES, AuditAction
from portfolio.models import Application, Question
from portfolio.services.status import application_lock
from portfolio.tasks import notify_applicant_on_commit


@transaction.atomic
def question_ask(*, actor: User | None, application: Application, text: str) -> Question:
    """Ask the applicant a question; they are told by e-mail and answer on the portal."""
    application = application_lock(application)
    if application.status not in OPEN_STATUSES:
        raise DomainError(_("Questions can be asked only while the application is being assessed."))
    if not text.strip():
        raise ValidationError({"text": [_("Write the question.")]})
    question = Question.objects.create(
        application=application, text=text.strip(), asked_by=actor if getattr(actor, "pk", None) else None
    )
    audit_record(
        actor=actor, action=AuditAction.APPLICATION_QUESTION_ASKED, obj=application, changes={"question": [None, text]}
    )
    notify_applicant_on_commit(
        application,
        _("a question about your application"),
        _("The fund has a question about %(ref)s:\n\n%(text)s\n\nPlease answer it on the portal.")
        % {"ref": application.reference, "text": text.strip()},
    )
    return question


@transaction.atomic
def question_answer(*, actor: User | None, question: Question, answer: str) -> Question:
    """The applicant answers a question, once."""
    question = Question.objects.select_for_update().select_related("application").get(pk=question.pk)
    if question.answered_at is not None:
        raise DomainError(_("This question has been answered already."))
    if question.application.status not in OPEN_STATUSES:
        raise DomainError(_("This application is no longer being assessed."))
    if not answer.strip():
        raise ValidationError({"answer": [_("Write your answer.")]})
    question.answer = answer.strip()
    question.answered_at = timezone.now()
    question.answered_by = actor if getattr(actor, "pk", None) else None
    question.save(update_fields=["answer", "answered_at", "answered_by"])
    audit_record(
        actor=actor,
        action=AuditAction.APPLICATION_QUESTION_ANSWERED,
        obj=question.application,
        changes={"answer": [None, question.answer]},
    )
    return question
