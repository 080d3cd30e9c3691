from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from walkout.common.tokens import new_public_id


class SchoolKind(models.TextChoices):
    MIDDLE = "middle", _("Middle school")
    HIGH = "high", _("High school")
    COLLEGE = "college", _("College or university")
    OTHER = "other", _("Other school")


class SchoolSource(models.TextChoices):
    NCES_PUBLIC = "nces_public", _("NCES public schools")
    NCES_PRIVATE = "nces_private", _("NCES private schools")
    NCES_COLLEGE = "nces_college", _("NCES postsecondary")
    STUDENT = "student", _("Added by a student")
    DEMO = "demo", _("Demo data")


class School(models.Model):
    """A school in the directory. Its time zone comes from its coordinates, not its ZIP."""

    name = models.CharField(_("name"), max_length=200)
    normalized_name = models.CharField(max_length=200, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=SchoolKind.choices)
    city = models.CharField(_("city"), max_length=100)
    state = models.CharField(_("state"), max_length=2, db_index=True)
    zip_code = models.CharField(_("ZIP code"), max_length=5, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    timezone = models.CharField(max_length=64)
    source = models.CharField(max_length=20, choices=SchoolSource.choices)
    # The official directory id (NCESSCH, PPIN or UNITID) for imported schools.
    official_id = models.CharField(max_length=20, null=True, blank=True, unique=True)
    # Student-added schools are hidden from the directory until a moderator approves a
    # walkout there, so a troll cannot seed the directory with fake schools.
    confirmed = models.BooleanField(default=True)

    class Meta:
        ordering = ["state", "city", "name"]
        indexes = [
            models.Index(fields=["zip_code", "normalized_name"]),
            # The near-me bounding box (walkouts/nearby.py) reads this range first.
            models.Index(fields=["latitude", "longitude"], name="school_location"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}, {self.state}"


class WalkoutStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
    CANCELLED = "cancelled", _("Cancelled")


class Walkout(models.Model):
    """One school's participation in one action.

    Nothing here names or contacts a person: the organizer is a pseudonym holding a secret
    link, of which only the SHA-256 digest is kept.
    """

    public_id = models.CharField(max_length=20, unique=True, default=new_public_id)
    action = models.ForeignKey(
        "campaigns.Action", on_delete=models.PROTECT, related_name="walkouts"
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="walkouts")
    starts_at = models.DateTimeField(db_index=True)
    timezone = models.CharField(max_length=64)
    description = models.TextField(_("description"), max_length=1000)
    organizer_pseudonym = models.CharField(_("organizer pseudonym"), max_length=40)
    # Only the organizers ever see these two (never on a public page, list, feed or API).
    meeting_spot = models.CharField(_("meeting spot"), max_length=300, blank=True)
    organizer_notes = models.TextField(_("notes for organizers"), max_length=2000, blank=True)
    status = models.CharField(
        max_length=10, choices=WalkoutStatus.choices, default=WalkoutStatus.PENDING, db_index=True
    )
    rejection_reason = models.CharField(max_length=500, blank=True)
    trusted = models.BooleanField(default=False)
    organizer_token_digest = models.CharField(max_length=64, unique=True)
    created_day = models.DateField()

    class Meta:
        ordering = ["starts_at", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "school"],
                condition=Q(status="approved"),
                name="one_approved_walkout_per_school_and_action",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.action}"

    @property
    def is_public(self) -> bool:
        return self.status == WalkoutStatus.APPROVED


class WalkoutTally(models.Model):
    """How many approved walkouts an action had in one state and time zone, kept after the
    walkouts themselves are deleted (SAFETY.md decision 6: aggregate counts survive).

    Written only when walkouts are deleted (the purge, or an organizer deleting a walkout
    after its day); public counts add these to the walkouts still stored.
    """

    action = models.ForeignKey(
        "campaigns.Action", on_delete=models.CASCADE, related_name="walkout_tallies"
    )
    state = models.CharField(max_length=2)
    timezone = models.CharField(max_length=64)
    walkouts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "state", "timezone"], name="one_tally_per_action_state_zone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.state} {self.timezone}: {self.walkouts}"
