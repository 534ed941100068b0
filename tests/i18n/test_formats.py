"""Numbers, amounts and history read the way the page's language writes them."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from fund.audit import action_label, audit_record
from fund.formatting import choice_label, hours, money, number, percent
from fund.models import AuditEvent, Member
from fund.selectors import object_history


def test_numbers_are_written_the_dutch_way_on_dutch_pages_and_the_english_way_on_english_pages():
    with translation.override("nl"):
        assert number(Decimal("17.40")) == "17,4"
        assert number(Decimal("1234.5"), 2) == "1.234,50"
        assert percent(Decimal("45.7")) == "45,70\xa0%"
        assert hours(Decimal("25.5")) == "25,5\xa0u"
        assert money(Decimal("75000")) == "€\xa075.000,00"
        assert choice_label("partly_paid", "portfolio.InstallmentStatus") == "Deels betaald"
        assert choice_label("lt1", "impactmetrics.BenefitDuration") == "Korter dan 1 jaar"
    with translation.override("en"):
        assert number(Decimal("17.40")) == "17.4"
        assert number(Decimal("1234.5"), 2) == "1,234.50"
        assert percent(Decimal("45.7")) == "45.70\xa0%"
        assert hours(Decimal("25.5")) == "25.5\xa0h"
        assert money(Decimal("75000")) == "€75,000.00"
        assert choice_label("senior_loan", "portfolio.Instrument") == "Senior loan"


@pytest.mark.django_db
def test_a_members_history_names_the_movement_and_writes_its_amount_and_date_in_the_readers_language(demo):
    # The demo calls €450,000.00 of Stichting Havenfonds Rotterdam's commitment on 1 July 2019.
    member = Member.objects.get(organisation__legal_name="Stichting Havenfonds Rotterdam", fund__slug="sif-rotterdam")
    with translation.override("nl"):
        calls = [c for e in object_history(member) for c in e.changes if c.new.startswith("€\xa0450.000,00")]
        assert calls[-1].field == "Kapitaalopvraging"
        assert calls[-1].new == "€\xa0450.000,00 · 01-07-2019"
    with translation.override("en"):
        calls = [c for e in object_history(member) for c in e.changes if c.new.startswith("€450,000.00")]
        assert (calls[-1].field, calls[-1].new) == ("Capital call", "€450,000.00 · 2019-07-01")


@pytest.mark.django_db
def test_a_loans_history_shows_status_labels_and_amounts_not_codes(demo):
    from portfolio.models import Loan

    loan = Loan.objects.get(organisation__legal_name="Buurtkeuken Delfshaven B.V.")
    with translation.override("nl"):
        changes = [(c.field, c.old, c.new) for e in object_history(loan) for c in e.changes]
    assert ("status", "Goedgekeurd", "Gecontracteerd") in changes
    # a new schedule version is named in Dutch too, never by its field code
    assert "versie" in {c[0] for c in changes} and "version" not in {c[0] for c in changes}
    assert not [c for c in changes if c[1] in ("approved", "contracted", "active") or c[2] in ("manual", "requested")]
    with translation.override("en"):
        amounts = [c.new for e in object_history(loan) for c in e.changes if c.field == "amount" and c.new]
    # The tranche of €100,000.00 and the repayment of €291.67, as English writes them.
    assert amounts and all(re.fullmatch(r"€\d{1,3}(,\d{3})*\.\d{2}", a) for a in amounts), amounts


@pytest.mark.django_db
def test_an_amount_stored_in_dutch_by_an_older_event_is_shown_the_english_way(demo):
    member = Member.objects.get(organisation__legal_name="Stichting Havenfonds Rotterdam", fund__slug="sif-rotterdam")
    audit_record(actor=None, action="capital.call", obj=member, changes={"call": [None, "€ 75.000,00 on 2019-07-01"]})
    with translation.override("en"):
        newest = object_history(member)[0]
    assert newest.changes[0].new == "€75,000.00 on 2019-07-01"


@pytest.mark.django_db
def test_every_action_in_the_audit_log_has_a_name_in_both_languages(demo):
    # An action nobody named is spelled out from its code, in English: "loan.tranche_requested" → "Loan tranche
    # requested", also on a Dutch page.
    with translation.override("nl"):
        spelled_out = [
            action
            for action in sorted(set(AuditEvent.objects.values_list("action", flat=True)))
            if action_label(action) == action.replace(".", " ").replace("_", " ").capitalize()
        ]
    assert spelled_out == []


def test_amounts_in_stored_text_are_read_in_any_writing_and_shown_in_the_readers():
    from fund.formatting import localize_amounts_and_dates

    stored = "€ 450000.00 · 2019-07-01; € 75.000,00; €75,000.00; € 1.234; € 1,234; € 7,5; 10.5%"
    with translation.override("nl"):
        assert localize_amounts_and_dates(stored) == (
            "€\xa0450.000,00 · 01-07-2019; €\xa075.000,00; €\xa075.000,00; €\xa01.234,00; €\xa01.234,00; €\xa07,50;"
            " 10,5\xa0%"
        )
    with translation.override("en"):
        assert localize_amounts_and_dates(stored) == (
            "€450,000.00 · 2019-07-01; €75,000.00; €75,000.00; €1,234.00; €1,234.00; €7.50; 10.5\xa0%"
        )
