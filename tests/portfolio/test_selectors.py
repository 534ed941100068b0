"""The funnel and the pipeline board, with numbers worked out by hand."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from djmoney.money import Money

from fund.choices import Role
from fund.models import Organisation, RoleAssignment
from fund.services.funds import fund_create
from portfolio.choices import ApplicationStatus as S
from portfolio.models import Application, ApplicationStatusChange
from portfolio.selectors.dealflow import PipelineFilters, application_funnel, pipeline_board
from portfolio.transitions import PIPELINE
from tests import factories

pytestmark = pytest.mark.django_db


def at(month: int, day: int, year: int = 2026) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


@pytest.fixture
def manager(db):
    return factories.user("fund_manager", fund=factories.fund())


@pytest.fixture
def buurtkeuken(db):
    return factories.organisation(legal_name="Buurtkeuken Delfshaven B.V.", postcode="3026 AK")


@pytest.fixture
def fund(manager, buurtkeuken):
    fund = fund_create(
        actor=None,
        name="SIF Testfonds",
        inception_date=datetime.date(2025, 1, 1),
        target_size=Decimal("1000000"),
        region_codes=["GM0599"],
        themes=["labour_participation", "poverty"],
    )
    RoleAssignment.objects.create(user=manager, role=Role.FUND_MANAGER, fund=fund)
    return fund


def history(fund, reference: str, amount: str, moves: list[tuple[str, datetime.datetime]], themes=None, org=None):
    """An application with the given status history (test data written directly, not a status move)."""
    app = Application.objects.create(
        reference=reference,
        fund=fund,
        organisation=org or Organisation.objects.filter(legal_name="Buurtkeuken Delfshaven B.V.").latest("pk"),
        status=moves[-1][0],
        amount_requested=Money(Decimal(amount), "EUR"),
        purpose="p",
        term_months=36,
        instrument="senior_loan",
        themes=themes or ["labour_participation"],
        submitted_at=moves[0][1],
        status_changed_at=moves[-1][1],
    )
    previous = S.DRAFT
    for status, when in moves:
        ApplicationStatusChange.objects.create(application=app, from_status=previous, to_status=status, at=when)
        previous = status
    return app


def test_funnel_counts_amounts_conversion_and_median_days(fund):
    history(fund, "A", "100000", [(S.SUBMITTED, at(1, 10)), (S.SCREENING, at(1, 20)), (S.DUE_DILIGENCE, at(2, 9)),
                                  (S.IC, at(3, 11)), (S.APPROVED, at(3, 21))])  # fmt: skip
    history(fund, "B", "50000", [(S.SUBMITTED, at(2, 1)), (S.SCREENING, at(2, 5)), (S.DUE_DILIGENCE, at(2, 15)),
                                 (S.IC, at(3, 7)), (S.DECLINED, at(3, 17))])  # fmt: skip
    history(fund, "C", "30000", [(S.SUBMITTED, at(3, 1)), (S.SCREENING, at(3, 3)), (S.DECLINED, at(3, 13))])
    history(fund, "D", "20000", [(S.SUBMITTED, at(4, 1))])
    history(fund, "E", "80000", [(S.SUBMITTED, at(12, 15, 2025))])  # received before the period

    funnel = application_funnel(fund=fund, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30))

    rows = [(s.key, s.count, s.amount, s.conversion, s.median_days) for s in funnel.stages]
    assert rows == [
        ("received", 4, Decimal("200000.00"), None, Decimal("4")),  # A 10, B 4, C 2 days; D has not left
        ("screened", 3, Decimal("180000.00"), Decimal("0.7500"), Decimal("10")),  # A 20, B 10, C 10
        ("due_diligence", 2, Decimal("150000.00"), Decimal("0.6667"), Decimal("25")),  # A 30, B 20
        ("committee", 2, Decimal("150000.00"), Decimal("1.0000"), Decimal("10")),  # A 10, B 10
        ("approved", 1, Decimal("100000.00"), Decimal("0.5000"), None),
    ]
    assert (funnel.declined, funnel.withdrawn, funnel.disbursed) == (2, 0, None)
    assert funnel.stages[1].conversion_percent == Decimal("75.0")


def test_funnel_api_serves_the_same_numbers(client, manager, fund):
    history(fund, "A", "100000", [(S.SUBMITTED, at(1, 10)), (S.SCREENING, at(1, 20))])
    client.force_login(manager)
    data = client.get(reverse("portfolio_api:funnel", args=[fund.slug]) + "?start=2026-01-01&end=2026-06-30").json()
    assert [(s["key"], s["count"], s["amount"]) for s in data["stages"][:2]] == [
        ("received", 1, "100000.00"),
        ("screened", 1, "100000.00"),
    ]
    assert data["stages"][0]["median_days"] == "10.0"


def test_board_columns_filters_and_totals(fund):
    now = at(5, 1)
    haarlem = factories.organisation(legal_name="Spaarne Werkt B.V.", postcode="2011 AB")
    history(fund, "A", "100000", [(S.SUBMITTED, at(4, 1))])
    history(fund, "B", "50000", [(S.SUBMITTED, at(4, 20)), (S.SCREENING, at(4, 25))], themes=["poverty"])
    history(fund, "C", "30000", [(S.SUBMITTED, at(3, 1)), (S.SCREENING, at(3, 3))], org=haarlem)
    history(fund, "D", "20000", [(S.SUBMITTED, at(3, 1)), (S.DECLINED, at(3, 3))])  # closed: not on the board
    board = pipeline_board(applications=Application.objects.filter(fund=fund), filters=PipelineFilters(), now=now)
    assert [(c.status, c.count, c.total) for c in board] == [
        (S.SUBMITTED, 1, Decimal("100000.00")),
        (S.SCREENING, 2, Decimal("80000.00")),
        (S.DUE_DILIGENCE, 0, Decimal("0.00")),
        (S.IC, 0, Decimal("0.00")),
    ]
    screening = board[1].cards
    assert [(c.reference, c.days_since_submission, c.days_in_status) for c in screening] == [
        ("C", 61, 59),
        ("B", 11, 6),
    ]

    def refs(**filters) -> list[str]:
        columns = pipeline_board(
            applications=Application.objects.filter(fund=fund), filters=PipelineFilters(**filters), now=now
        )
        return sorted(card.reference for column in columns for card in column.cards)

    assert refs(theme="poverty") == ["B"]
    assert refs(municipality="GM0392") == ["C"]
    assert refs(min_amount=Decimal("40000"), max_amount=Decimal("60000")) == ["B"]
    assert refs(min_age_days=30) == ["A", "C"]


def _board_queries(client, fund, count: int) -> int:
    organisations = [factories.organisation() for _ in range(7)]
    now = timezone.now()
    Application.objects.bulk_create(
        Application(
            reference=f"Q-{count}-{i}",
            fund=fund,
            organisation=organisations[i % len(organisations)],
            status=PIPELINE[i % len(PIPELINE)],
            amount_requested=Money(Decimal(25000 + i * 100), "EUR"),
            purpose="p",
            term_months=36,
            instrument="senior_loan",
            themes=["labour_participation"],
            submitted_at=now - datetime.timedelta(days=i % 90),
            status_changed_at=now,
        )
        for i in range(count)
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portfolio:pipeline_board", args=[fund.slug]))
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == count
    Application.objects.filter(fund=fund).delete()
    return len(queries)


def test_the_board_runs_the_same_number_of_queries_for_10_and_500_applications(client, manager, fund):
    client.force_login(manager)
    client.get(reverse("portfolio:pipeline_board", args=[fund.slug]))  # warm the session and content types
    small = _board_queries(client, fund, 10)
    large = _board_queries(client, fund, 500)
    print(f"pipeline board queries: 10 applications → {small}, 500 → {large}")
    assert small == large
    assert small <= 10
