"""Vocabularies of the fund's books."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    """Where an account reports: the balance sheet (assets, liabilities, equity), the P&L, or off balance."""

    ASSET = "asset", _("Asset")
    LIABILITY = "liability", _("Liability")
    EQUITY = "equity", _("Equity")
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")
    OFF_BALANCE = "off_balance", _("Off balance")


BALANCE_SHEET_KINDS = (AccountKind.ASSET, AccountKind.LIABILITY, AccountKind.EQUITY)
PROFIT_AND_LOSS_KINDS = (AccountKind.INCOME, AccountKind.EXPENSE)


class AccountRole(models.TextChoices):
    """What an account of the default chart is for; posting finds its accounts by role, never by number."""

    BANK = "bank", _("Bank")
    LOANS_RECEIVABLE = "loans_receivable", _("Loans receivable")
    ACCRUED_INTEREST = "accrued_interest", _("Accrued interest receivable")
    LOAN_LOSS_ALLOWANCE = "loan_loss_allowance", _("Loan-loss allowance")
    PAYMENTS_IN_ADVANCE = "payments_in_advance", _("Loan payments received in advance")
    MEMBERS_CAPITAL = "members_capital", _("Members' capital")
    RESULT_FOR_PERIOD = "result_for_period", _("Result for the period")
    RETAINED_RESULT = "retained_result", _("Retained result")
    UNCALLED_COMMITMENTS = "uncalled_commitments", _("Uncalled commitments (off balance)")
    UNCALLED_COMMITMENTS_CONTRA = "uncalled_commitments_contra", _("Members' uncalled commitments (contra)")
    INTEREST_INCOME = "interest_income", _("Interest income")
    FEE_INCOME = "fee_income", _("Fee income")
    PENALTY_INCOME = "penalty_income", _("Penalty income")
    RECOVERIES = "recoveries", _("Recoveries on written-off loans")
    PROVISION_EXPENSE = "provision_expense", _("Loan-loss provision expense")
    WRITE_OFF_EXPENSE = "write_off_expense", _("Write-off expense")
    BANK_CHARGES = "bank_charges", _("Bank charges")
    OPERATING_COSTS = "operating_costs", _("Operating costs")


class JournalCode(models.TextChoices):
    """The journal (dagboek) an entry is in; the code is what the accountant's package and the XAF export read."""

    LOANS = "LEN", _("Loans")
    CAPITAL = "KAP", _("Capital")
    BANK = "BNK", _("Bank")
    MEMORIAL = "MEM", _("Memorial")


class SourceType(models.TextChoices):
    """What a journal entry was posted from; with the source id and the kind it is posted once only."""

    LOAN_LEDGER = "loan_ledger", _("Loan ledger entry")
    LOAN_SETTLEMENT = "loan_settlement", _("Loan settlement")
    CAPITAL_MOVEMENT = "capital_movement", _("Capital movement")
    BANK_LINE = "bank_line", _("Bank statement line")
    MANUAL = "manual", _("Manual entry")
    PERIOD_END = "period_end", _("Period end")


class PostingKind(models.TextChoices):
    """What a journal entry records."""

    DISBURSEMENT = "disbursement", _("Disbursement")
    REPAYMENT = "repayment", _("Repayment")
    FEE = "fee", _("Fee charged")
    PENALTY = "penalty", _("Penalty charged")
    INTEREST_WAIVER = "interest_waiver", _("Interest waiver")
    WRITE_OFF = "write_off", _("Write-off")
    RECOVERY = "recovery", _("Recovery")
    REVERSAL = "reversal", _("Reversal")
    RATE_CHANGE = "rate_change", _("Rate change")
    SETTLEMENT = "settlement", _("Payments in advance applied")
    COMMITMENT = "commitment", _("Commitment")
    CALL = "call", _("Capital call")
    CONTRIBUTION = "contribution", _("Contribution")
    DISTRIBUTION = "distribution", _("Distribution")
    BANK_CHARGES = "bank_charges", _("Bank charges")
    MANUAL = "manual", _("Manual entry")
    ACCRUAL = "accrual", _("Interest accrual")
    ACCRUAL_REVERSAL = "accrual_reversal", _("Interest accrual reversed")
    PROVISION = "provision", _("Loan-loss provision")
