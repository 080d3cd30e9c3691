"""A walkout's private crew: pseudonymous members, each holding their own secret link.

Nothing here names or contacts a person. Dates are kept to the day (SAFETY.md requirement 5),
links are kept as SHA-256 digests (requirement 22), and board notes and contact handles are
stored encrypted (crews/crypto.py). A crew is deleted with its walkout.
"""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from walkout.crews import crypto


class Crew(models.Model):
    """The people organising one walkout. It moves to the next walkout of the same school
    when a lead carries it to the campaign's next action."""

    walkout = models.OneToOneField(
        "walkouts.Walkout", on_delete=models.CASCADE, related_name="crew"
    )
    created_day = models.DateField()

    def __str__(self) -> str:
        return f"crew of {self.walkout_id}"


class Member(models.Model):
    """A pseudonym and a link. The organizer opens the crew with the walkout's organizer
    link, so their row has no digest of its own (docs/decisions/0008)."""

    crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="members")
    pseudonym = models.CharField(_("pseudonym"), max_length=40)
    is_lead = models.BooleanField(default=False)
    is_organizer = models.BooleanField(default=False)
    token_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_day = models.DateField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(Lower("pseudonym"), "crew", name="one_pseudonym_per_crew"),
            models.UniqueConstraint(
                fields=["crew"], condition=Q(is_organizer=True), name="one_organizer_per_crew"
            ),
            models.CheckConstraint(
                condition=Q(is_organizer=True, token_digest__isnull=True)
                | Q(is_organizer=False, token_digest__isnull=False),
                name="member_has_exactly_one_kind_of_link",
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym


class Invite(models.Model):
    """An invite link: limited in uses and days; revoking deletes it."""

    crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="invites")
    token_digest = models.CharField(max_length=64, unique=True)
    max_uses = models.PositiveSmallIntegerField()
    uses = models.PositiveSmallIntegerField(default=0)
    expires_day = models.DateField()
    created_day = models.DateField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"invite {self.pk} of crew {self.crew_id}"

    def usable_on(self, day) -> bool:
        return self.uses < self.max_uses and day <= self.expires_day


class RoleKind(models.TextChoices):
    MEDIA = "media", _("Pictures and videos")
    PRESS = "press", _("Press and news tiplines")
    CHANTS = "chants", _("Chants")
    POSTERS = "posters", _("Posters")
    OUTREACH = "outreach", _("Other schools")
    SAFETY = "safety", _("Safety")
    CUSTOM = "custom", _("Other role")


class Role(models.Model):
    """A job in the crew, open until someone holds it."""

    crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=10, choices=RoleKind.choices)
    label = models.CharField(_("role"), max_length=60, blank=True)  # custom roles only
    holder = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="roles"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.label or str(self.get_kind_display())


class PlanStep(models.TextChoices):
    FRIENDS = "friends", _("Tell your friends and invite them to the crew")
    DEMANDS = "demands", _("Agree on your demands")
    CHANTS = "chants", _("Pick your chants")
    POSTERS = "posters", _("Make posters")
    MEDIA = "media", _("Find someone to take pictures and videos")
    PRESS = "press", _("Call news tiplines")
    OUTREACH = "outreach", _("Reach crews at other schools")
    RIGHTS = "rights", _("Everyone reads the know-your-rights card")
    REPORT = "report", _("After the walkout: tell the hub how it went")
    CUSTOM = "custom", _("Your own item")


class ItemState(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("Under way")
    DONE = "done", _("Done")


class PlanItem(models.Model):
    crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="plan_items")
    step = models.CharField(max_length=10, choices=PlanStep.choices)
    text = models.CharField(_("item"), max_length=200, blank=True)  # the crew's own items
    owner = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_items"
    )
    state = models.CharField(max_length=10, choices=ItemState.choices, default=ItemState.TODO)
    created_day = models.DateField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.text or str(self.get_step_display())


class Demand(models.Model):
    """A demand members propose and vote on; adopted ones appear on the public page."""

    crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="demands")
    text = models.CharField(_("demand"), max_length=200)
    adopted = models.BooleanField(default=False)
    created_day = models.DateField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(Lower("text"), "crew", name="one_demand_text_per_crew")
        ]

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="votes")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["demand", "member"], name="one_vote_per_member_and_demand"
            )
        ]

    def __str__(self) -> str:
        return f"vote {self.member_id} for {self.demand_id}"


class IdeaKind(models.TextChoices):
    CHANT = "chant", _("Chant")
    POSTER = "poster", _("Poster idea")


class Idea(models.Model):
    """The crew's own chants and poster ideas (short texts; images come with media)."""

    crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="ideas")
    kind = models.CharField(max_length=10, choices=IdeaKind.choices)
    text = models.CharField(_("text"), max_length=200)
    created_day = models.DateField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class Note(models.Model):
    """A short note or decision on the crew's board; `body` is ciphertext (crews/crypto.py)."""

    crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    body = models.TextField()
    is_decision = models.BooleanField(default=False)
    created_day = models.DateField()

    class Meta:
        ordering = ["-created_day", "-id"]

    def __str__(self) -> str:
        return f"note {self.pk}"

    @property
    def text(self) -> str:
        return crypto.unseal(self.body, context=note_context(self.crew_id))


def note_context(crew_id: int) -> str:
    return f"note:{crew_id}"


class ConnectionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Connected")
    DECLINED = "declined", _("Declined")


class Connection(models.Model):
    """A crew-to-crew request. The handles (ciphertext) are shown only once accepted."""

    from_crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="sent_connections")
    to_crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="received_connections")
    message = models.TextField()
    from_handle = models.TextField()
    to_handle = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ConnectionStatus.choices, default=ConnectionStatus.PENDING
    )
    created_day = models.DateField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["from_crew", "to_crew"], name="one_request_per_pair"),
            models.CheckConstraint(condition=~Q(from_crew=F("to_crew")), name="not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"connection {self.from_crew_id} -> {self.to_crew_id}"

    def context(self, part: str) -> str:
        return f"connection:{self.from_crew_id}:{self.to_crew_id}:{part}"

    def unsealed(self, part: str) -> str:
        """The plaintext of "message", "from_handle" or "to_handle"."""
        value = getattr(self, part)
        return crypto.unseal(value, context=self.context(part)) if value else ""
