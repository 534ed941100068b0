"""The role groups that views and API endpoints declare with `fund.access.allow` (or `allowed_roles`).

One place for them, so a group means the same everywhere; each name says who is in it. A view that needs a group not
listed here names its roles one by one (or a new group is added here, with a comment saying who it is for)."""

from fund.choices import Role

# Who runs the funds: their fund managers, and the administrators.
MANAGERS = (Role.ADMIN, Role.FUND_MANAGER)

# The administrators alone: the product's own machinery (periodic jobs).
ADMINS = (Role.ADMIN,)

# Investees acting for their own organisation (the applicant's portal).
INVESTEES = (Role.INVESTEE,)

# The fund's managers and the investees: loans and the investee's portal (each investee sees only its own).
MANAGERS_AND_INVESTEES = (Role.ADMIN, Role.FUND_MANAGER, Role.INVESTEE)

# The fund's managers and the investment committee: meetings, agendas, memos.
MANAGERS_AND_COMMITTEE = (Role.ADMIN, Role.FUND_MANAGER, Role.IC_MEMBER)

# Who reads an application: its applicant, the fund's managers, the committee members of its fund.
APPLICATION_READERS = (Role.ADMIN, Role.FUND_MANAGER, Role.INVESTEE, Role.IC_MEMBER)

# Who reads a fund's own page: managers, committee members, co-investors and municipality officers (not investees).
FUND_PAGE_READERS = (Role.ADMIN, Role.FUND_MANAGER, Role.IC_MEMBER, Role.CO_INVESTOR, Role.MUNICIPALITY_OFFICER)

# Who reads organisations (each within their own scope): everyone but the committee members.
ORGANISATION_READERS = (Role.ADMIN, Role.FUND_MANAGER, Role.INVESTEE, Role.MUNICIPALITY_OFFICER, Role.CO_INVESTOR)

# Who reads a member's capital account: managers, the co-investor itself, the municipality that is a member.
MEMBER_READERS = (Role.ADMIN, Role.FUND_MANAGER, Role.CO_INVESTOR, Role.MUNICIPALITY_OFFICER)

# Who reads a municipality's pages: managers and that municipality's officers.
MUNICIPALITY_READERS = (Role.ADMIN, Role.FUND_MANAGER, Role.MUNICIPALITY_OFFICER)

# Who reads report documents (each only those addressed to them): everyone but the committee members.
REPORT_READERS = (Role.ADMIN, Role.FUND_MANAGER, Role.CO_INVESTOR, Role.MUNICIPALITY_OFFICER, Role.INVESTEE)

# Who reads a fund's impact dashboard: managers, committee members and co-investors (a municipality officer reads
# its municipality's impact page instead, an investee its own).
FUND_DASHBOARD_READERS = (Role.ADMIN, Role.FUND_MANAGER, Role.IC_MEMBER, Role.CO_INVESTOR)

# Everyone with a role: pages that scope what each reader sees (the impact home, the metric catalog).
EVERY_ROLE = (
    Role.ADMIN,
    Role.FUND_MANAGER,
    Role.IC_MEMBER,
    Role.INVESTEE,
    Role.CO_INVESTOR,
    Role.MUNICIPALITY_OFFICER,
)
