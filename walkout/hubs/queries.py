"""Reads for the hub console. Every read is limited to the staff member's own hub (`hub` is a
Hub or its id: views pass `request.user.hub_id`, which costs no query)."""

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from walkout.campaigns.models import Action, Campaign
from walkout.crews.queries import with_crew_size
from walkout.hubs.models import Announcement, AuditEntry, ChangeRequest, Feature, SupportMessage
from walkout.people.models import User
from walkout.walkouts.models import Walkout, WalkoutStatus


def hub_walkouts(hub) -> QuerySet[Walkout]:
    """Every walkout answering one of the hub's actions, in any state.

    Filtered by a subquery of the hub's action ids rather than a join through campaigns, so
    counting and paging 30,000 walkouts touches the walkouts table alone.
    """
    actions = Action.objects.filter(campaign__hub=hub).values("id")
    return Walkout.objects.filter(action_id__in=actions).select_related(
        "school", "action__campaign"
    )


def review_queue(hub) -> QuerySet[Walkout]:
    """Walkouts awaiting review, oldest first, except those sent back for changes; each
    with its crew's size (crews.queries.with_crew_size), never what the crew wrote."""
    return with_crew_size(
        hub_walkouts(hub)
        .filter(status=WalkoutStatus.PENDING)
        .exclude(Exists(ChangeRequest.objects.filter(walkout=OuterRef("pk"))))
        .order_by("created_day", "id")
    )


def waiting_for_changes(hub) -> QuerySet[Walkout]:
    """Walkouts awaiting review whose organizer was asked to change something."""
    return with_crew_size(
        hub_walkouts(hub)
        .filter(status=WalkoutStatus.PENDING, change_request__isnull=False)
        .select_related("change_request")
        .order_by("change_request__day", "id")
    )


def position_in_queue(queue: QuerySet[Walkout], walkout: Walkout) -> int:
    """How many items come before `walkout` in the (created_day, id) order of the queue."""
    before = Q(created_day__lt=walkout.created_day) | Q(
        created_day=walkout.created_day, id__lt=walkout.id
    )
    return queue.filter(before).count()


def next_in_queue(queue: QuerySet[Walkout], after: Walkout) -> Walkout | None:
    """The item after `after` in the queue, else the first one (the queue wraps around)."""
    later = Q(created_day__gt=after.created_day) | Q(created_day=after.created_day, id__gt=after.id)
    return queue.filter(later).first() or queue.exclude(pk=after.pk).first()


def console_walkouts(
    hub, *, action=None, status: str = "", state: str = "", featured: bool = False
) -> QuerySet[Walkout]:
    """The console's list of walkouts, filtered; newest registrations first."""
    walkouts = hub_walkouts(hub).annotate(
        featured=Exists(Feature.objects.filter(walkout=OuterRef("pk")))
    )
    if action is not None:
        walkouts = walkouts.filter(action=action)
    if status:
        walkouts = walkouts.filter(status=status)
    if state:
        walkouts = walkouts.filter(school__state=state)
    if featured:
        walkouts = walkouts.filter(featured=True)
    return walkouts.order_by("-created_day", "-id")


def hub_walkout(hub, public_id: str) -> Walkout | None:
    return (
        hub_walkouts(hub)
        .select_related("change_request", "feature", "merge__kept")
        .filter(public_id=public_id)
        .first()
    )


def thread(walkout: Walkout) -> list[SupportMessage]:
    return list(SupportMessage.objects.filter(walkout=walkout).order_by("id"))


def support_threads(hub, *, waiting_only: bool) -> QuerySet[Walkout]:
    """Walkouts whose organizers wrote to the hub, the latest message first.

    `waiting_only`: those whose last message is the organizer's (the hub has not answered).
    """
    messages = SupportMessage.objects.filter(walkout=OuterRef("pk")).order_by("-id")
    threads = (
        hub_walkouts(hub)
        .filter(Exists(SupportMessage.objects.filter(walkout=OuterRef("pk"))))
        .annotate(
            last_message_id=Subquery(messages.values("id")[:1], output_field=IntegerField()),
            last_from_hub=Subquery(messages.values("from_hub")[:1], output_field=BooleanField()),
            last_day=Subquery(messages.values("day")[:1]),
            last_body=Subquery(messages.values("body")[:1]),
        )
        .order_by("-last_message_id")
    )
    return threads.filter(last_from_hub=False) if waiting_only else threads


def hub_actions(hub) -> QuerySet[Action]:
    return (
        Action.objects.filter(campaign__hub=hub)
        .select_related("campaign")
        .order_by("-date", "campaign__name", "title")
    )


def campaigns_with_actions(hub) -> list[Campaign]:
    """The hub's campaigns, each with its actions and their walkout counts per status."""
    counted = Action.objects.annotate(
        pending=Count("walkouts", filter=Q(walkouts__status=WalkoutStatus.PENDING)),
        approved=Count("walkouts", filter=Q(walkouts__status=WalkoutStatus.APPROVED)),
    ).order_by("-date")
    return list(
        Campaign.objects.filter(hub=hub)
        .prefetch_related(Prefetch("actions", queryset=counted))
        .order_by("name")
    )


def announcements(hub) -> QuerySet[Announcement]:
    return Announcement.objects.filter(action__campaign__hub=hub).select_related("action__campaign")


def announcements_for(action: Action) -> list[Announcement]:
    return list(Announcement.objects.filter(action=action))


def staff_of(hub) -> QuerySet[User]:
    return User.objects.filter(hub=hub).order_by("-is_active", "username")


def audit_entries(hub, *, staff_id: int | None = None, verb: str = "") -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(staff__hub=hub).select_related("staff")
    if staff_id:
        entries = entries.filter(staff_id=staff_id)
    if verb:
        entries = entries.filter(verb=verb)
    return entries.order_by("-day", "-id")
