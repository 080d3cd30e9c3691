from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from walkout.hubs.models import Hub


class Command(BaseCommand):
    help = "Create a hub, the organization that publishes calls and moderates walkouts."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The hub's public name.")
        parser.add_argument("--slug", help="Short id for the hub (default: from the name).")

    def handle(self, *args, name, slug=None, **options):
        slug = slugify(slug or name)
        if not slug or not name.strip():
            raise CommandError("Give the hub a name with at least one letter or digit.")
        if Hub.objects.filter(slug=slug).exists():
            raise CommandError(f"A hub with the slug '{slug}' already exists.")
        Hub.objects.create(slug=slug, name=name.strip())
        self.stdout.write(f"Created hub '{name.strip()}' ({slug}).")
