"""The press kit: a crew's public press contact, and the hub's news tipline directory.

The press contact is public on purpose (it is printed on the media advisory), so it is kept in
clear; the form says so and refuses phone numbers. Tiplines are the public contact points of
news outlets, not of people: the hub's own reference data, kept until the hub removes them.
Crews suggest tiplines; decided suggestions are deleted by the daily purge (press/actions.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PressContact(models.Model):
    """The handle reporters can reach the crew on, chosen by its press role or a lead."""

    crew = models.OneToOneField("crews.Crew", on_delete=models.CASCADE, related_name="press")
    handle = models.CharField(_("press contact"), max_length=60)
    day = models.DateField()

    def __str__(self) -> str:
        return self.handle


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    WEB = "web", _("Web form")


class Language(models.TextChoices):
    EN = "en", _("English")
    ES = "es", _("Spanish")
    BOTH = "both", _("English and Spanish")


class Tipline(models.Model):
    """A news outlet's tipline in one state, for one metro area or the whole state."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="tiplines")
    outlet = models.CharField(_("outlet"), max_length=120)
    state = models.CharField(_("state"), max_length=2, db_index=True)
    # Blank: the outlet covers the whole state.
    metro = models.CharField(_("metro area"), max_length=100, blank=True)
    # The metro's centre, from the school directory's schools in that city (press/actions.py);
    # null for statewide outlets and cities the directory does not know.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    channel = models.CharField(_("how to reach it"), max_length=10, choices=Channel.choices)
    tipline = models.CharField(_("phone, e-mail or web address"), max_length=200)
    language = models.CharField(
        _("language"), max_length=4, choices=Language.choices, default=Language.EN
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Demo rows (walkouts/demo.py) are labelled "demo" wherever they are shown.
    is_demo = models.BooleanField(default=False)
    updated_day = models.DateField()

    class Meta:
        ordering = ["state", "metro", "outlet", "id"]

    def __str__(self) -> str:
        return self.outlet


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Added to the directory")
    REJECTED = "rejected", _("Not added")


class Suggestion(models.Model):
    """A tipline a crew suggests for its hub's directory. The crew is kept only to limit how
    many it sends; the hub sees the outlet, never which crew suggested it."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="+")
    crew = models.ForeignKey(
        "crews.Crew", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outlet = models.CharField(_("outlet"), max_length=120)
    state = models.CharField(_("state"), max_length=2)
    metro = models.CharField(_("metro area"), max_length=100, blank=True)
    channel = models.CharField(_("how to reach it"), max_length=10, choices=Channel.choices)
    tipline = models.CharField(_("phone, e-mail or web address"), max_length=200)
    language = models.CharField(
        _("language"), max_length=4, choices=Language.choices, default=Language.EN
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    day = models.DateField()
    decided_day = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["day", "id"]

    def __str__(self) -> str:
        return self.outlet
