"""One-time form tokens that were used: how a second submit of the same money form (a double click) is recognised."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UsedFormToken(models.Model):
    """The token of a rendered form, stored in the transaction that recorded what the form asked for."""

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    used_at = models.DateTimeField(_("used at"), auto_now_add=True)

    class Meta:
        verbose_name = _("used form token")
        verbose_name_plural = _("used form tokens")

    def __str__(self) -> str:
        return f"{self.token} {self.used_at:%Y-%m-%d %H:%M}"
