from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Hub(models.Model):
    """An organization that publishes calls and moderates the walkouts answering them."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)

    def __str__(self) -> str:
        return self.name


class AuditEntry(models.Model):
    """One staff action (SAFETY.md requirement 39). Staff are audited; students are not.

    The date is kept to the day, and nothing about the request (address, browser) is stored.
    """

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    verb = models.CharField(max_length=40)
    # What the object is ("walkout", "user", "action", ...) and its id (public id if it has one).
    object_kind = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64)
    day = models.DateField()

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.day} {self.staff_id} {self.verb} {self.object_id}"


# --- The hub's dealings with walkouts. Each row dies with its walkout (on_delete=CASCADE), so
# the retention purge of walkouts takes them along. Dates are days (SAFETY.md requirement 5).


class SupportMessage(models.Model):
    """One message of the thread between a walkout's organizers and the hub.

    Organizers write through their secret link; the hub answers in the console. Which staff
    member answered is in the audit log, not here: organizers see "the hub".
    """

    walkout = models.ForeignKey(
        "walkouts.Walkout", on_delete=models.CASCADE, related_name="support_messages"
    )
    from_hub = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=2000)
    day = models.DateField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.day} {'hub' if self.from_hub else 'organizer'}"


class Announcement(models.Model):
    """A message from the hub to the organizers of every walkout answering one action."""

    action = models.ForeignKey(
        "campaigns.Action", on_delete=models.CASCADE, related_name="announcements"
    )
    body = models.TextField(_("announcement"), max_length=2000)
    # {"es": {"body": "..."}}, as campaigns keep hub-written text in other languages.
    translations = models.JSONField(default=dict, blank=True)
    day = models.DateField()

    class Meta:
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return f"{self.day} {self.action_id}"

    def t(self, field: str) -> str:
        from walkout.campaigns.models import translated

        return translated(self, field)


class Feature(models.Model):
    """A walkout the hub boosts: listed among the featured walkouts on its action's page
    (while it is approved)."""

    walkout = models.OneToOneField(
        "walkouts.Walkout", on_delete=models.CASCADE, related_name="feature"
    )
    day = models.DateField()

    def __str__(self) -> str:
        return f"feature {self.walkout_id}"


class ChangeRequest(models.Model):
    """A moderator asked the organizer to change something before approval.

    The walkout stays pending but leaves the review list until its organizer edits it.
    """

    walkout = models.OneToOneField(
        "walkouts.Walkout", on_delete=models.CASCADE, related_name="change_request"
    )
    message = models.CharField(_("what to change"), max_length=500)
    day = models.DateField()

    def __str__(self) -> str:
        return f"changes asked {self.walkout_id}"


class Merge(models.Model):
    """A duplicate walkout (rejected) merged into another at the same school and action; its
    organizer is pointed to the kept walkout's public page."""

    walkout = models.OneToOneField(
        "walkouts.Walkout", on_delete=models.CASCADE, related_name="merge"
    )
    kept = models.ForeignKey("walkouts.Walkout", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    def __str__(self) -> str:
        return f"{self.walkout_id} merged into {self.kept_id}"
