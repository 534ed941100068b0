"""Arrears reminders: the daily job e-mails the investee once per DPD step (7, 30, 60) of an episode of arrears.

An episode is identified by its oldest unpaid due date: paying up ends it, falling behind again starts a new one whose
steps are mailed again. Running the job twice on a day, or every day between two steps, sends nothing more.

Every loan here: 12,000.00 at 0 % in 12 installments of 1,000.00, due on the 1st from 1 February 2025. Days past due
on a date = that date − the due date of the oldest installment not paid in full (0 on the due date itself).
"""

import datetime
import re

import pytest
from django.core import mail

from fund.choices import Role
from fund.models import RoleAssignment, User
from portfolio.models import ArrearsReminder
from portfolio.services.arrears import arrears_update

D = datetime.date


@pytest.fixture
def treasurer(book) -> User:
    """The investee user of the book's borrower, who receives the reminders."""
    user = User.objects.create_user(email="penningmeester@kringloop-noord.example", password="x")
    RoleAssignment.objects.create(user=user, role=Role.INVESTEE, organisation=book.organisation)
    return user


def days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


def reminders_of(loan) -> list:
    return [m for m in mail.outbox if loan.reference in m.subject]


def run_daily(run, dates: list[datetime.date]) -> dict[datetime.date, int]:
    """Run the daily job on each date; how many reminders it mailed for the loan on each date it mailed any."""
    mailed = {}
    for day in dates:
        mailed.update(run(day))
    return mailed


@pytest.fixture
def job(django_capture_on_commit_callbacks):
    """The daily arrears job for one date; the reminders it mailed (after commit) for the loan watched."""

    def make(loan):
        def run(day: datetime.date) -> dict[datetime.date, int]:
            before = len(reminders_of(loan))
            with django_capture_on_commit_callbacks(execute=True):
                arrears_update(today=day)
            sent = len(reminders_of(loan)) - before
            return {day: sent} if sent else {}

        return run

    return make


def test_one_reminder_per_step_per_episode_and_a_new_episode_after_paying_up(book, treasurer, job):
    loan = book.loan(disbursed_on=D(2025, 1, 1))
    book.pay(loan, D(2025, 2, 1))  # February on time; March's installment is not paid
    run = job(loan)

    # Episode 1 (oldest unpaid: 1 March). DPD 7 on 8 March, 30 on 31 March (March has 31 days), 60 on 30 April.
    mailed = run_daily(run, days(D(2025, 2, 25), D(2025, 5, 9)))
    assert mailed == {D(2025, 3, 8): 1, D(2025, 3, 31): 1, D(2025, 4, 30): 1}
    assert run(D(2025, 4, 30)) == {}  # the job running twice on a day mails nothing twice

    # 10 May: March, April and May are paid (3,000.00); June on time. The loan is current.
    book.pay(loan, D(2025, 5, 10), "3000")
    book.pay(loan, D(2025, 6, 1))
    # Episode 2: July's installment is not paid. DPD 7 on 8 July, 30 on 31 July.
    mailed = run_daily(run, days(D(2025, 5, 10), D(2025, 8, 10)))
    assert mailed == {D(2025, 7, 8): 1, D(2025, 7, 31): 1}

    sent = reminders_of(loan)
    assert [m.to for m in sent] == [[treasurer.email]] * 5
    # the days past due and what is overdue on each date: one installment, except on 30 April (March and April)
    facts = [re.search(r"is (\d+) days past due; EUR ([\d.]+) is overdue", m.body).groups() for m in sent]
    assert facts == [("7", "1000.00"), ("30", "1000.00"), ("60", "2000.00"), ("7", "1000.00"), ("30", "1000.00")]
    assert list(
        ArrearsReminder.objects.filter(loan=loan).order_by("sent_on").values_list("dpd_step", "overdue_since")
    ) == [(7, D(2025, 3, 1)), (30, D(2025, 3, 1)), (60, D(2025, 3, 1)), (7, D(2025, 7, 1)), (30, D(2025, 7, 1))]


def test_a_loan_paid_on_time_gets_no_reminder(book, treasurer, job):
    loan = book.loan(disbursed_on=D(2025, 1, 1))
    for month in (2, 3, 4):
        book.pay(loan, D(2025, month, 1))
    run = job(loan)
    assert run_daily(run, days(D(2025, 2, 1), D(2025, 4, 20))) == {}
    assert not ArrearsReminder.objects.filter(loan=loan).exists()


def test_a_payment_on_the_due_date_is_not_late_and_day_seven_is_the_first_reminder(book, treasurer, job):
    loan = book.loan(disbursed_on=D(2025, 1, 1))  # February's installment never paid
    run = job(loan)
    assert run_daily(run, days(D(2025, 2, 1), D(2025, 2, 7))) == {}  # DPD 0..6
    assert run(D(2025, 2, 8)) == {D(2025, 2, 8): 1}  # DPD 7


def test_after_days_without_the_job_only_the_highest_step_reached_is_mailed(book, treasurer, job):
    loan = book.loan(disbursed_on=D(2025, 1, 1))  # February's installment never paid
    run = job(loan)
    assert run(D(2025, 2, 5)) == {}  # DPD 4
    # the job did not run for four weeks; on 5 March (DPD 32) one reminder goes out, at the 30-day step
    assert run(D(2025, 3, 5)) == {D(2025, 3, 5): 1}
    assert "is 32 days past due" in reminders_of(loan)[0].body
    # and the 7-day step of this episode is not mailed afterwards
    assert run_daily(run, days(D(2025, 3, 6), D(2025, 3, 10))) == {}
    assert list(ArrearsReminder.objects.filter(loan=loan).values_list("dpd_step", flat=True)) == [30]


def test_without_an_active_investee_user_nothing_is_mailed(book, treasurer, job):
    loan = book.loan(disbursed_on=D(2025, 1, 1))
    treasurer.is_active = False
    treasurer.save()
    assert job(loan)(D(2025, 2, 8)) == {}
    assert not reminders_of(loan)
