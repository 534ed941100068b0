"""URL access rows for the reporting app (see test_url_walk)."""

from tests.access.portfolio_table import BUURTKEUKEN, SPAARNE, application
from tests.access.roles import expect

TABLE = [
    ("reporting:ic_memo_pdf", application(BUURTKEUKEN), expect(403, admin=200, manager=200, ic=200)),
    ("reporting:ic_memo_pdf", application(SPAARNE), expect(403, admin=200, manager=200, ic=404)),
]
