import getpass

import segno
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from walkout.hubs.models import Hub
from walkout.people import actions
from walkout.people.models import StaffRole, User


class Command(BaseCommand):
    help = (
        "Create a hub staff account. Asks for the password (15+ characters) and prints the "
        "second-factor key once; with --setup-link, prints a one-time link instead, with which "
        "the new member chooses a password and sets up the second factor (valid 48 hours)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--hub", required=True, help="The hub's slug.")
        parser.add_argument(
            "--role", choices=StaffRole.values, default=StaffRole.MODERATOR, help="Staff role."
        )
        parser.add_argument(
            "--setup-link",
            action="store_true",
            help="Print a one-time setup link (path only: put the site's address before it).",
        )

    def handle(self, *args, username, hub, role, setup_link, **options):
        found = Hub.objects.filter(slug=hub).first()
        if found is None:
            raise CommandError(f"No hub with the slug '{hub}'. Create it with create_hub.")
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"The username '{username}' is taken.")
        if setup_link:
            user, token = actions.create_staff_with_setup_link(
                username=username, hub=found, role=role
            )
            self.stdout.write(f"Created {role} '{username}' for {found.name}.")
            self.stdout.write(
                f"One-time setup link, valid {actions.SETUP_LINK_HOURS} hours (shown once): "
                f"{reverse('hubs:setup', args=[token])}"
            )
            return
        password = getpass.getpass("Password (15+ characters): ")
        if password != getpass.getpass("Password again: "):
            raise CommandError("The two passwords differ; nothing was created.")
        try:
            user = actions.create_staff_user(
                username=username, password=password, hub=found, role=role
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        seed = actions.begin_totp_setup(user)
        self.stdout.write(f"Created {role} '{username}' for {found.name}.")
        self.stdout.write(f"Second-factor key (shown once): {seed}")
        segno.make(actions.provisioning_uri(user, seed), error="m").terminal(
            out=self.stdout._out, compact=True
        )
