"""A fund's bank account, SEPA creditor id and quorum rule change on its settings page, four-eyes (issue 12), and no
longer in the admin. SIF Rotterdam's committee has three members in the demo (ic@, ic2@, ic3@)."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from fund.errors import FourEyesError
from fund.models import AuditEvent, ChangeState, PendingChange, User
from fund.services.approvals import change_approve, change_rows
from portfolio.choices import LoanStatus, QuorumRule
from portfolio.models import CommitteeRules, FundBankAccount, LedgerEntry, Loan
from portfolio.selectors.loans import loan_state
from portfolio.services.committee import quorum_required
from portfolio.services.fund_settings import (
    MANUAL_PAYMENT_THRESHOLD_KIND,
    committee_rules_change_request,
    fund_bank_account_change_request,
    manual_payment_threshold_change_request,
)
from portfolio.services.loan_approvals import manual_payment_post

pytestmark = pytest.mark.django_db

NEW_IBAN = "NL44RABO0123456789"
NEW_CREDITOR_ID = "NL57ZZZ999999999999"


@pytest.fixture
def manager2(demo) -> User:
    return User.objects.get(email="manager2@sif.example")


def _bank_request(demo, **overrides):
    values = {
        "account_name": "Coöperatie SIF Rotterdam U.A.",
        "iban": NEW_IBAN,
        "bic": "RABONL2U",
        "creditor_id": NEW_CREDITOR_ID,
        "reason": "The members moved the fund's account to the Rabobank.",
    } | overrides
    return fund_bank_account_change_request(actor=demo.manager, fund=demo.rotterdam_fund, **values)


def test_the_funds_bank_account_changes_only_when_a_second_manager_approves(demo, manager2):
    old = FundBankAccount.objects.get(fund=demo.rotterdam_fund)
    change = _bank_request(demo)
    assert FundBankAccount.objects.get(fund=demo.rotterdam_fund).iban == old.iban
    assert ("IBAN", old.iban, NEW_IBAN) in change_rows(change)  # old and new side by side
    with pytest.raises(FourEyesError, match="another manager must approve it"):
        change_approve(actor=demo.manager, change=change)
    change_approve(actor=manager2, change=change)
    account = FundBankAccount.objects.get(fund=demo.rotterdam_fund)
    assert (account.iban, account.bic, account.creditor_id) == (NEW_IBAN, "RABONL2U", NEW_CREDITOR_ID)
    event = AuditEvent.objects.filter(action="fund.bank_account_changed").latest("pk")
    assert event.actor == manager2 and event.changes["iban"] == [old.iban, NEW_IBAN]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("iban", "NL44RABO0123456780", "not a valid IBAN"),
        ("creditor_id", "NL56ZZZ999999999999", "not a valid SEPA creditor id"),  # check digits 57 → 56
        ("bic", "RABO", "not a valid BIC"),
        ("account_name", "", "account holder"),
    ],
)
def test_a_wrong_account_is_refused_on_its_field_before_anyone_is_asked(demo, field, value, words):
    with pytest.raises(ValidationError) as caught:
        _bank_request(demo, **{field: value})
    assert list(caught.value.message_dict) == [field]
    assert words in caught.value.message_dict[field][0]


def test_the_quorum_rule_changes_only_when_a_second_manager_approves(demo, manager2):
    fund = demo.rotterdam_fund
    assert quorum_required(fund=fund, members=3) == 2  # more than half of three
    change = committee_rules_change_request(
        actor=demo.manager, fund=fund, quorum_rule=QuorumRule.FIXED, quorum_fixed=3, reason="Statutes of 2026."
    )
    assert quorum_required(fund=fund, members=3) == 2
    assert change_rows(change) == [("Quorum rule", "More than half of the members", "A fixed number of members: 3")]
    change_approve(actor=manager2, change=change)
    assert quorum_required(fund=fund, members=3) == 3
    change.refresh_from_db()
    assert change.state == ChangeState.APPROVED


@pytest.mark.parametrize("fixed", [None, 1, 4])  # the committee has 3 members; one member alone never decides
def test_an_unreasonable_fixed_quorum_is_refused(demo, fixed):
    with pytest.raises(ValidationError) as caught:
        committee_rules_change_request(
            actor=demo.manager, fund=demo.rotterdam_fund, quorum_rule="fixed", quorum_fixed=fixed, reason="Try."
        )
    assert "between 2 and the committee's 3 members" in caught.value.message_dict["quorum_fixed"][0]


def test_a_manager_requests_on_the_settings_page_and_the_requester_cannot_approve_there(client, demo, manager2):
    client.force_login(demo.manager)
    url = reverse("portfolio:fund_bank_account_change", args=["sif-rotterdam"])
    response = client.post(url, {"account_name": "SIF", "iban": "NL00", "reason": "New bank."})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["iban"]
    response = client.post(url, {"account_name": "SIF", "iban": NEW_IBAN, "reason": "New bank."})
    change_url = response.url
    assert client.post(change_url + "approve/").status_code == 302
    page = client.get(reverse("portfolio:fund_settings", args=["sif-rotterdam"])).content.decode()
    assert 'data-testid="pending-bank-account"' in page
    assert FundBankAccount.objects.get(fund=demo.rotterdam_fund).iban != NEW_IBAN  # the requester's approval refused
    client.force_login(manager2)
    client.post(change_url + "approve/")
    assert FundBankAccount.objects.get(fund=demo.rotterdam_fund).iban == NEW_IBAN


def test_the_admin_no_longer_changes_the_bank_account_or_the_quorum(client, demo):
    client.force_login(demo.manager)
    account = FundBankAccount.objects.get(fund=demo.rotterdam_fund)
    url = reverse("admin:portfolio_fundbankaccount_change", args=[account.pk])
    response = client.post(url, {"fund": demo.rotterdam_fund.pk, "account_name": "x", "iban": NEW_IBAN})
    assert response.status_code == 403
    assert FundBankAccount.objects.get(pk=account.pk).iban == account.iban
    assert client.post(reverse("admin:portfolio_committeerules_add"), {"quorum_rule": "fixed"}).status_code == 403
    assert not CommitteeRules.objects.filter(fund=demo.rotterdam_fund, quorum_rule="fixed").exists()


def _quorum_request(demo):
    return committee_rules_change_request(
        actor=demo.manager, fund=demo.rotterdam_fund, quorum_rule=QuorumRule.TWO_THIRDS, reason="Statutes of 2026."
    )


@pytest.mark.parametrize("make_request", [_bank_request, _quorum_request], ids=["bank account", "quorum rule"])
def test_the_requester_is_refused_by_the_service_the_page_and_the_api(client, demo, manager2, make_request):
    change = make_request(demo)
    with pytest.raises(FourEyesError, match="You requested this change"):
        change_approve(actor=demo.manager, change=change)
    client.force_login(demo.manager)
    client.post(reverse("fund:change_approve", args=[change.pk]))
    assert client.post(reverse("api:change_approve", args=[change.pk])).status_code == 403
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING
    client.force_login(manager2)
    assert client.post(reverse("api:change_approve", args=[change.pk])).status_code == 200
    change.refresh_from_db()
    assert change.state == ChangeState.APPROVED


def _threshold_page(client, user, typed: str, language: str = "nl"):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.post(
        reverse("portfolio:manual_payment_threshold_change", args=["sif-rotterdam"]),
        {"threshold": typed, "reason": "Kleine aflossingen hoeven niet langs een tweede beheerder."},
    )


def _active_loan(demo, more_than: Decimal) -> Loan:
    today = timezone.localdate()
    for loan in Loan.objects.filter(fund=demo.rotterdam_fund, status=LoanStatus.ACTIVE).order_by("pk"):
        if loan_state(loan=loan, as_of=today).outstanding_principal > more_than:
            return loan
    raise AssertionError("the demo has no active loan in SIF Rotterdam with that much outstanding")


def test_raising_the_manual_payment_threshold_needs_a_second_manager_then_payments_up_to_it_post_directly(
    client, demo, manager2
):
    fund = demo.rotterdam_fund
    assert fund.manual_payment_approval_threshold.amount == Decimal("0")  # the demo: every manual payment waits
    response = _threshold_page(client, demo.manager, "2.500,00")  # Dutch: two thousand five hundred euros
    change = PendingChange.objects.get(kind=MANUAL_PAYMENT_THRESHOLD_KIND, state=ChangeState.PENDING)
    assert response.url == reverse("fund:change_detail", args=[change.pk])
    assert change.payload == {"threshold": "2500.00"} and change.before == {"threshold": "0.00"}
    page = client.get(reverse("portfolio:fund_settings", args=["sif-rotterdam"])).content.decode()
    assert 'data-testid="pending-manual-payment-threshold"' in page
    # the requester is refused by the service, the approvals page and the API
    with translation.override("en"), pytest.raises(FourEyesError, match="another manager must approve it"):
        change_approve(actor=demo.manager, change=change)
    client.post(reverse("fund:change_approve", args=[change.pk]))
    assert client.post(reverse("api:change_approve", args=[change.pk])).status_code == 403
    fund.refresh_from_db()
    assert fund.manual_payment_approval_threshold.amount == Decimal("0")
    client.force_login(manager2)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(reverse("fund:change_detail", args=[change.pk])).context["rows"] == [
        ("Manual payments need a second manager above", "€0.00", "€2,500.00")
    ]
    assert client.post(reverse("api:change_approve", args=[change.pk])).status_code == 200
    fund.refresh_from_db()
    assert fund.manual_payment_approval_threshold.amount == Decimal("2500.00")
    event = AuditEvent.objects.filter(action="fund.manual_payment_threshold_changed").get()
    assert event.actor == manager2 and event.changes == {"manual_payment_approval_threshold": ["0.00", "2500.00"]}
    # 2,500.00 is not above the new threshold: posted at once; 2,500.01 is, and waits for a second manager
    loan = _active_loan(demo, more_than=Decimal("5000.01"))
    today = timezone.localdate()
    posted = manual_payment_post(actor=demo.manager, loan=loan, value_date=today, amount=Decimal("2500.00"))
    assert isinstance(posted, LedgerEntry) and posted.amount.amount == Decimal("2500.00")
    waiting = manual_payment_post(actor=demo.manager, loan=loan, value_date=today, amount=Decimal("2500.01"))
    assert isinstance(waiting, PendingChange)


@pytest.mark.parametrize(("language", "typed"), [("nl", "1.234,56"), ("en", "1,234.56"), ("nl", "1234,56")])
def test_the_threshold_is_typed_as_the_page_language_writes_amounts(client, demo, language, typed):
    _threshold_page(client, demo.manager, typed, language)
    change = PendingChange.objects.get(kind=MANUAL_PAYMENT_THRESHOLD_KIND, state=ChangeState.PENDING)
    assert change.payload == {"threshold": "1234.56"}


@pytest.mark.parametrize(("typed", "words"), [("-1,00", "cannot be negative"), ("0", "threshold already")])
def test_a_negative_or_unchanged_threshold_is_refused_on_its_field(client, demo, typed, words):
    response = _threshold_page(client, demo.manager, typed)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["threshold"]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        manual_payment_threshold_change_request(
            actor=demo.manager, fund=demo.rotterdam_fund, threshold=Decimal(typed.replace(",", ".")), reason="Try."
        )
    assert words in caught.value.message_dict["threshold"][0]
    assert not PendingChange.objects.filter(kind=MANUAL_PAYMENT_THRESHOLD_KIND).exists()
