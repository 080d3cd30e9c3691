"""Writes of the hub. This module holds the audit trail every staff write goes through;
moderation.py and support.py hold the hub's writes about walkouts."""

from django.utils import timezone

from walkout.hubs.models import AuditEntry


def record_audit(*, staff, verb: str, obj) -> AuditEntry:
    """Note that `staff` did `verb` to `obj`, dated to the day (requirement 39)."""
    object_id = getattr(obj, "public_id", None) or str(obj.pk)
    return AuditEntry.objects.create(
        staff=staff,
        verb=verb,
        object_kind=obj._meta.model_name,
        object_id=object_id,
        day=timezone.now().date(),
    )
