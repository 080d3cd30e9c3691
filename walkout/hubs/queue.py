"""The one moderation queue, as a list of item kinds.

Walkouts are the only kind today. After-action summaries, media and tipline suggestions
join by adding a QueueKind: its items awaiting review, those waiting for their author, the
signals for one page of items, and the template of one item.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from walkout.hubs import queries, review


@dataclass(frozen=True)
class QueueKind:
    key: str
    label: Promise
    to_review: Callable[..., QuerySet]
    waiting: Callable[..., QuerySet]
    signals: Callable[[list], dict]
    template: str


KINDS = [
    QueueKind(
        key="walkouts",
        label=_("Walkouts"),
        to_review=queries.review_queue,
        waiting=queries.waiting_for_changes,
        signals=review.signals_for,
        template="hubs/_queue_walkout.html",
    ),
]


def kind_named(key: str) -> QueueKind:
    return next((kind for kind in KINDS if kind.key == key), KINDS[0])
