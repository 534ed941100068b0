"""The default chart of accounts every fund starts from.

Each account has the fund's own number (what its bookkeeping package calls it; the fund may change it) and an RGS
code: the Dutch reference chart of accounts (Referentie GrootboekSchema, RGS 3.x), as listed on boekhoudplaza.nl's RGS
pages (BLimBanRba "Rekening-courant bank", BFvaOvr "Overige vorderingen" under financial fixed assets, BVor
"Vorderingen", BSch "Kortlopende schulden", BEiv "Eigen vermogen", WFbeRlm "Rentebaten en soortgelijke opbrengsten",
WOvt "Opbrengst van vorderingen die tot de vaste activa behoren", WWfa "Waardeveranderingen van financiële vaste
activa", WBed "Overige bedrijfskosten"). Where RGS has no finer code we are sure of, the account carries the parent
code; off-balance accounts carry none (RGS has no off-balance section).
"""

from dataclasses import dataclass

from .choices import AccountKind, AccountRole


@dataclass(frozen=True)
class AccountTemplate:
    role: AccountRole
    number: str
    kind: AccountKind
    rgs_code: str


DEFAULT_CHART: tuple[AccountTemplate, ...] = (
    AccountTemplate(AccountRole.LOANS_RECEIVABLE, "0400", AccountKind.ASSET, "BFvaOvr"),
    AccountTemplate(AccountRole.LOAN_LOSS_ALLOWANCE, "0410", AccountKind.ASSET, "BFvaOvr"),
    AccountTemplate(AccountRole.BANK, "1100", AccountKind.ASSET, "BLimBanRba"),
    AccountTemplate(AccountRole.ACCRUED_INTEREST, "1300", AccountKind.ASSET, "BVor"),
    AccountTemplate(AccountRole.MEMBERS_CAPITAL, "0500", AccountKind.EQUITY, "BEiv"),
    AccountTemplate(AccountRole.RETAINED_RESULT, "0510", AccountKind.EQUITY, "BEiv"),
    AccountTemplate(AccountRole.RESULT_FOR_PERIOD, "0520", AccountKind.EQUITY, "BEiv"),
    AccountTemplate(AccountRole.PAYMENTS_IN_ADVANCE, "1600", AccountKind.LIABILITY, "BSch"),
    AccountTemplate(AccountRole.UNCALLED_COMMITMENTS, "0900", AccountKind.OFF_BALANCE, ""),
    AccountTemplate(AccountRole.UNCALLED_COMMITMENTS_CONTRA, "0910", AccountKind.OFF_BALANCE, ""),
    AccountTemplate(AccountRole.INTEREST_INCOME, "8000", AccountKind.INCOME, "WFbeRlm"),
    AccountTemplate(AccountRole.FEE_INCOME, "8010", AccountKind.INCOME, "WOvt"),
    AccountTemplate(AccountRole.PENALTY_INCOME, "8020", AccountKind.INCOME, "WOvt"),
    AccountTemplate(AccountRole.RECOVERIES, "8030", AccountKind.INCOME, "WWfa"),
    AccountTemplate(AccountRole.PROVISION_EXPENSE, "4700", AccountKind.EXPENSE, "WWfa"),
    AccountTemplate(AccountRole.WRITE_OFF_EXPENSE, "4710", AccountKind.EXPENSE, "WWfa"),
    AccountTemplate(AccountRole.BANK_CHARGES, "4600", AccountKind.EXPENSE, "WBed"),
    AccountTemplate(AccountRole.OPERATING_COSTS, "4000", AccountKind.EXPENSE, "WBed"),
)
