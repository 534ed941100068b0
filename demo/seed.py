"""The whole demo data set, in dependency order: each part is idempotent and refuses to run outside DEMO_MODE."""

from demo import approvals, books, funds, impact, loan_book, pipeline, two_factor

# Funds, members, investees and logins first; impact plans need the investees; the pipeline and the loan book need both;
# the changes awaiting approval need the second manager the loan book adds; the books need the loan book and the
# capital accounts. Two-factor last: it enrols the privileged logins the other parts created.
PARTS = (
    funds.demo_seed,
    impact.demo_seed,
    pipeline.demo_seed,
    loan_book.demo_seed,
    approvals.demo_seed,
    books.demo_seed,
    two_factor.demo_seed,
)


def demo_seed() -> None:
    """Create the demo data set, or leave each part as it is where it exists already."""
    for part in PARTS:
        part()
