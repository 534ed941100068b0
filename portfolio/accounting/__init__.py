"""The fund's books: a chart of accounts per fund and a general ledger posted from the loan and capital ledgers.

`models` (accounts, journal entries and their lines), `chart` (the default chart every fund starts from),
`posting` (what each source event posts), `services` (every write), `selectors` (trial balance, balance sheet, profit
and loss). See docs/accounting.md.
"""
