"""The "seized server" flow, run in its own process by tests/test_seized_server.py.

`python -m tests.seized_server_flow OUT` with WALKOUT_DATA_DIR, TMPDIR and the secrets set by
the test: migrates a fresh database (a SQLite file in the data folder unless DATABASE_URL is
set), loads the demo, drives every form and view with canary addresses, headers and texts,
moves time past every retention period, purges, and writes into OUT:

* dump.txt: every row of every table, session and cache values decoded, and the caches;
* captured.log: every log record, as a file handler would write it;
* canaries.json: the canaries the test must not find anywhere, and a few counts;
* cache_keys.txt: the names of the cache entries left.

Standard output and error (where the platform's own log handler writes) are read by the test.
"""

import datetime
import json
import logging
import re
import sys
from pathlib import Path

import django

IP = "203.0.113.77"
FORWARDED = "198.51.100.23"
USER_AGENT = "CanaryBrowser/9.9 (seized-ua-41c2)"
REFERER = "https://canary-referer.example/seized-ref-90ab"
ACCEPT_LANGUAGE = "en-qzseized"
COOKIE = "cookie-canary-3e1d"
QUERY = "qs-canary-d07f"
SEARCH = "zzsearchcanary"
WRONG_PASSWORD = "wrong-password-canary-5a5a"
TOKEN = re.compile(r"/o/([A-Za-z0-9_-]{43})/")


def text(label: str) -> str:
    # The mark is not hex and not likely in base64: "7f3b" alone turned up inside digests.
    return f"Canary {label} text qz7f3bqz{label}"


class Flow:
    def __init__(self, demo: dict):
        from django.test import Client

        self.demo = demo
        self.client = Client(
            REMOTE_ADDR=IP,
            HTTP_X_FORWARDED_FOR=FORWARDED,
            HTTP_X_REAL_IP=FORWARDED,
            HTTP_USER_AGENT=USER_AGENT,
            HTTP_REFERER=REFERER,
            HTTP_ACCEPT_LANGUAGE=ACCEPT_LANGUAGE,
        )
        self.client.cookies["tracker"] = COOKIE
        self.tokens: list[str] = []
        self.deleted_texts: list[str] = []
        self.unexercised: list[str] = []

    # --- helpers ---------------------------------------------------------------------------

    def get(self, url: str, **extra):
        separator = "&" if "?" in url else "?"
        return self.client.get(f"{url}{separator}ref={QUERY}", **extra)

    def post(self, url: str, data: dict, **extra):
        return self.client.post(url, data, **extra)

    def register(self, action, school, label: str, *, work: bool = True) -> str:
        from django.urls import reverse

        from tests.helpers import fresh_stamp, stamp_and_work

        url = reverse("walkouts:register", args=[action.public_id, school.pk])
        self.get(url)
        details = {
            "description": text(f"{label}-description"),
            "organizer_pseudonym": f"cnry{label}"[:40],
            "meeting_spot": text(f"{label}-spot"),
            "organizer_notes": text(f"{label}-notes"),
        }
        response = self.post(
            url, details | (stamp_and_work() if work else {"stamp": fresh_stamp()})
        )
        assert response.status_code == 200, response.status_code
        token = TOKEN.search(response.content.decode()).group(1)
        self.tokens.append(token)
        self.deleted_texts += list(details.values())
        return token

    # --- the flows -------------------------------------------------------------------------

    def crawl(self, site: dict, pending) -> None:
        """GET every URL pattern, with the arguments the CSRF test uses for each."""
        from django.urls import NoReverseMatch, reverse

        from tests.common.test_security import all_patterns, route_kwargs

        kwargs = route_kwargs(site, pending)
        for name, _ in all_patterns():
            try:
                url = reverse(name, kwargs=kwargs.get(name, {}))
            except NoReverseMatch:
                self.unexercised.append(name) if name not in self.unexercised else None
                continue
            self.get(url)
            self.get("/es" + url if not url.startswith("/es/") else url)

    def anonymous(self, upcoming, schools) -> dict:
        from django.urls import reverse

        from tests.helpers import stamp_and_work
        from walkout.walkouts.models import Walkout

        self.post(reverse("set_language"), {"language": "es", "next": "/"})
        self.get(reverse("walkouts:start"))
        self.get(f"{reverse('walkouts:start')}?q={SEARCH}&action={upcoming.public_id}")
        self.get(reverse("public:privacy"))
        self.get("/no-such-page/" + QUERY)

        # A school the directory lacks, and a walkout there that will be rejected.
        add_url = reverse("walkouts:add_school", args=[upcoming.public_id])
        school_name = text("school")[:60]
        added = self.post(
            add_url, {"name": school_name, "kind": "high", "zip_code": "60601"} | stamp_and_work()
        )
        assert added.status_code == 302, added.status_code
        self.deleted_texts.append(school_name)
        new_school_url = added.headers["Location"]
        school_id = int(new_school_url.rstrip("/").rsplit("/", 1)[-1])
        from walkout.walkouts.models import School

        rejected = self.register(upcoming, School.objects.get(pk=school_id), "A")
        # Edited, then its link replaced: both tokens must vanish.
        organizer = reverse("walkouts:organizer", args=[rejected])
        self.get(organizer)
        edit = {
            "op": "edit",
            "description": text("A2-description"),
            "organizer_pseudonym": "cnryA2",
            "meeting_spot": text("A2-spot"),
            "organizer_notes": text("A2-notes"),
        }
        assert self.post(organizer, edit).status_code == 200
        self.deleted_texts += [edit["description"], edit["meeting_spot"], edit["organizer_notes"]]
        rotated = self.post(organizer, {"op": "rotate"})
        self.tokens.append(TOKEN.search(rotated.content.decode()).group(1))
        # The language picked above sends unprefixed pages to /es/: follow to the answer.
        assert self.get(organizer, follow=True).status_code == 404

        # Registered without the proof of work (JavaScript off), then cancelled.
        cancelled = self.register(upcoming, schools[0], "B", work=False)
        self.post(
            reverse("walkouts:organizer", args=[cancelled]), {"op": "cancel", "confirm": "yes"}
        )
        # Refused input leaves nothing behind.
        bad = self.post(
            reverse("walkouts:register", args=[upcoming.public_id, schools[1].pk]),
            {"description": text("C-description")} | stamp_and_work(),
        )
        assert bad.status_code == 200 and Walkout.objects.filter(school=schools[1]).count() == 0
        self.deleted_texts.append(text("C-description"))
        # Deleted by its organizer at once.
        deleted = self.register(upcoming, schools[1], "D")
        gone = self.post(
            reverse("walkouts:organizer", args=[deleted]), {"op": "delete", "confirm": "yes"}
        )
        assert gone.status_code == 200
        # One more, to be approved by the hub and cached as a public page.
        approved = self.register(upcoming, schools[2], "E")
        return {
            "rejected": Walkout.objects.get(school_id=school_id),
            "approved": Walkout.objects.get(school=schools[2]),
            "organizer_token": approved,
        }

    def reports(self) -> None:
        """A repercussion report and more information, without JavaScript (sealed on the
        server), and one refused: no text and no case code may be left in clear anywhere."""
        from django.conf import settings
        from django.urls import reverse

        from tests.cases.keys import make_keyring
        from tests.helpers import stamp_and_work
        from walkout.people.models import User

        make_keyring(settings, User.objects.get(username=self.demo["username"]), names=("A", "B"))
        report = {
            "kind": "immigration",
            "what": text("report-what"),
            "school": text("report-school")[:60],
            "contact": text("report-contact")[:60],
            "date": "2026-02-13",
        }
        filed = self.post(reverse("cases:report"), report | stamp_and_work())
        assert filed.status_code == 302, filed.status_code
        code = filed.headers["Location"].split("/report/case/")[1].split("/")[0]
        self.tokens.append(code)
        self.get(reverse("cases:case", args=[code]))
        more = {"text": text("report-more")}
        added = self.post(reverse("cases:case_more", args=[code]), more | stamp_and_work())
        assert added.status_code == 302, added.status_code
        refused = self.post(reverse("cases:report"), {"what": text("report-refused")})
        assert refused.status_code == 400, refused.status_code
        self.deleted_texts += [*report.values(), more["text"], text("report-refused")]
        self.deleted_texts.remove("immigration")
        self.deleted_texts.remove("2026-02-13")

    def hub(self, mine: dict) -> None:
        import pyotp
        from django.urls import reverse

        from walkout.walkouts.models import WalkoutStatus

        login = reverse("hubs:login")
        self.get(login)
        self.post(login, {"username": self.demo["username"], "password": WRONG_PASSWORD})
        signed = self.post(
            login, {"username": self.demo["username"], "password": self.demo["password"]}
        )
        assert signed.status_code == 302, signed.status_code
        self.post(reverse("hubs:second_factor"), {"code": "000000"})
        code = pyotp.TOTP(self.demo["totp_seed"]).now()
        verified = self.post(reverse("hubs:second_factor"), {"code": code})
        assert verified.status_code == 302, verified.status_code
        self.get(reverse("hubs:queue"))
        decide = "hubs:decide"
        reason = text("reject-reason")
        self.post(
            reverse(decide, args=[mine["rejected"].public_id]),
            {"decision": "reject", "reason": reason},
        )
        self.deleted_texts.append(reason)
        self.post(reverse(decide, args=[mine["approved"].public_id]), {"decision": "approve"})
        for walkout in (mine["rejected"], mine["approved"]):
            walkout.refresh_from_db()
        assert mine["rejected"].status == WalkoutStatus.REJECTED
        assert mine["approved"].status == WalkoutStatus.APPROVED

    def public_pages(self, mine: dict) -> None:
        from django.urls import reverse

        self.get(reverse("walkouts:walkout", args=[mine["approved"].public_id]))
        self.get(reverse("walkouts:organizer", args=[mine["organizer_token"]]))


def capture_logs(path: Path) -> logging.Handler:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    for logger in loggers:
        logger.addHandler(handler)
    return handler


def main(out: Path) -> None:
    django.setup()
    import time_machine
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import override_settings
    from django.urls import reverse

    from tests.helpers import FAST_HASHERS, dump_everything
    from walkout.campaigns.models import Action
    from walkout.walkouts import queries
    from walkout.walkouts.demo import load_demo
    from walkout.walkouts.models import School, Walkout, WalkoutStatus

    capture_logs(out / "captured.log")
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS, WALKOUT_FORM_MIN_SECONDS=0):
        call_command("migrate", verbosity=0)
        demo = load_demo(per_state=1)
        flow = Flow(demo)
        upcoming = Action.objects.get(slug="next-walkout")
        free = list(School.objects.filter(walkouts__isnull=True).order_by("pk")[:3])
        approved = Walkout.objects.filter(status=WalkoutStatus.APPROVED, action=upcoming).first()
        pending = Walkout.objects.filter(status=WalkoutStatus.PENDING).first()
        flow.crawl(
            {"action": upcoming, "free_school": free[0], "approved": approved, "token": "x" * 43},
            pending,
        )
        mine = flow.anonymous(upcoming, free)
        flow.reports()
        flow.hub(mine)
        site = {
            "action": upcoming,
            "free_school": free[0],
            "approved": mine["approved"],
            "token": mine["organizer_token"],
        }
        flow.crawl(site, pending)  # signed in as staff
        flow.post(reverse("hubs:logout"), {})
        flow.public_pages(mine)
        flow.crawl(site, pending)  # anonymous again
        counts_before = {a.slug: queries.state_counts(a) for a in Action.objects.all()}

        after_everything = upcoming.date + datetime.timedelta(
            days=settings.WALKOUT_RETAIN_WALKOUT_DAYS + 1
        )
        with time_machine.travel(
            datetime.datetime.combine(after_everything, datetime.time(3, 0), datetime.UTC),
            tick=False,
        ):
            call_command("purge", verbosity=0)
        counts_after = {a.slug: queries.state_counts(a) for a in Action.objects.all()}

        (out / "dump.txt").write_text(dump_everything(), encoding="utf-8")
        (out / "canaries.json").write_text(
            json.dumps(
                {
                    "tokens": flow.tokens,
                    "texts": flow.deleted_texts,
                    "secrets": [
                        settings.SECRET_KEY,
                        settings.FIELD_ENCRYPTION_KEY,
                        demo["totp_seed"],
                        demo["password"],
                    ],
                    "unexercised": flow.unexercised,
                    "walkouts_left": Walkout.objects.count(),
                    "counts_before": counts_before,
                    "counts_after": counts_after,
                },
                indent=1,
            )
        )
    connections.close_all()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
