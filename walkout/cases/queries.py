"""Reads of the cases app and who sees what."""

from django.db.models import Count, QuerySet

from walkout.cases.models import CaseEntry, KeyState, Report, ReportTally, SupportKey
from walkout.common import tokens


def report_by_code(code: str) -> Report | None:
    """The reporter's case, by the case code; None for a wrong, malformed or purged one."""
    if not tokens.well_formed(code):
        return None
    return Report.objects.filter(case_code_hash=tokens.digest(code)).first()


def case_list(status: str = "") -> QuerySet[Report]:
    cases = Report.objects.annotate(entry_count=Count("entries")).order_by("-day", "-id")
    if status:
        cases = cases.filter(status=status)
    return cases.only("public_id", "day", "status", "status_day", "recipient_key_ids")


def case(public_id: str) -> Report | None:
    return Report.objects.filter(public_id=public_id).first()


def entries(report: Report) -> QuerySet[CaseEntry]:
    return report.entries.order_by("id")


def support_keys() -> QuerySet[SupportKey]:
    return SupportKey.objects.select_related("owner").order_by("state", "-created_day", "-id")


def support_key(kid: str) -> SupportKey | None:
    return SupportKey.objects.filter(kid=kid).first()


def keys_of(user) -> QuerySet[SupportKey]:
    return SupportKey.objects.filter(owner=user).exclude(state=KeyState.REVOKED)


def active_key_count() -> int:
    return SupportKey.objects.filter(state=KeyState.ACTIVE).count()


def tallies() -> list[tuple[str, str, int]]:
    return list(ReportTally.objects.order_by("state", "kind").values_list("state", "kind", "count"))
