"""Photos around the pipeline (`make bench` runs `media_web_figures` from bench/run.py; alone:
`python bench/media_web.py` builds its own data with BENCH_WALKOUTS listed walkouts).

Prints, in-process (Django test client), for a 12-megapixel phone photo built at run time from
a package-shipped portrait (matplotlib's Grace Hopper, upscaled, with GPS EXIF):
- the upload request (streamed to the temp folder, sniffed, counted), ms;
- the background processing of that upload (decode, orient, detect, seal the pixels, render
  the preview), s; the pipeline dominates it (bench/media.py has the per-step figures);
- one review edit (a box added and the preview rendered again), s;
- the submission (the final files rendered from the sealed pixels), s;
then, with 48 published photos on one walkout and 480 across the campaign:
- the walkout page and the campaign gallery, uncached, p50/p95 ms;
- serving one published full-size photo, p50/p95 ms.
"""

import io
import statistics
import tempfile
import time
from pathlib import Path

RUNS = 30


def _p(times):
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def _twelve_megapixels() -> bytes:
    import numpy as np
    from PIL import Image

    from tests.media import corpus
    from tests.media.web import hopper

    big = hopper().resize((4032, 3024), Image.LANCZOS)
    noise = np.random.default_rng(3).integers(-6, 7, (3024, 4032, 3))
    big = Image.fromarray(np.clip(np.asarray(big).astype(int) + noise, 0, 255).astype(np.uint8))
    return corpus.canary_jpeg(big)


def _publish(walkouts, per_walkout: int) -> list:
    from django.utils import timezone

    from walkout.media import actions
    from walkout.media.models import MediaItem, MediaState
    from walkout.media.uploads import largest_upload  # noqa: F401 (the app loads)

    def jpeg(size):
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", size, (90, 120, 160)).save(buffer, "JPEG", quality=85)
        return buffer.getvalue()

    full, medium, thumb = jpeg((2048, 1536)), jpeg((1080, 810)), jpeg((400, 300))
    today = timezone.now().date()
    items = []
    for walkout in walkouts:
        for _ in range(per_walkout):
            item = MediaItem.objects.create(
                walkout=walkout,
                kind="photo",
                state=MediaState.APPROVED,
                created_day=today,
                submitted_day=today,
            )
            for role, data in (("full", full), ("medium", medium), ("thumb", thumb)):
                actions._store_file(item, role, data)
            items.append(item)
    return items


def media_web_figures(action) -> None:
    import datetime

    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from tests.crews.world import add_member
    from walkout.crews import actions as crew_actions
    from walkout.media import worker
    from walkout.media.models import MediaItem
    from walkout.walkouts.models import Walkout

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="walkout-bench-media-"))
    settings.WALKOUT_MEDIA_IN_PROCESS = False
    settings.WALKOUT_NETWORK_WRITES_PER_HOUR = 10_000
    print("\nPhotos around the pipeline (in-process; 12 MP photo, one run)")
    walkouts = list(Walkout.objects.filter(action=action, status="approved")[:10])
    past = timezone.now() - datetime.timedelta(hours=1)
    Walkout.objects.filter(pk__in=[w.pk for w in walkouts]).update(starts_at=past)
    crew = crew_actions.ensure_crew(walkouts[0])
    _member, token = add_member(crew, "bench-lens")
    client = Client()
    data = _twelve_megapixels()

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.media.web import plain_jpeg

    warm = SimpleUploadedFile("warm.jpg", plain_jpeg(), content_type="image/jpeg")
    client.post(reverse("media:media", args=[token]), {"file": warm})  # first request: imports
    worker.process_next()
    MediaItem.objects.filter(member__crew=crew).delete()
    start = time.perf_counter()
    response = client.post(
        reverse("media:media", args=[token]),
        {"file": SimpleUploadedFile("IMG.jpg", data, content_type="image/jpeg")},
    )
    upload_s = time.perf_counter() - start
    assert response.status_code == 302, response.status_code
    start = time.perf_counter()
    worker.process_next()
    process_s = time.perf_counter() - start
    item = MediaItem.objects.get(member__crew=crew)
    assert item.state == "review", item.error_code
    url = reverse("media:upload", args=[token, item.public_id])
    start = time.perf_counter()
    client.post(url, {"op": "box-cover", "left": "0", "top": "90", "width": "20", "height": "10"})
    edit_s = time.perf_counter() - start
    start = time.perf_counter()
    client.post(url, {"op": "submit"})
    submit_s = time.perf_counter() - start
    print(f"{'upload request, ' + str(len(data) // 1024) + ' KB':<34}{upload_s * 1000:>8.0f} ms")
    print(f"{'processing (pipeline + seal)':<34}{process_s:>8.2f} s")
    print(f"{'one review edit (re-render)':<34}{edit_s:>8.2f} s")
    print(f"{'submission (final files)':<34}{submit_s:>8.2f} s")

    _publish(walkouts[:1], 47)
    items = _publish(walkouts[1:], 48)
    print(f"{'':<34}{'p50':>8}{'p95':>8}   (ms; {MediaItem.objects.count()} published)")
    pages = [
        ("walkout page, 48 photos", reverse("walkouts:walkout", args=[walkouts[0].public_id])),
        ("campaign gallery", reverse("media:campaign_gallery", args=[action.campaign.slug])),
    ]
    for label, page in pages:
        times = []
        for _ in range(RUNS):
            cache.clear()
            start = time.perf_counter()
            response = client.get(page)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, (page, response.status_code)
        print(f"{label + ' (uncached)':<34}{_p(times)[0]:>8.2f}{_p(times)[1]:>8.2f}")
    name = items[0].files.get(role="full").filename
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(reverse("media:file", args=[name]))
        b"".join(response.streaming_content)
        times.append(time.perf_counter() - start)
    print(f"{'one full-size photo served':<34}{_p(times)[0]:>8.2f}{_p(times)[1]:>8.2f}")


if __name__ == "__main__":
    import run  # bench/run.py: a throw-away database, Django set up

    action = run.setup_data()
    print(f"{run.grow_to(action, run.WALKOUTS):,} listed walkouts")
    media_web_figures(action)
