from django.core.management.base import BaseCommand, CommandError

from walkout.common import inventory


class Command(BaseCommand):
    help = (
        "Write docs/data-inventory.md from docs/data-inventory.yaml (SAFETY.md requirement 4). "
        "--check only compares; --missing prints inventory entries to fill in for fields the "
        "models store but the inventory does not declare."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Fail if the page is out of date; write nothing."
        )
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Print YAML for undeclared fields; write nothing.",
        )

    def handle(self, *args, check=False, missing=False, **options):
        if missing:
            undeclared = inventory.undeclared()
            self.stdout.write(inventory.stub(undeclared) if undeclared else "Nothing missing.")
            return
        page = inventory.render_markdown()
        current = inventory.PAGE.read_text() if inventory.PAGE.exists() else ""
        if check:
            if current != page:
                raise CommandError(
                    f"{inventory.PAGE} is out of date: run `python -m walkout data_inventory`."
                )
            self.stdout.write(f"{inventory.PAGE} is up to date.")
            return
        inventory.PAGE.write_text(page)
        self.stdout.write(f"Wrote {inventory.PAGE}.")
