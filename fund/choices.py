"""Fixed vocabularies of the fund domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    """The social themes a fund may focus on (a fund picks at most three)."""

    LABOUR_PARTICIPATION = "labour_participation", _("Labour participation")
    EQUAL_OPPORTUNITY = "equal_opportunity", _("Equal opportunity")
    POVERTY = "poverty", _("Poverty")
    INCLUSIVE_TRANSITION = "inclusive_transition", _("Inclusive transition")
    CIRCULAR_ECONOMY = "circular_economy", _("Circular economy")
    ENERGY = "energy", _("Energy")
    FOOD = "food", _("Food")
    HEALTH = "health", _("Health")
    MOBILITY = "mobility", _("Mobility")
    NATURE_AND_CLIMATE = "nature_and_climate", _("Nature and climate")


MAX_FUND_THEMES = 3


class LegalForm(models.TextChoices):
    COOPERATIE_UA = "cooperatie_ua", _("Coöperatie U.A.")
    BV = "bv", _("B.V.")
    STICHTING = "stichting", _("Stichting")
    VERENIGING = "vereniging", _("Vereniging")
    EENMANSZAAK = "eenmanszaak", _("Eenmanszaak")
    VOF = "vof", _("V.o.f.")
    NV = "nv", _("N.V.")
    PUBLIC_BODY = "public_body", _("Public body (gemeente)")
    NATURAL_PERSON = "natural_person", _("Natural person")


class LabelKind(models.TextChoices):
    """Dutch impact labels that funds recognise."""

    PSO = "pso", _("Prestatieladder Socialer Ondernemen (PSO)")
    CODE_SOCIALE_ONDERNEMINGEN = "code_so", _("Code Sociale Ondernemingen")
    SOCIAL_ENTERPRISE_NL = "se_nl", _("Social Enterprise NL member")
    CEDRIS_LEERWERKBEDRIJF = "cedris", _("Cedris leerwerkbedrijf")


class PsoLevel(models.TextChoices):
    """PSO certificate levels: the trede (step) and the 30+ variant."""

    STEP_1 = "1", _("Trede 1")
    STEP_2 = "2", _("Trede 2")
    STEP_3 = "3", _("Trede 3")
    PSO_30 = "30+", _("PSO 30+")
    APPROACH = "aanloop", _("Aanloopniveau")


class MemberKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    FOUNDATION = "foundation", _("Foundation")
    PRIVATE_INVESTOR = "private_investor", _("Private investor")
    INSTITUTIONAL = "institutional", _("Institutional investor")
    INDIVIDUAL = "individual", _("Individual")


class CapitalMovementKind(models.TextChoices):
    """Entries of a member's capital account; amounts are always positive, the kind says the direction."""

    COMMITMENT = "commitment", _("Commitment")
    CALL = "call", _("Capital call")
    CONTRIBUTION = "contribution", _("Contribution (paid-in)")
    DISTRIBUTION = "distribution", _("Distribution")


class Role(models.TextChoices):
    """What a user does; each role (but admin) is bound to a scope."""

    ADMIN = "admin", _("Administrator")
    FUND_MANAGER = "fund_manager", _("Fund manager")
    IC_MEMBER = "ic_member", _("Investment committee member")
    INVESTEE = "investee", _("Investee")
    CO_INVESTOR = "co_investor", _("Co-investor")
    MUNICIPALITY_OFFICER = "municipality_officer", _("Municipality officer")


class AuditAction(models.TextChoices):
    """What the audit trail records (fund.audit.audit_record); the label is what the history panel shows."""

    ORGANISATION_CREATED = "organisation.created", _("Organisation created")
    ORGANISATION_UPDATED = "organisation.updated", _("Organisation changed")
    IMPACT_LABEL_ADDED = "impact_label.added", _("Impact label added")
    FUND_CREATED = "fund.created", _("Fund created")
    FUND_THEMES_CHANGED = "fund.themes_changed", _("Themes changed")
    MEMBER_ADMITTED = "member.admitted", _("Member admitted")
    CAPITAL_COMMITMENT = "capital.commitment", _("Commitment recorded")
    CAPITAL_CALL = "capital.call", _("Capital called")
    CAPITAL_CONTRIBUTION = "capital.contribution", _("Contribution recorded")
    CAPITAL_DISTRIBUTION = "capital.distribution", _("Distribution recorded")
    CAPITAL_REVERSED = "capital.reversed", _("Movement reversed")
    CAPITAL_CALL_ISSUED = "capital_call.issued", _("Capital call issued")
    CAPITAL_CALL_REMINDED = "capital_call.reminded", _("Reminder sent for a capital call")
    DISTRIBUTION_DECLARED = "distribution.declared", _("Distribution declared")
    CHANGE_REQUESTED = "change.requested", _("Change requested (four eyes)")
    CHANGE_APPROVED = "change.approved", _("Change approved (four eyes)")
    CHANGE_REJECTED = "change.rejected", _("Change rejected (four eyes)")
    CHANGE_WITHDRAWN = "change.withdrawn", _("Change withdrawn (four eyes)")
    USER_CREATED = "user.created", _("User created")
    USER_CHANGED = "user.changed", _("User changed")


class AccountAction(models.TextChoices):
    """What the audit trail records about logins and sessions (fund.services.accounts)."""

    LOGIN_UNLOCKED = "account.login_unlocked", _("Login unlocked")
    SESSIONS_ENDED = "account.sessions_ended", _("Logged out everywhere")
    TWO_FACTOR_ENROLLED = "account.two_factor_enrolled", _("Two-factor login set up")
    TWO_FACTOR_VERIFIED = "account.two_factor_verified", _("Two-factor code accepted")
    TWO_FACTOR_RECOVERY_USED = "account.two_factor_recovery_used", _("Recovery code used")
    TWO_FACTOR_REFUSED = "account.two_factor_refused", _("Two-factor code refused")
    TWO_FACTOR_RECOVERY_CODES_RENEWED = "account.two_factor_recovery_codes_renewed", _("New recovery codes made")
    TWO_FACTOR_DISABLED = "account.two_factor_disabled", _("Two-factor login turned off")
    TWO_FACTOR_DEVICE_CHANGED = "account.two_factor_device_changed", _("Two-factor device changed by an administrator")
    TWO_FACTOR_DEVICE_DELETED = "account.two_factor_device_deleted", _("Two-factor device removed by an administrator")
