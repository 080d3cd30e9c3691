"""Load the offline tables the near-me search and the maps read, before the first visitor.

The ZIP table decompresses on first use and the city index is built from it (about 1.5 s
together); the map boundaries are decoded and projected (about 40 ms). A server process
starts this in a background thread (wsgi.py), so no visitor waits for it.
"""

import logging
import threading

logger = logging.getLogger(__name__)


def warm() -> None:
    from walkout.public import svgmap
    from walkout.walkouts import geo

    geo.lookup_zip("10001")
    geo.lookup_city("Chicago")
    try:
        svgmap.national_paths()
    except svgmap.MapDataMissing as error:
        logger.warning("%s", error)


def warm_in_background() -> None:
    threading.Thread(target=warm, name="walkout-warm", daemon=True).start()
