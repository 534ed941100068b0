"""Who sees which report runs and documents (registered with fund.access).

Runs are the managers' working view. A document is seen by the managers of its fund, and by its recipients:
co-investors see their funds' investor and yearly impact reports and their own capital-account statement (never
another member's);
municipality officers their municipality's reports; investees their own statements.
"""

from django.db.models import Q, QuerySet

from fund import access
from fund.models import Member
from reporting.choices import ReportType

# Reports written for all members of a fund (its shared document): the investor and the yearly impact report.
MEMBER_REPORTS = (ReportType.INVESTOR, ReportType.IMPACT)


def scope_report_runs(user, qs: QuerySet) -> QuerySet:
    if access.is_admin(user):
        return qs
    return qs.filter(fund_id__in=access.managed_fund_ids(user))


def scope_report_documents(user, qs: QuerySet) -> QuerySet:
    if access.is_admin(user):
        return qs
    member_ids = access.co_investor_member_ids(user)
    member_funds = Member.objects.filter(pk__in=member_ids).values("fund_id")
    return qs.filter(
        Q(run__fund_id__in=access.managed_fund_ids(user))
        | Q(member_id__in=member_ids)
        | Q(run__report_type__in=MEMBER_REPORTS, recipient_key="fund", run__fund_id__in=member_funds)
        | Q(municipality_id__in=access.officer_municipality_ids(user))
        | Q(organisation_id__in=access.investee_organisation_ids(user))
    )
