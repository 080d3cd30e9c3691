"""Repercussion reports and the support team's keys (docs/decisions/0004-encrypted-reports.md).

A report row holds only what SAFETY.md requirement 19 allows: a random id, the day, the
ciphertext, the recipient key ids, the status. School, walkout, what happened and how to reach
the reporter live inside the ciphertext. Counts a reporter agreed to share (state and type)
go to ReportTally, which has no link to any report.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KeyState(models.TextChoices):
    PENDING = "pending", _("Waiting for an admin")
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class SupportKey(models.Model):
    """A support member's public key. The private key was made in their browser and reaches
    the server, if at all, only wrapped with their passphrase (`wrapped_private`)."""

    kid = models.CharField(max_length=22, unique=True)
    public_key = models.CharField(max_length=90)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    # The key file, encrypted with the owner's passphrase (PBKDF2-SHA256 + AES-256-GCM), when
    # the owner chose to keep a copy here; empty when it lives only on their device.
    wrapped_private = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=KeyState.choices, default=KeyState.PENDING)
    created_day = models.DateField()
    changed_day = models.DateField()

    class Meta:
        ordering = ["-created_day", "-id"]

    def __str__(self) -> str:
        return self.kid


class KeyList(models.Model):
    """One version of the recipient key list, exactly as the offline root key signed it."""

    version = models.PositiveIntegerField(unique=True)
    body = models.TextField()
    signature = models.CharField(max_length=90)
    imported_day = models.DateField()

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"key list v{self.version}"


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class Report(models.Model):
    """One repercussion report: ciphertext only (SAFETY.md requirements 13 to 19)."""

    public_id = models.CharField(max_length=43, unique=True)
    day = models.DateField()
    envelope = models.TextField()
    recipient_key_ids = models.JSONField(default=list)
    status = models.CharField(max_length=12, choices=CaseStatus.choices, default=CaseStatus.NEW)
    status_day = models.DateField()
    # The day the case was closed, for the retention purge (90 days later by default).
    closed_day = models.DateField(null=True, blank=True)
    case_code_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return self.public_id


class EntryKind(models.TextChoices):
    REPORTER = "reporter", _("More from the reporter")
    NOTE = "note", _("Support team note")


class CaseEntry(models.Model):
    """More information from the reporter, or a note of the support team: ciphertext too."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="entries")
    public_id = models.CharField(max_length=43, unique=True)
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    day = models.DateField()
    envelope = models.TextField()
    recipient_key_ids = models.JSONField(default=list)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.public_id


class ReportTally(models.Model):
    """Aggregate counts a reporter explicitly agreed to share: a state and a type, no date."""

    state = models.CharField(max_length=2)
    kind = models.CharField(max_length=20)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["state", "kind"], name="cases_tally_state_kind")
        ]

    def __str__(self) -> str:
        return f"{self.state} {self.kind} {self.count}"
