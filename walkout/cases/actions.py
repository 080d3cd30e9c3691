"""Every write of the cases app: reports, their entries, support keys, key lists, the purge.

Plaintext passes through here only on the no-JavaScript path (`seal_on_server`), in memory,
inside functions whose variables Django's error reports leave out (`sensitive_variables`);
nothing here logs. Staff writes go through hubs' audit trail (requirement 39).
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from walkout.cases import crypto, keyring
from walkout.cases.models import (
    CaseEntry,
    CaseStatus,
    EntryKind,
    KeyList,
    KeyState,
    Report,
    ReportTally,
    SupportKey,
)
from walkout.common import tokens
from walkout.hubs.actions import record_audit

MAX_ENVELOPE_CHARS = 120_000


class CaseError(ValueError):
    """A write refused; the message is for the person who tried it."""


BAD_ENVELOPE = _("This report could not be read: it was changed on the way. Nothing was saved.")
LIST_CHANGED = _(
    "The support team's keys changed while you were writing. Nothing was saved: "
    "send it again, your text is still here."
)


def _today() -> datetime.date:
    return timezone.now().date()


def check_envelope(raw: str, recipients: keyring.Recipients) -> dict:
    """An envelope sealed to exactly the keys that may receive reports now, or CaseError."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_ENVELOPE_CHARS:
        raise CaseError(BAD_ENVELOPE)
    try:
        envelope = crypto.parse_envelope(raw)
    except crypto.CryptoError as error:
        raise CaseError(BAD_ENVELOPE) from error
    kids = {recipient["kid"] for recipient in envelope["recipients"]}
    if envelope["list"] != recipients.version or kids != set(recipients.keys):
        raise CaseError(LIST_CHANGED)
    return envelope


@sensitive_variables("message")
def seal_on_server(message: dict, recipients: keyring.Recipients) -> dict:
    """The no-JavaScript path: seal in memory, to the same keys the browser would use."""
    try:
        return crypto.seal_envelope(
            message,
            item_id=crypto.new_item_id(),
            list_version=recipients.version,
            recipients=recipients.keys,
        )
    except crypto.CryptoError as error:
        raise CaseError(_("This report is too long. Nothing was saved.")) from error


def _count_for_stats(state: str, kind: str) -> None:
    tally, _created = ReportTally.objects.get_or_create(state=state, kind=kind)
    ReportTally.objects.filter(pk=tally.pk).update(count=F("count") + 1)


def file_report(envelope: dict, *, stats: tuple[str, str] | None = None) -> tuple[Report, str]:
    """Store a checked envelope as a new case; return it with its case code (shown once)."""
    code, code_hash = tokens.new_token()
    today = _today()
    try:
        with transaction.atomic():
            report = Report.objects.create(
                public_id=envelope["id"],
                day=today,
                status_day=today,
                envelope=crypto.json_text(envelope),
                recipient_key_ids=sorted(r["kid"] for r in envelope["recipients"]),
                case_code_hash=code_hash,
            )
            if stats:
                _count_for_stats(*stats)
    except IntegrityError as error:  # an id sent twice
        raise CaseError(BAD_ENVELOPE) from error
    return report, code


def add_entry(report: Report, envelope: dict, *, kind: str, staff=None) -> CaseEntry:
    try:
        with transaction.atomic():
            entry = CaseEntry.objects.create(
                report=report,
                public_id=envelope["id"],
                kind=kind,
                day=_today(),
                envelope=crypto.json_text(envelope),
                recipient_key_ids=sorted(r["kid"] for r in envelope["recipients"]),
            )
            if staff is not None:
                record_audit(staff=staff, verb="case_note", obj=report)
    except IntegrityError as error:
        raise CaseError(BAD_ENVELOPE) from error
    return entry


def set_status(report: Report, status: str, *, staff) -> Report:
    if status not in CaseStatus.values:
        raise CaseError(_("Choose a status from the list."))
    if status == report.status:
        return report
    today = _today()
    report.status = status
    report.status_day = today
    report.closed_day = today if status == CaseStatus.CLOSED else None
    with transaction.atomic():
        report.save(update_fields=["status", "status_day", "closed_day"])
        record_audit(staff=staff, verb=f"case_{status}", obj=report)
    return report


# --- Support keys --------------------------------------------------------------------------------


def add_support_key(*, owner, public_key: str, wrapped: str = "") -> SupportKey:
    """A key made in `owner`'s browser: its public half, and maybe its passphrase-wrapped file."""
    try:
        raw = crypto.b64d(public_key)
        crypto.load_public(raw)
    except crypto.CryptoError as error:
        raise CaseError(_("This is not a public key made by the key page.")) from error
    kid = crypto.key_id(raw)
    if wrapped:
        try:
            key_file = crypto.parse_key_file(wrapped)
        except crypto.CryptoError as error:
            raise CaseError(_("The wrapped key file is damaged. Nothing was saved.")) from error
        if key_file["kid"] != kid:
            raise CaseError(_("The wrapped key file is for another key. Nothing was saved."))
        wrapped = crypto.json_text(key_file)
    if SupportKey.objects.filter(kid=kid).exists():
        raise CaseError(_("This key is already registered."))
    today = _today()
    with transaction.atomic():
        key = SupportKey.objects.create(
            kid=kid,
            public_key=crypto.b64e(raw),
            owner=owner,
            wrapped_private=wrapped,
            created_day=today,
            changed_day=today,
        )
        record_audit(staff=owner, verb="key_added", obj=key)
    return key


def activate_key(key: SupportKey, *, staff) -> SupportKey:
    if key.state != KeyState.PENDING:
        raise CaseError(_("Only a key waiting for an admin can be activated."))
    return _set_key_state(key, KeyState.ACTIVE, staff=staff, verb="key_activated")


def revoke_key(key: SupportKey, *, staff) -> SupportKey:
    """At once: a revoked key gets no new report, even while the signed list still names it."""
    if key.state == KeyState.REVOKED:
        raise CaseError(_("This key is already revoked."))
    return _set_key_state(key, KeyState.REVOKED, staff=staff, verb="key_revoked")


def _set_key_state(key, state, *, staff, verb) -> SupportKey:
    key.state = state
    key.changed_day = _today()
    with transaction.atomic():
        key.save(update_fields=["state", "changed_day"])
        record_audit(staff=staff, verb=verb, obj=key)
    return key


def export_key_list(*, days: int, now=None) -> bytes:
    """The next key list to sign offline: every active key, valid `days` days from now."""
    if not 1 <= days <= 366:
        raise CaseError("The list must be valid for 1 to 366 days.")
    now = now or timezone.now()
    newest = keyring.newest_list()
    keys = [
        {
            "public": key.public_key,
            "not_before": now - datetime.timedelta(days=1),
            "not_after": now + datetime.timedelta(days=365),
        }
        for key in SupportKey.objects.filter(state=KeyState.ACTIVE).order_by("id")
    ]
    if not keys:
        raise CaseError("No active support key: activate at least one (two are better) first.")
    return crypto.list_body(
        version=(newest.version + 1) if newest else 1,
        not_after=now + datetime.timedelta(days=days),
        keys=keys,
    )


def import_key_list(body: bytes, signature: str) -> KeyList:
    """Store a signed list after checking it against the pinned root key, newest version only."""
    root = keyring.root_public_key()
    if root is None:
        raise CaseError("No root public key is configured (WALKOUT_REPORT_ROOT_KEY).")
    try:
        data = crypto.verify_list(body, signature, root)
    except crypto.CryptoError as error:
        raise CaseError(f"The key list does not verify: {error}.") from error
    newest = keyring.newest_list()
    if newest is not None and data["version"] <= newest.version:
        raise CaseError(f"Version {data['version']} is not newer than v{newest.version}.")
    return KeyList.objects.create(
        version=data["version"], body=body.decode(), signature=signature, imported_day=_today()
    )


# --- Retention ---------------------------------------------------------------------------


def purge_reports(*, today: datetime.date | None = None) -> dict[str, int]:
    """Delete cases closed WALKOUT_RETAIN_CLOSED_CASE_DAYS ago, and every case older than
    WALKOUT_RETAIN_CASE_MAX_DAYS whatever its status, with their entries (SAFETY.md decision 6).
    The consented counts (ReportTally) have no link to a case and stay."""
    today = today or _today()
    closed_before = today - datetime.timedelta(days=settings.WALKOUT_RETAIN_CLOSED_CASE_DAYS)
    filed_before = today - datetime.timedelta(days=settings.WALKOUT_RETAIN_CASE_MAX_DAYS)
    expired = Report.objects.filter(Q(closed_day__lte=closed_before) | Q(day__lte=filed_before))
    _total, per_model = expired.delete()
    labels = {"cases.Report": "cases", "cases.CaseEntry": "case entries"}
    return {labels[name]: n for name, n in per_model.items() if n and name in labels}


# Entry kinds for the views.
REPORTER = EntryKind.REPORTER
NOTE = EntryKind.NOTE
