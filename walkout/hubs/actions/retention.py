"""Deleting the hub's own records once their retention ends (SAFETY.md decision 6)."""

import datetime

from walkout.hubs.models import AuditEntry


def purge_audit_entries(*, before: datetime.date) -> dict[str, int]:
    """Delete staff audit entries dated before `before`. Returns rows deleted per model."""
    _, deleted = AuditEntry.objects.filter(day__lt=before).delete()
    return {label: n for label, n in deleted.items() if n}
