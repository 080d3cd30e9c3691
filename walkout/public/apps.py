from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class PublicConfig(AppConfig):
    name = "walkout.public"
    label = "public"

    def ready(self):
        checks.register(check_map_data)


def check_map_data(app_configs=None, **kwargs):
    """The maps need node_modules/us-atlas (npm ci --ignore-scripts; make does it)."""
    from walkout.public.svgmap import ATLAS_FILE

    if (settings.BASE_DIR / ATLAS_FILE).exists():
        return []
    return [
        checks.Warning(
            f"{ATLAS_FILE} is missing: maps show their text list only.",
            hint="Run `npm ci --ignore-scripts` (make run and make test do).",
            id="walkout.W001",
        )
    ]
