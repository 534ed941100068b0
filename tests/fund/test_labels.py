import datetime

import pytest
from django.core.exceptions import ValidationError

from fund.selectors import organisation_labels_on
from fund.services.organisations import impact_label_add
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def manager(db):
    return factories.user("fund_manager", fund=factories.fund())


@pytest.fixture
def buurtkeuken(db):
    """A PSO level 2 certificate from 1 March 2023 to 28 February 2026, and Social Enterprise NL from 2021 on."""
    org = factories.organisation(legal_name="Buurtkeuken Delfshaven B.V.")
    impact_label_add(
        actor=None, organisation=org, kind="pso", level="2", valid_from=D(2023, 3, 1), valid_to=D(2026, 2, 28)
    )
    impact_label_add(actor=None, organisation=org, kind="se_nl", level="", valid_from=D(2021, 1, 1), valid_to=None)
    return org


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2020, 12, 31), []),
        (D(2021, 1, 1), ["se_nl"]),
        (D(2023, 3, 1), ["pso", "se_nl"]),
        (D(2026, 2, 28), ["pso", "se_nl"]),  # last day of the PSO certificate
        (D(2026, 3, 1), ["se_nl"]),
    ],
)
def test_which_labels_an_organisation_held_on_a_date(buurtkeuken, day, expected):
    assert [label.kind for label in organisation_labels_on(organisation=buurtkeuken, day=day)] == expected


def test_a_pso_label_needs_its_level(manager):
    org = factories.organisation()
    with pytest.raises(ValidationError) as excinfo:
        impact_label_add(actor=manager, organisation=org, kind="pso", valid_from=D(2026, 1, 1))
    assert list(excinfo.value.message_dict) == ["level"]


def test_a_label_cannot_end_before_it_starts(manager):
    org = factories.organisation()
    with pytest.raises(ValidationError) as excinfo:
        impact_label_add(
            actor=manager, organisation=org, kind="se_nl", valid_from=D(2026, 1, 1), valid_to=D(2025, 1, 1)
        )
    assert list(excinfo.value.message_dict) == ["valid_to"]
