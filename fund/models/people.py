"""Users log in by email; what they may see follows from their role assignments (see fund.access)."""

from collections.abc import Iterator
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from fund.choices import Role

from .capital import Member
from .fund import Fund
from .organisation import Organisation
from .reference import Municipality


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False, help_text=_("May use the back-office (admin)."))
    date_joined = models.DateTimeField(default=timezone.now)
    # Part of every session's auth hash: replacing it ends all the user's sessions ("log out everywhere").
    session_token = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_session_auth_hash(self) -> str:
        """Django's HMAC of the password, and of the session token once one was set: a session stays valid until
        the password or the token changes."""
        if not self.session_token:
            return super().get_session_auth_hash()
        return self._session_token_hash(secret=None)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        if not self.session_token:
            yield from super().get_session_auth_fallback_hash()
            return
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_token_hash(secret=secret)

    def _session_token_hash(self, *, secret: str | bytes | None) -> str:
        value = f"{self.password}:{self.session_token}"
        return salted_hmac("fund.User.session_auth_hash", value, secret=secret, algorithm="sha256").hexdigest()


# Which scope field each role needs; admin needs none.
ROLE_SCOPE_FIELD = {
    Role.FUND_MANAGER: "fund",
    Role.IC_MEMBER: "fund",
    Role.INVESTEE: "organisation",
    Role.CO_INVESTOR: "member",
    Role.MUNICIPALITY_OFFICER: "municipality",
}


class RoleAssignment(models.Model):
    """A user holds a role within a scope: a fund, an organisation, a membership or a municipality."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    models.Q(
                        role="admin",
                        fund__isnull=True,
                        organisation__isnull=True,
                        member__isnull=True,
                        municipality__isnull=True,
                    )
                    | models.Q(
                        role__in=["fund_manager", "ic_member"],
                        fund__isnull=False,
                        organisation__isnull=True,
                        member__isnull=True,
                        municipality__isnull=True,
                    )
                    | models.Q(
                        role="investee",
                        organisation__isnull=False,
                        fund__isnull=True,
                        member__isnull=True,
                        municipality__isnull=True,
                    )
                    | models.Q(
                        role="co_investor",
                        member__isnull=False,
                        fund__isnull=True,
                        organisation__isnull=True,
                        municipality__isnull=True,
                    )
                    | models.Q(
                        role="municipality_officer",
                        municipality__isnull=False,
                        fund__isnull=True,
                        organisation__isnull=True,
                        member__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "fund", "organisation", "member", "municipality"],
                nulls_distinct=False,
                name="uniq_role_assignment",
            ),
        ]

    def __str__(self) -> str:
        scope = self.fund or self.organisation or self.member or self.municipality
        return f"{self.get_role_display()}" + (f" · {scope}" if scope else "")
