"""A test hub's keys: a root key pinned in settings, support keys A, B, C, a signed list."""

import datetime
from dataclasses import dataclass, field

from walkout.cases import actions, crypto
from walkout.cases.models import KeyState, SupportKey


@dataclass
class Keyring:
    root: object
    root_public: bytes
    privates: dict[str, object] = field(default_factory=dict)  # name -> private key
    kids: dict[str, str] = field(default_factory=dict)  # name -> kid

    def open(self, name: str, envelope) -> dict:
        return crypto.open_envelope(envelope, self.kids[name], self.privates[name])

    def sign_and_import(self, *, days: int = 30, now=None) -> None:
        body = actions.export_key_list(days=days, now=now)
        actions.import_key_list(body, crypto.sign_list(body, self.root))

    def add_key(self, name: str, owner, *, passphrase: str = "") -> SupportKey:
        """An active key; with a passphrase, its wrapped file is stored as the browser would."""
        private, public = crypto.new_key_pair()
        wrapped = ""
        if passphrase:
            key_file = crypto.wrap_private(private, passphrase, iterations=100_000)
            wrapped = crypto.json_text(key_file)
        key = actions.add_support_key(owner=owner, public_key=crypto.b64e(public), wrapped=wrapped)
        SupportKey.objects.filter(pk=key.pk).update(state=KeyState.ACTIVE)
        self.privates[name], self.kids[name] = private, key.kid
        return key


def make_keyring(settings, owner, names=("A", "B", "C"), *, days=30, now=None) -> Keyring:
    root, root_public = crypto.new_key_pair()
    settings.WALKOUT_REPORT_ROOT_KEY = crypto.b64e(root_public)
    ring = Keyring(root=root, root_public=root_public)
    for name in names:
        ring.add_key(name, owner)
    if names:
        ring.sign_and_import(days=days, now=now)
    return ring


def yesterday() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
