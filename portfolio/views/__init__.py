"""The portfolio app's pages, one module per job:

- `applications`: the investee's portal and the application page;
- `pipeline`: the fund manager's deal flow (board, screening, due diligence, assessment, funnel);
- `committee`: the investment committee (meetings, votes, decisions, the IC memo);
- `loans`: loans and their servicing (loan page, tranches, repayments);
- `loan_changes`: the steps of a loan's life after approval (contract, conditions, payoff, restructuring...);
- `bank`: bank statements and their reconciliation queue;
- `dashboards`: the portfolio dashboard and its loan tape;
- `municipality`: the municipality officer's overview;
- `common`: what they share (finding what a user may act on, reading typed values, where to go back to).

The helper that runs a service and turns its refusals into messages is fund.service_calls; role groups are fund.roles.
"""
