import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walkout.settings")
application = get_wsgi_application()

# The daily purge runs in each server process unless WALKOUT_PURGE_IN_PROCESS=false
# (docs/decisions/0006-purge-in-process.md).
from walkout.common.scheduler import start_daily_purge  # noqa: E402 - needs Django set up

start_daily_purge()

# The near-me tables and map boundaries load in the background (walkout/public/warm.py).
from walkout.public.warm import warm_in_background  # noqa: E402 - needs Django set up

warm_in_background()

# Queued photo and video uploads are processed in this process's threads unless
# WALKOUT_MEDIA_IN_PROCESS=false (walkout/media/worker.py).
from walkout.media.worker import start_in_process  # noqa: E402 - needs Django set up

start_in_process()
