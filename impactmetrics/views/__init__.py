"""Impact pages, one module per section: home (start page, catalog), portal (the investee's request and the manager's
review), dashboards (fund, investee, municipality), outcomes (person records, outcome contracts), regions, sroi.

Every view declares its roles and reads objects through fund.access; every number comes from the selectors."""
