"""The hub's root key and the signed list of support keys (docs/operations.md, "Support keys").

report_keys create-root --out root.pem     on the offline machine: a new root key pair
report_keys export --days 30 --out list    on the server: the next list, unsigned
report_keys sign list --root-key root.pem --out signed.json   offline: sign it
report_keys import signed.json             on the server: check and store it
report_keys status                         what the report form would do now
"""

import getpass
import json
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from walkout.cases import actions, crypto, keyring


def _passphrase(env_name: str | None, *, confirm: bool) -> bytes:
    if env_name:
        value = os.environ.get(env_name, "")
        if not value:
            raise CommandError(f"${env_name} is empty.")
        return value.encode()
    first = getpass.getpass("Root key passphrase: ")
    if confirm and getpass.getpass("Again: ") != first:
        raise CommandError("The passphrases differ.")
    if len(first) < 12:
        raise CommandError("Use a passphrase of at least 12 characters.")
    return first.encode()


class Command(BaseCommand):
    help = "Create the hub root key; export, sign and import the support key list."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="step", required=True)
        create = sub.add_parser("create-root", help="A new root key pair (offline).")
        create.add_argument(
            "--out", required=True, help="Where to write the encrypted private key."
        )
        create.add_argument("--passphrase-env", help="Read the passphrase from this variable.")
        export = sub.add_parser("export", help="The next key list of the active keys, unsigned.")
        export.add_argument("--days", type=int, default=30, help="Valid for N days (default 30).")
        export.add_argument("--out", required=True)
        sign = sub.add_parser("sign", help="Sign an exported list with the root key (offline).")
        sign.add_argument("list")
        sign.add_argument("--root-key", required=True)
        sign.add_argument("--out", required=True)
        sign.add_argument("--passphrase-env")
        imp = sub.add_parser("import", help="Check a signed list against the pinned root key.")
        imp.add_argument("signed")
        sub.add_parser("status", help="Whether the report form can send right now.")

    def handle(self, *args, step, **options):
        getattr(self, "_" + step.replace("-", "_"))(**options)

    def _create_root(self, *, out, passphrase_env=None, **_):
        path = Path(out)
        if path.exists():
            raise CommandError(f"{out} exists; refusing to overwrite a root key.")
        private, public = crypto.new_key_pair()
        path.write_bytes(
            crypto.root_private_to_pem(private, _passphrase(passphrase_env, confirm=True))
        )
        path.chmod(0o600)
        self.stdout.write(f"Root private key (encrypted) written to {out}. Keep it offline.")
        self.stdout.write("Pin the public key in the deployment:")
        self.stdout.write(f"  WALKOUT_REPORT_ROOT_KEY={crypto.b64e(public)}")
        self.stdout.write(f"  fingerprint: {crypto.fingerprint(public)}")

    def _export(self, *, days, out, **_):
        try:
            body = actions.export_key_list(days=days)
        except actions.CaseError as error:
            raise CommandError(str(error)) from error
        Path(out).write_bytes(body)
        data = json.loads(body)
        self.stdout.write(
            f"Key list v{data['version']} with {len(data['keys'])} key(s) written to {out}; "
            "sign it offline with `report_keys sign`."
        )

    def _sign(self, *, list, root_key, out, passphrase_env=None, **_):  # noqa: A002
        body = Path(list).read_bytes()
        try:
            data = crypto.parse_list(body)
            root = crypto.root_private_from_pem(
                Path(root_key).read_bytes(), _passphrase(passphrase_env, confirm=False)
            )
        except crypto.CryptoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Signing key list v{data['version']}, keys:")
        for key in data["keys"]:
            fp = crypto.fingerprint(crypto.b64d(key["public"]))
            self.stdout.write(f"  {key['kid']}  {fp}")
        signed = {"body": crypto.b64e(body), "signature": crypto.sign_list(body, root)}
        Path(out).write_text(json.dumps(signed))
        self.stdout.write(f"Signed list written to {out}.")

    def _import(self, *, signed, **_):
        try:
            data = json.loads(Path(signed).read_text())
            body = crypto.b64d(data["body"])
            key_list = actions.import_key_list(body, data["signature"])
        except (ValueError, KeyError, TypeError, crypto.CryptoError) as error:
            raise CommandError(f"Not a signed key list: {error}") from error
        except actions.CaseError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Key list v{key_list.version} imported.")

    def _status(self, **_):
        try:
            recipients = keyring.recipients()
        except keyring.KeyListProblem as problem:
            self.stdout.write(f"Reports are OFF: {problem.message}")
            sys.exit(1)
        self.stdout.write(
            f"Reports are on: key list v{recipients.version}, sealed to "
            f"{len(recipients.keys)} key(s): {', '.join(sorted(recipients.keys))}"
        )
