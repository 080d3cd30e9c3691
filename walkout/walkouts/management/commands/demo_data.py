import os

import segno
from django.core.management.base import BaseCommand, CommandError

from walkout.campaigns.models import Campaign
from walkout.walkouts.demo import add_demo_walkouts, demo_action, load_demo


class Command(BaseCommand):
    help = (
        "Load demo data: the Spring Surge campaign, a past and an upcoming call, demo schools "
        "in every US time zone, demo walkouts, and a hub account printed once. "
        "--walkouts N adds N approved demo walkouts (for benchmarks), also to existing demo data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when a campaign already exists."
        )
        parser.add_argument(
            "--per-state", type=int, default=5, help="Demo schools per state (default 5)."
        )
        parser.add_argument(
            "--walkouts",
            type=int,
            default=0,
            help="Also add N approved demo walkouts, each at a new school named 'Demo ...', "
            "to the upcoming demo call (for benchmarks). Works on existing demo data too.",
        )

    def handle(self, *args, if_empty=False, per_state=5, walkouts=0, **options):
        if per_state < 1:
            raise CommandError("--per-state must be at least 1.")
        if walkouts < 0:
            raise CommandError("--walkouts must be 0 or more.")
        if Campaign.objects.exists():
            if if_empty:
                return
            action = demo_action()
            if walkouts and action is not None:
                added = add_demo_walkouts(walkouts, action=action)
                self.stdout.write(f"Demo data: {added} more demo walkouts.")
                return
            raise CommandError("The database already has campaigns; demo data is for a new one.")
        result = load_demo(per_state=per_state, extra_walkouts=walkouts)
        out = self.stdout
        out.write(f"Demo data: {result['schools']} schools, {result['walkouts']} walkouts.")
        out.write("")
        out.write("Hub account (shown once, keep it safe):")
        out.write(f"  username: {result['username']}")
        out.write(f"  password: {result['password']}")
        out.write(f"  TOTP key: {result['totp_seed']}")
        out.write("  Add the key to an authenticator app, or scan this code:")
        segno.make(result["totp_uri"], error="m").terminal(out=out._out, compact=True)
        port = os.environ.get("PORT", "8000")  # what `make run` serves on
        out.write(f"  Sign in at http://127.0.0.1:{port}/hub/sign-in/")
        # Repercussion reports need a signed key list (walkout/cases/demo.py).
        from walkout.cases.demo import load_demo_keys
        from walkout.people.models import User

        keys = load_demo_keys(User.objects.get(username=result["username"]))
        if keys:
            out.write("")
            out.write("Demo support key for repercussion reports (shown once):")
            out.write(f"  key {keys['kid']}, passphrase: {keys['passphrase']}")
            out.write(f"  Open a case at http://127.0.0.1:{port}/hub/cases/ and type it.")
            out.write(f"  Demo root public key pinned in {keys['root_file']}.")
