from .application import (
    Application,
    ApplicationDocument,
    ApplicationStatusChange,
    CoFinancing,
    DueDiligenceItem,
    DueDiligenceTemplateItem,
    EligibilityCheck,
    Question,
    Score,
    ScoringCriterion,
)
from .committee import AgendaItem, CommitteeRules, ConflictDeclaration, ICDecision, ICMeeting, Vote
from .loan import ConditionPrecedent, Covenant, Loan

__all__ = [
    "AgendaItem",
    "Application",
    "ApplicationDocument",
    "ApplicationStatusChange",
    "CoFinancing",
    "CommitteeRules",
    "ConditionPrecedent",
    "ConflictDeclaration",
    "Covenant",
    "DueDiligenceItem",
    "DueDiligenceTemplateItem",
    "EligibilityCheck",
    "ICDecision",
    "ICMeeting",
    "Loan",
    "Question",
    "Score",
    "ScoringCriterion",
    "Vote",
]
