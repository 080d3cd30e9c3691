"""Which support keys a report may be sealed to, right now (SAFETY.md requirements 16, 17).

The recipient list comes from the newest key list signed by the hub's root key, checked
against the root public key pinned in the deployment's settings (WALKOUT_REPORT_ROOT_KEY, or
the file WALKOUT_REPORT_ROOT_KEY_FILE), never from the database alone. The database can only
take keys away: a listed key whose row is not active (revoked by an admin, or unknown) gets
nothing. So whoever can write to the database cannot add a key of their own.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from walkout.cases import crypto
from walkout.cases.models import KeyList, KeyState, SupportKey

PROBLEMS = {
    "no_root": _("Reports are switched off: this site has no root key for the support team yet."),
    "unsigned": _("Reports are switched off: the support team's key list is not signed yet."),
    "bad_signature": _(
        "Reports are switched off: the support team's key list failed its signature check."
    ),
    "stale": _("Reports are switched off: the support team's key list has expired."),
    "no_keys": _("Reports are switched off: no support team key can receive reports right now."),
}


class KeyListProblem(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(PROBLEMS[self.code])


@dataclass
class Recipients:
    key_list: KeyList
    data: dict
    keys: dict[str, bytes]  # kid -> public key
    excluded: set[str]  # kids on the signed list that get nothing (not active here)

    @property
    def version(self) -> int:
        return self.key_list.version


def root_public_key() -> bytes | None:
    text = settings.WALKOUT_REPORT_ROOT_KEY
    if not text:
        path = Path(settings.WALKOUT_REPORT_ROOT_KEY_FILE)
        if not path.is_file():
            return None
        text = path.read_text().strip()
    try:
        raw = crypto.b64d(text)
        crypto.load_public(raw)
    except crypto.CryptoError:
        return None
    return raw


def newest_list() -> KeyList | None:
    return KeyList.objects.order_by("-version").first()


def excluded_kids(listed: list[str]) -> set[str]:
    active = set(
        SupportKey.objects.filter(kid__in=listed, state=KeyState.ACTIVE).values_list(
            "kid", flat=True
        )
    )
    return set(listed) - active


def recipients(now=None) -> Recipients:
    """The keys to seal to now, or KeyListProblem (the form then refuses to send)."""
    root = root_public_key()
    if root is None:
        raise KeyListProblem("no_root")
    key_list = newest_list()
    if key_list is None:
        raise KeyListProblem("unsigned")
    try:
        data = crypto.verify_list(key_list.body.encode(), key_list.signature, root)
    except crypto.CryptoError as error:
        raise KeyListProblem("bad_signature") from error
    now = now or timezone.now()
    if crypto._when(data["not_after"]) <= now:
        raise KeyListProblem("stale")
    excluded = excluded_kids([key["kid"] for key in data["keys"]])
    keys = crypto.usable_keys(data, now=now, revoked=excluded)
    if not keys:
        raise KeyListProblem("no_keys")
    return Recipients(key_list=key_list, data=data, keys=keys, excluded=excluded)


def browser_material() -> dict:
    """What the page hands the browser, which checks it all again itself (hpke.js)."""
    root = root_public_key()
    key_list = newest_list()
    listed = []
    if key_list is not None:
        try:
            listed = [key["kid"] for key in crypto.parse_list(key_list.body.encode())["keys"]]
        except crypto.CryptoError:
            listed = []
    return {
        "root": crypto.b64e(root) if root else "",
        "list": crypto.b64e(key_list.body.encode()) if key_list else "",
        "signature": key_list.signature if key_list else "",
        "excluded": " ".join(sorted(excluded_kids(listed))),
    }
