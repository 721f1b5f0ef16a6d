import hashlib
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiangxin.core.roles import Role
from jiangxin.core.validators import validate_mobile


class User(AbstractUser):
    """A person who signs in. `home_org` is where the account is managed from: admins see
    and manage the users whose home org lies in their subtree."""

    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile"), max_length=14, blank=True, validators=[validate_mobile])
    home_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("home organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        db_default=False,  # rows inserted in bulk by the province seed leave it out
        help_text=_("Set when someone else chose the password: changed at the next login."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "org", "role"], name="role_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} @ {self.org}"


class TokenScope(models.TextChoices):
    """What a token may do: read, or read and write (write includes read)."""

    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


TOKEN_DAYS_DEFAULT = 90
TOKEN_DAYS_MAX = 365


def token_expiry_default():
    return timezone.now() + timedelta(days=TOKEN_DAYS_DEFAULT)


class ApiToken(models.Model):
    """A per-user API token. Only its SHA-256 is stored; the token is shown once. It has a
    scope (read, or read and write) and expires (at most a year after it was created)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=60)
    prefix = models.CharField(_("prefix"), max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(
        _("scope"), max_length=8, choices=TokenScope.choices, default=TokenScope.READ
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=token_expiry_default)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def allows(self, scope: str) -> bool:
        return scope == TokenScope.READ or self.scope == TokenScope.WRITE

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()


class LoginThrottle(models.Model):
    """Failed logins of one user name: one row per (user name, source address), and one
    row per user name with `ip` empty that counts the failures from every source.

    The per-source row locks after a few failures (an attacker locks only themselves
    out); the all-sources row only slows sources the user never logged in from (see
    accounts/throttle.py)."""

    username = models.CharField(_("user name"), max_length=150)
    ip = models.CharField(_("source address"), max_length=45, blank=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    lockouts = models.PositiveIntegerField(_("lockouts"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)

    class Meta:
        verbose_name = _("login throttle")
        verbose_name_plural = _("login throttles")
        constraints = [
            models.UniqueConstraint(fields=["username", "ip"], name="login_throttle_unique")
        ]
        indexes = [models.Index(fields=["locked_until"], name="login_throttle_locked")]

    def __str__(self) -> str:
        return f"{self.username} @ {self.ip or '*'}"
