from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    """What a staff member may do is decided per capability in hubs/permissions.py."""

    ADMIN = "admin", _("Admin")
    MODERATOR = "moderator", _("Moderator")
    SUPPORT = "support", _("Support team")


class UserManager(BaseUserManager):
    def create_user(self, username, password=None, **extra):
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username, password=None, **extra):
        return self.create_user(username, password, is_superuser=True, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A hub staff member: the only kind of account, and the only kind with a password.

    Students never have accounts. A staff member's second factor is a TOTP seed encrypted
    with a key that is not in the database (SAFETY.md requirement 42).
    """

    username = models.CharField(_("username"), max_length=40, unique=True)
    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=20, choices=StaffRole.choices, default=StaffRole.MODERATOR)
    is_active = models.BooleanField(default=True)
    totp_secret_encrypted = models.TextField(blank=True)
    totp_confirmed = models.BooleanField(default=False)
    # The last TOTP time step accepted, so that a code is never accepted twice.
    totp_last_step = models.BigIntegerField(default=0)
    # A one-time setup link given by an admin (SHA-256 of the token) and when it stops
    # working. Empty once the new member has chosen a password.
    setup_token_digest = models.CharField(max_length=64, blank=True, db_index=True)
    setup_expires_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()
    USERNAME_FIELD = "username"

    def __str__(self) -> str:
        return self.username
