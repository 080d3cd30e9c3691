"""Decrypt cases on a support member's computer: `python -m walkout decrypt_reports --key FILE`.

Reads the key file made in the browser (walkout-support-key-v1), asks for its passphrase, and
prints each case sealed to that key with its additions and notes. Run it against a copy of the
database on your own machine, not on the server: the server must never see the passphrase.
"""

import getpass
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from walkout.cases import crypto, queries
from walkout.cases.models import Report


class Command(BaseCommand):
    help = "Decrypt repercussion reports with a support key file (prompts for its passphrase)."

    def add_arguments(self, parser):
        parser.add_argument("--key", required=True, help="The key file downloaded in the browser.")
        parser.add_argument("--case", help="Only this case (its id, or the first characters).")
        parser.add_argument("--passphrase-env", help="Read the passphrase from this variable.")

    def handle(self, *args, key, case=None, passphrase_env=None, **options):
        try:
            key_file = Path(key).read_text()
        except OSError as error:
            raise CommandError(f"Cannot read {key}: {error.strerror}") from error
        passphrase = (
            os.environ.get(passphrase_env, "")
            if passphrase_env
            else getpass.getpass("Key passphrase: ")
        )
        try:
            kid, private = crypto.unwrap_private(key_file, passphrase)
        except crypto.CryptoError as error:
            raise CommandError(f"Cannot open the key file: {error}.") from error
        reports = Report.objects.order_by("day", "id")
        if case:
            reports = reports.filter(public_id__startswith=case)
        shown = 0
        for report in reports:
            if kid not in report.recipient_key_ids:
                continue
            shown += 1
            self.stdout.write(f"== Case {report.public_id} · filed {report.day} · {report.status}")
            self._print(report.envelope, kid, private)
            for entry in queries.entries(report):
                self.stdout.write(f"-- {entry.get_kind_display()} · {entry.day}")
                self._print(entry.envelope, kid, private)
        self.stdout.write(f"{shown} case(s) sealed to key {kid}.")

    def _print(self, envelope, kid, private):
        try:
            message = crypto.open_envelope(envelope, kid, private)
        except crypto.CryptoError as error:
            self.stdout.write(f"   (does not open: {error})")
            return
        for name, value in message.items():
            if name != "type" and value != "":
                self.stdout.write(f"   {name}: {value}")
