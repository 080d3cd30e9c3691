import datetime

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from walkout.common.tokens import new_public_id


class Campaign(models.Model):
    """A movement, such as "Spring Surge", that publishes calls to act on given days."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="campaigns")
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    # Hub-written text in other languages: {"es": {"name": "...", "summary": "..."}}.
    translations = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return self.name

    def t(self, field: str) -> str:
        return translated(self, field)


class ActionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for walkouts")
    CLOSED = "closed", _("Closed")


class Action(models.Model):
    """One dated call of a campaign: "Walk out Friday, February 13, 2PM local time".

    The time is a wall-clock time; each walkout's instant comes from its school's time zone.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="actions")
    public_id = models.CharField(max_length=20, unique=True, default=new_public_id)
    slug = models.SlugField()
    title = models.CharField(_("title"), max_length=160)
    date = models.DateField(_("date"))
    local_time = models.TimeField(_("local time"), default=datetime.time(14, 0))
    call_text = models.TextField(_("call"), max_length=4000)
    demands = models.TextField(
        _("demands"), max_length=4000, blank=True, help_text=_("One a line.")
    )
    chants = models.TextField(_("chants"), max_length=4000, blank=True, help_text=_("One a line."))
    resources = models.TextField(_("resources"), max_length=4000, blank=True)
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.DRAFT
    )
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "slug"], name="action_slug_per_campaign")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.title}"

    def t(self, field: str) -> str:
        return translated(self, field)

    def lines(self, field: str) -> list[str]:
        return [line.strip() for line in self.t(field).splitlines() if line.strip()]


def translated(obj, field: str) -> str:
    """The hub's text for `field` in the active language, else the original."""
    language = (translation.get_language() or "en").split("-")[0]
    value = (obj.translations or {}).get(language, {}).get(field)
    return value or getattr(obj, field)
