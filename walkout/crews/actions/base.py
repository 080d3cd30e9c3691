"""What every crew write shares: its errors, its limits and small helpers."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from walkout.crews.models import (
    PlanStep,
    RoleKind,
)

MAX_MEMBERS = 150
MAX_INVITES = 10
MAX_ROLES = 24
MAX_PLAN_ITEMS = 40
MAX_DEMANDS = 40
MAX_IDEAS = 100
MAX_NOTES = 200
MAX_REQUESTS = 30
STANDARD_ROLES = [
    RoleKind.MEDIA,
    RoleKind.PRESS,
    RoleKind.CHANTS,
    RoleKind.POSTERS,
    RoleKind.OUTREACH,
    RoleKind.SAFETY,
]
STANDARD_STEPS = [step for step in PlanStep if step != PlanStep.CUSTOM]


class CrewError(Exception):
    """A write refused for a reason the person can act on; str() is translated.

    `field` names the form field the reason belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class CrewForbidden(CrewError):
    """The acting member may not do this (not a lead, not their note...)."""


def _today() -> datetime.date:
    return timezone.now().date()


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _require(allowed: bool) -> None:
    if not allowed:
        raise CrewForbidden(_("Only crew leads can do this."))


def _below(count: int, limit: int) -> None:
    if count >= limit:
        raise CrewError(_("Your crew has reached the limit for this list. Remove something first."))
