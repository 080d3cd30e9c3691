"""Demo keys for `make run`: a throwaway root key, one support key, a signed key list.

The root private key is used once to sign a year-long list and then forgotten, which is right
for a demo and wrong for a real hub (docs/operations.md, "Support keys"). The support key is
wrapped with a random passphrase printed once by `demo_data`, and stored wrapped on the demo
hub account, so that signing in to the console and typing it opens the demo cases.
"""

import secrets
from pathlib import Path

from django.conf import settings

from walkout.cases import actions, crypto
from walkout.cases.models import KeyState, SupportKey


def load_demo_keys(owner) -> dict | None:
    """None when the deployment pins its own root key (then demo keys would not verify)."""
    if settings.WALKOUT_REPORT_ROOT_KEY:
        return None
    root, root_public = crypto.new_key_pair()
    path = Path(settings.WALKOUT_REPORT_ROOT_KEY_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(crypto.b64e(root_public) + "\n")
    passphrase = secrets.token_urlsafe(12)
    private, public = crypto.new_key_pair()
    key_file = crypto.wrap_private(private, passphrase)
    key = actions.add_support_key(
        owner=owner, public_key=crypto.b64e(public), wrapped=crypto.json_text(key_file)
    )
    SupportKey.objects.filter(pk=key.pk).update(state=KeyState.ACTIVE)
    body = actions.export_key_list(days=365)
    actions.import_key_list(body, crypto.sign_list(body, root))
    del root
    return {"kid": key.kid, "passphrase": passphrase, "root_file": str(path)}
