"""Typed errors of the loan engine.

Every rejection names the input field at fault so that a command line, a form or an API can point at it.
"""


class EngineError(Exception):
    """Input the engine cannot work with; `field` names the input at fault (a dotted path: `transactions[2].amount`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class TermsError(EngineError):
    """Loan terms that do not describe a loan the engine can schedule."""


class TransactionError(EngineError):
    """A servicing request (transactions, policy, as-of date) that cannot be applied to the loan."""
