"""Reads of the portfolio app, one module per subject: `dealflow` (pipeline, funnel, scores, IC memo), `loans`,
`conditions`, `activity` (loan tape), `quality` (portfolio figures), `bank`, `municipality`."""
