from .approvals import ChangeState, PendingChange
from .audit import AuditEvent
from .capital import CapitalCall, CapitalCallReminder, CapitalMovement, Distribution, Member
from .fund import Fund, FundTheme
from .once import UsedFormToken
from .organisation import ImpactLabel, Organisation
from .people import RoleAssignment, User
from .reference import LabourMarketRegion, Municipality, PostcodeArea

__all__ = [
    "AuditEvent",
    "CapitalCall",
    "CapitalCallReminder",
    "CapitalMovement",
    "ChangeState",
    "Distribution",
    "Fund",
    "FundTheme",
    "ImpactLabel",
    "LabourMarketRegion",
    "Member",
    "Municipality",
    "Organisation",
    "PendingChange",
    "PostcodeArea",
    "RoleAssignment",
    "UsedFormToken",
    "User",
]
