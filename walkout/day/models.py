"""The day of the walkout and after: legal and emergency contacts the hub configures, a
crew's "we're out" check-in, and its after-action report ("How it went").

Nothing here names or contacts a student. Dates are kept to the day (SAFETY.md requirement
5). A check-in and a report die with their walkout (on_delete=CASCADE), so the walkout purge
takes them along. The report's free texts are stored encrypted like crew board notes
(crews/crypto.py); only a summary the hub approved is ever public.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from walkout.crews import crypto


class ContactKind(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    LEGAL_AID = "legal_aid", _("Legal aid")
    EMERGENCY = "emergency", _("Emergency")


class LegalContact(models.Model):
    """An organization students can call: a hotline, local legal aid, an emergency line.

    Configured by hub staff for one state, or for the whole country (state blank). These are
    organizations, never people. Demo data may add rows only with `demo` set; pages mark them.
    """

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="legal_contacts")
    state = models.CharField(_("state"), max_length=2, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    url = models.URLField(_("web address"), max_length=300, blank=True)
    languages = models.CharField(_("languages"), max_length=80, blank=True)
    hours = models.CharField(_("hours"), max_length=120, blank=True)
    active = models.BooleanField(_("shown to students"), default=True)
    demo = models.BooleanField(default=False)
    created_day = models.DateField()

    class Meta:
        ordering = ["state", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.state or 'US'})"


class CheckinState(models.TextChoices):
    OUT = "out", _("We're out")
    DONE = "done", _("Done")


class Turnout(models.TextChoices):
    """A range, never an exact count: crews guess, and a range is what the stats need."""

    UP_TO_10 = "1-10", _("1 to 10")
    UP_TO_50 = "10-50", _("10 to 50")
    UP_TO_100 = "50-100", _("50 to 100")
    UP_TO_250 = "100-250", _("100 to 250")
    UP_TO_500 = "250-500", _("250 to 500")
    OVER_500 = "500+", _("More than 500")


# The least each range means, for "at least N students" on the live page and in the stats.
TURNOUT_FLOOR = {
    Turnout.UP_TO_10: 1,
    Turnout.UP_TO_50: 10,
    Turnout.UP_TO_100: 50,
    Turnout.UP_TO_250: 100,
    Turnout.UP_TO_500: 250,
    Turnout.OVER_500: 500,
}


class Checkin(models.Model):
    """ "We're out", then "done": one row per walkout, moved forward by its crew."""

    walkout = models.OneToOneField(
        "walkouts.Walkout", on_delete=models.CASCADE, related_name="checkin"
    )
    state = models.CharField(max_length=4, choices=CheckinState.choices)
    turnout = models.CharField(max_length=8, choices=Turnout.choices, blank=True)
    day = models.DateField()

    def __str__(self) -> str:
        return f"{self.walkout_id} {self.state}"


class SummaryStatus(models.TextChoices):
    NONE = "none", _("Not asked for")
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Shown on the walkout page")
    REJECTED = "rejected", _("Not approved")


class Report(models.Model):
    """A crew's after-action report. `happened` and `next_steps` are ciphertext; `summary`
    is the text the crew asks to show publicly, shown only once the hub approves it."""

    walkout = models.OneToOneField(
        "walkouts.Walkout", on_delete=models.CASCADE, related_name="report"
    )
    turnout = models.CharField(max_length=8, choices=Turnout.choices, blank=True)
    happened = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    coverage = models.JSONField(default=list, blank=True)
    summary = models.TextField(max_length=600, blank=True)
    summary_status = models.CharField(
        max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.NONE, db_index=True
    )
    summary_reason = models.CharField(max_length=300, blank=True)
    day = models.DateField()

    def __str__(self) -> str:
        return f"report of {self.walkout_id}"

    def context(self, part: str) -> str:
        return f"report:{self.walkout_id}:{part}"

    def unsealed(self, part: str) -> str:
        """The plaintext of "happened" or "next_steps"."""
        value = getattr(self, part)
        return crypto.unseal(value, context=self.context(part)) if value else ""
