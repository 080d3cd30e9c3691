"""Demo data: a campaign, a past and an upcoming call, demo schools and walkouts.

Every demo school is marked `source=demo` and shown with a "demo" tag, so that nobody takes
a demo walkout for a real plan.
"""

import datetime
import random
import secrets

import zipcodes
from django.db import transaction
from django.utils import timezone

from walkout.campaigns.models import Action, ActionStatus, Campaign
from walkout.common import pagecache, tokens
from walkout.common.text import normalize_name
from walkout.hubs.models import Hub
from walkout.people import actions as people_actions
from walkout.people.models import StaffRole
from walkout.walkouts.models import School, SchoolKind, SchoolSource, Walkout, WalkoutStatus
from walkout.walkouts.timing import local_instant, timezone_at

# ZIPs that make sure every US time zone is present, including the unusual ones.
ANCHOR_ZIPS = [
    "10001",
    "60601",
    "80202",
    "85004",
    "90012",
    "99501",
    "99762",
    "96813",
    "00901",
    "96910",
    "96799",
    "46204",
    "79901",
    "83702",
    "32501",
    "97914",
    "49938",
    "33101",
    "98101",
    "02108",
]
# Military post offices and freely associated states are not in the school directory.
EXCLUDED_STATES = {"AA", "AE", "AP", "FM", "MH", "PW", "MP", "VI"}
NAMES = [
    "Lincoln",
    "Roosevelt",
    "César Chávez",
    "Dolores Huerta",
    "Washington",
    "Jefferson",
    "Sojourner Truth",
    "Central",
    "Riverside",
    "Lakeview",
    "Valley",
    "Hillcrest",
    "Sunset",
    "Frederick Douglass",
    "Sonia Sotomayor",
    "Oak Grove",
    "Harbor",
    "Mesa Verde",
]
KINDS = [
    (SchoolKind.HIGH, "High School"),
    (SchoolKind.HIGH, "High School"),
    (SchoolKind.MIDDLE, "Middle School"),
    (SchoolKind.COLLEGE, "Community College"),
]
DESCRIPTIONS = [
    "We walk out at 2PM to stand with our classmates and their families. Meet at the front doors.",
    "Students of every grade are welcome. We will read our demands and walk back in together.",
    "Nos salimos a las 2 en solidaridad con nuestras familias. Bring a sign, stay peaceful.",
    "Our first walkout: ten minutes of silence for families separated this year, then chants.",
]
PSEUDONYMS = ["sunflower", "river", "night owl", "comet", "maple", "tiburón", "papel", "lynx"]

CAMPAIGN = {
    "slug": "spring-surge",
    "name": "Spring Surge",
    "summary": "Students across the country walking out for immigrant families.",
    "translations": {
        "es": {
            "name": "Oleada de Primavera",
            "summary": "Estudiantes de todo el país salen de clase por las familias inmigrantes.",
        }
    },
}
DEMANDS = (
    "Keep immigration enforcement out of our schools.\n"
    "No student punished for walking out.\n"
    "Counselors and legal help for families, in their languages."
)
DEMANDS_ES = (
    "Que la policía migratoria se mantenga fuera de nuestras escuelas.\n"
    "Ningún estudiante castigado por salir.\n"
    "Consejeros y ayuda legal para las familias, en sus idiomas."
)
CHANTS = (
    "Education, not deportation!\nWho keeps us safe? We keep us safe!\nHere to learn, here to stay!"
)
CHANTS_ES = (
    "¡Educación, no deportación!\n¿Quién nos cuida? ¡Nosotros nos cuidamos!\n"
    "¡Aquí para aprender, aquí para quedarnos!"
)
CALL = (
    "At 2PM local time, walk out of class with your classmates. Gather peacefully, read the "
    "demands, and show that students stand with immigrant families."
)
CALL_ES = (
    "A las 2PM hora local, sal de clase con tus compañeros. Reúnanse en paz, lean las "
    "demandas y muestren que los estudiantes están con las familias inmigrantes."
)


def next_friday(after: datetime.date, weeks: int = 3) -> datetime.date:
    """The first Friday at least `weeks` weeks away, outside the winter break."""
    day = after + datetime.timedelta(weeks=weeks)
    day += datetime.timedelta(days=(4 - day.weekday()) % 7)
    while (day.month, day.day) >= (12, 19) or (day.month, day.day) <= (1, 6):
        day += datetime.timedelta(weeks=1)
    return day


def _actions(campaign: Campaign, today: datetime.date) -> tuple[Action, Action]:
    common = {
        "campaign": campaign,
        "local_time": datetime.time(14, 0),
        "demands": DEMANDS,
        "chants": CHANTS,
        "call_text": CALL,
    }
    es = {"demands": DEMANDS_ES, "chants": CHANTS_ES, "call_text": CALL_ES}
    past = Action.objects.create(
        slug="february-13",
        title="Walk out for our families",
        date=datetime.date(2026, 2, 13),
        status=ActionStatus.CLOSED,
        translations={"es": {**es, "title": "Salimos por nuestras familias"}},
        **common,
    )
    upcoming = Action.objects.create(
        slug="next-walkout",
        title="Walk out again: we're still here",
        date=next_friday(today),
        status=ActionStatus.OPEN,
        translations={"es": {**es, "title": "Salimos otra vez: aquí seguimos"}},
        **common,
    )
    return past, upcoming


def _demo_zips(rng: random.Random, per_state: int) -> list[dict]:
    located = [r for r in zipcodes.list_all() if float(r["lat"] or 0) != 0 and r["active"]]
    by_zip = {r["zip_code"]: r for r in located}  # anchors may be PO-box ZIPs (Nome, Pago Pago)
    by_state: dict[str, list[dict]] = {}
    for row in located:
        if row["zip_code_type"] == "STANDARD" and row["state"] not in EXCLUDED_STATES:
            by_state.setdefault(row["state"], []).append(row)
    chosen = [by_zip[z] for z in ANCHOR_ZIPS if z in by_zip]
    for state in sorted(by_state):
        chosen += rng.sample(by_state[state], min(per_state, len(by_state[state])))
    return chosen


def _schools(rng: random.Random, per_state: int) -> list[School]:
    schools, seen = [], set()
    for row in _demo_zips(rng, per_state):
        kind, label = rng.choice(KINDS)
        name = f"{rng.choice(NAMES)} {label}"
        key = (normalize_name(name), row["zip_code"])
        if key in seen:
            continue
        seen.add(key)
        lat, lon = float(row["lat"]), float(row["long"])
        schools.append(
            School(
                name=name,
                normalized_name=key[0],
                kind=kind,
                city=row["city"],
                state=row["state"],
                zip_code=row["zip_code"],
                latitude=lat,
                longitude=lon,
                timezone=timezone_at(lat, lon),
                source=SchoolSource.DEMO,
                confirmed=True,
            )
        )
    return School.objects.bulk_create(schools, batch_size=500)


def _walkouts(rng, action, schools, share, statuses, today) -> list[Walkout]:
    rows = []
    for school in schools:
        if rng.random() > share:
            continue
        rows.append(
            Walkout(
                action=action,
                school=school,
                timezone=school.timezone,
                starts_at=local_instant(action.date, action.local_time, school.timezone),
                description=rng.choice(DESCRIPTIONS),
                organizer_pseudonym=rng.choice(PSEUDONYMS),
                status=rng.choices(*zip(*statuses, strict=True))[0],
                rejection_reason="",
                organizer_token_digest=tokens.new_token()[1],
                created_day=min(today, action.date) - datetime.timedelta(days=rng.randint(1, 20)),
                public_id=tokens.new_public_id(),
            )
        )
    for walkout in rows:
        if walkout.status == WalkoutStatus.REJECTED:
            walkout.rejection_reason = "Demo: the details could not be confirmed."
    return Walkout.objects.bulk_create(rows, batch_size=500)


@transaction.atomic
def load_demo(*, per_state: int = 5, seed: int = 2026, extra_walkouts: int = 0) -> dict:
    """Create the demo campaign, calls, schools, walkouts and one hub account.

    Returns the hub account's one-time credentials for the terminal; they are stored nowhere
    else in clear (the password as an Argon2 hash, the TOTP seed encrypted).
    """
    rng = random.Random(seed)  # noqa: S311 -- repeatable demo data, not secrets
    today = timezone.now().date()
    hub = Hub.objects.create(slug="national-hub", name="National Student Walkout Hub")
    campaign = Campaign.objects.create(hub=hub, **CAMPAIGN)
    past, upcoming = _actions(campaign, today)
    schools = _schools(rng, per_state)
    listed = [
        (WalkoutStatus.APPROVED, 85),
        (WalkoutStatus.PENDING, 10),
        (WalkoutStatus.REJECTED, 5),
    ]
    made = _walkouts(rng, upcoming, schools, 0.85, listed, today)
    made += _walkouts(rng, past, schools, 0.6, [(WalkoutStatus.APPROVED, 1)], today)
    extra = add_demo_walkouts(extra_walkouts, action=upcoming, seed=seed) if extra_walkouts else 0
    password = secrets.token_urlsafe(18)
    user = people_actions.create_staff_user(
        username="hub-demo", password=password, hub=hub, role=StaffRole.ADMIN
    )
    seed_value = people_actions.begin_totp_setup(user)
    pagecache.bump_version()
    return {
        "schools": len(schools) + extra,
        "walkouts": len(made) + extra,
        "username": user.username,
        "password": password,
        "totp_seed": seed_value,
        "totp_uri": people_actions.provisioning_uri(user, seed_value),
    }


def _located_zips() -> list[dict]:
    return [
        r
        for r in zipcodes.list_all()
        if float(r["lat"] or 0) != 0
        and r["active"]
        and r["zip_code_type"] == "STANDARD"
        and r["state"] not in EXCLUDED_STATES
    ]


@transaction.atomic
def add_demo_walkouts(count: int, *, action: Action, seed: int = 2026) -> int:
    """Add `count` approved demo walkouts to `action`, each at a new demo school.

    For benchmarks and load tests: schools sit near real ZIP code centres (so they cluster
    where people live), every name starts with "Demo" and every school has `source=demo`.
    Written with bulk inserts: 30,000 take a few seconds.
    """
    rng = random.Random(seed + count)  # noqa: S311 -- repeatable demo data, not secrets
    located = _located_zips()
    today = timezone.now().date()
    first = School.objects.filter(source=SchoolSource.DEMO).count()
    schools = []
    for i in range(first, first + count):
        row = rng.choice(located)
        kind, label = rng.choice(KINDS)
        name = f"Demo {rng.choice(NAMES)} {label} {i:05d}"
        zip_lat, zip_lon = float(row["lat"]), float(row["long"])
        lat, lon = zip_lat + rng.uniform(-0.02, 0.02), zip_lon + rng.uniform(-0.02, 0.02)
        schools.append(
            School(
                name=name,
                normalized_name=normalize_name(name),
                kind=kind,
                city=row["city"],
                state=row["state"],
                zip_code=row["zip_code"],
                latitude=round(lat, 5),
                longitude=round(lon, 5),
                # The ZIP centre's zone: a point nudged a kilometre may land in the ocean
                # ("Etc/GMT+5") or across the border with Canada or Mexico.
                timezone=timezone_at(zip_lat, zip_lon),
                source=SchoolSource.DEMO,
                confirmed=True,
            )
        )
    schools = School.objects.bulk_create(schools, batch_size=1000)
    instants: dict[str, datetime.datetime] = {}
    walkouts = []
    for school in schools:
        if school.timezone not in instants:
            instants[school.timezone] = local_instant(
                action.date, action.local_time, school.timezone
            )
        walkouts.append(
            Walkout(
                action=action,
                school=school,
                timezone=school.timezone,
                starts_at=instants[school.timezone],
                description=rng.choice(DESCRIPTIONS),
                organizer_pseudonym=rng.choice(PSEUDONYMS),
                status=WalkoutStatus.APPROVED,
                organizer_token_digest=tokens.new_token()[1],
                created_day=min(today, action.date) - datetime.timedelta(days=rng.randint(1, 20)),
                public_id=tokens.new_public_id(),
            )
        )
    Walkout.objects.bulk_create(walkouts, batch_size=1000)
    pagecache.bump_version()
    return len(walkouts)


def demo_action() -> Action | None:
    """The demo campaign's upcoming call, if the demo data is loaded."""
    return Action.objects.filter(campaign__slug=CAMPAIGN["slug"], slug="next-walkout").first()
