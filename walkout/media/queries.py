"""Reusable reads of media, and every rule of who sees which photo or video.

Public: approved media of an approved walkout whose start time has passed (the embargo:
nothing from a walkout is public before it begins). Nothing public names an uploader: the
link to a crew member is cut at submission (actions.submit).
"""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from walkout.media.models import UNSUBMITTED, MediaFile, MediaItem, MediaState
from walkout.walkouts.models import WalkoutStatus

GALLERY_LIMIT = 48


def visible_items(now=None) -> QuerySet[MediaItem]:
    """The only way to list media publicly."""
    return MediaItem.objects.filter(
        state=MediaState.APPROVED,
        walkout__status=WalkoutStatus.APPROVED,
        walkout__starts_at__lte=now or timezone.now(),
    )


def _with_files(items: QuerySet[MediaItem]) -> QuerySet[MediaItem]:
    return items.prefetch_related(Prefetch("files", queryset=MediaFile.objects.order_by("id")))


def walkout_gallery(walkout) -> list[MediaItem]:
    if walkout.status != WalkoutStatus.APPROVED or walkout.starts_at > timezone.now():
        return []  # the embargo, without a query: the page before the day costs nothing more
    items = visible_items().filter(walkout=walkout).order_by("-id")
    return list(_with_files(items)[:GALLERY_LIMIT])


def campaign_gallery(campaign) -> list[MediaItem]:
    items = (
        visible_items()
        .filter(walkout__action__campaign=campaign)
        .select_related("walkout__school")
        .order_by("-id")
    )
    return list(_with_files(items)[:GALLERY_LIMIT])


def visible_file(name: str) -> MediaFile | None:
    items = visible_items().values("pk")
    return MediaFile.objects.filter(filename=name, item__in=items).first()


def open_uploads(member) -> QuerySet[MediaItem]:
    """A member's own unsubmitted uploads (nobody else's, not even a lead's)."""
    return MediaItem.objects.filter(member=member, state__in=UNSUBMITTED).order_by("id")


def own_upload(member, public_id: str) -> MediaItem | None:
    return open_uploads(member).filter(public_id=public_id).first()


def sent_count(walkout) -> dict[str, int]:
    """How many of the walkout's uploads await the hub and how many are published."""
    counts = {"submitted": 0, "approved": 0}
    rows = MediaItem.objects.filter(
        walkout=walkout, state__in=[MediaState.SUBMITTED, MediaState.APPROVED]
    ).values_list("state", flat=True)
    for state in rows:
        counts[state] += 1
    return counts


def hub_queue(hub) -> QuerySet[MediaItem]:
    """Submitted media of the hub's walkouts, oldest first, with their files."""
    return _with_files(
        MediaItem.objects.filter(
            state=MediaState.SUBMITTED, walkout__action__campaign__hub=hub
        ).select_related("walkout__school", "walkout__action")
    ).order_by("id")


def hub_item(hub, public_id: str) -> MediaItem | None:
    return (
        MediaItem.objects.filter(
            public_id=public_id,
            state__in=[MediaState.SUBMITTED, MediaState.APPROVED],
            walkout__action__campaign__hub=hub,
        )
        .select_related("walkout__school")
        .first()
    )


def hub_file(hub, name: str) -> MediaFile | None:
    """A submitted or approved file of the hub's walkouts, for moderators."""
    return MediaFile.objects.filter(
        filename=name,
        item__state__in=[MediaState.SUBMITTED, MediaState.APPROVED],
        item__walkout__action__campaign__hub=hub,
    ).first()
