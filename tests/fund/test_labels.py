import datetime

import pytest
from django.core.exceptions import ValidationError

from fund.selectors import organisation_labels_on
from fund.services.organisations import impact_label_add

pytestmark = pytest.mark.django_db
D = datetime.date


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
def test_which_labels_an_organisation_held_on_a_date(demo, day, expected):
    buurtkeuken = demo.organisation("Buurtkeuken Delfshaven B.V.")
    assert [label.kind for label in organisation_labels_on(organisation=buurtkeuken, day=day)] == expected


def test_a_pso_label_needs_its_level(demo):
    org = demo.organisation("Digitaal Erbij B.V.")
    with pytest.raises(ValidationError) as excinfo:
        impact_label_add(actor=demo.manager, organisation=org, kind="pso", valid_from=D(2026, 1, 1))
    assert list(excinfo.value.message_dict) == ["level"]


def test_a_label_cannot_end_before_it_starts(demo):
    org = demo.organisation("Digitaal Erbij B.V.")
    with pytest.raises(ValidationError) as excinfo:
        impact_label_add(
            actor=demo.manager, organisation=org, kind="se_nl", valid_from=D(2026, 1, 1), valid_to=D(2025, 1, 1)
        )
    assert list(excinfo.value.message_dict) == ["valid_to"]
