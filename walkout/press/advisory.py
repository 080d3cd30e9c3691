"""The media advisory of a walkout: who, what, when, where, why, the demands and the press
contact, in the active language. Never the meeting spot: only the crew sees that."""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from walkout.crews import queries as crew_queries
from walkout.press import queries
from walkout.walkouts.models import Walkout
from walkout.walkouts.templatetags.walkout_tags import local_date, local_time
from walkout.walkouts.us_states import STATE_NAMES

WHY_MAX = 700


@dataclass
class Advisory:
    walkout: Walkout
    headline: str
    who: str
    what: str
    when: str
    where: str
    why: str
    demands: list[str] = field(default_factory=list)
    demands_are_the_calls: bool = False
    contact: str = ""


def _first_paragraph(text: str) -> str:
    paragraph = next((p.strip() for p in (text or "").split("\n\n") if p.strip()), "")
    paragraph = " ".join(paragraph.split())
    if len(paragraph) > WHY_MAX:
        paragraph = paragraph[: WHY_MAX - 1].rsplit(" ", 1)[0] + "…"
    return paragraph


def build(walkout: Walkout) -> Advisory:
    """The advisory in the active language (the school's own time zone for the time)."""
    school, action = walkout.school, walkout.action
    state = STATE_NAMES.get(school.state, school.state)
    demands = crew_queries.adopted_demands(walkout)
    from_call = not demands
    if from_call:
        demands = action.lines("demands")
    return Advisory(
        walkout=walkout,
        headline=_("Students at %(school)s walk out on %(date)s")
        % {"school": school.name, "date": local_date(walkout)},
        who=_("Students of %(school)s in %(city)s, %(state)s, answering “%(call)s”.")
        % {
            "school": school.name,
            "city": school.city,
            "state": state,
            "call": action.t("title"),
        },
        what=_(
            "A student walkout: students leave class at the same time and gather outside their "
            "school, peacefully."
        ),
        when=_("%(date)s at %(time)s, local time")
        % {"date": local_date(walkout), "time": local_time(walkout)},
        where=_("Outside %(school)s, %(city)s, %(state)s")
        % {"school": school.name, "city": school.city, "state": state},
        why=_first_paragraph(action.t("call_text")),
        demands=demands,
        demands_are_the_calls=from_call and bool(demands),
        contact=queries.press_contact_of(walkout),
    )


def call_script(walkout: Walkout, *, advisory_url: str, contact: str) -> str:
    """What to say when calling a tipline, in the active language."""
    school = walkout.school
    script = _(
        "Hi, I have a news tip. Students at %(school)s in %(city)s are walking out on "
        "%(date)s at %(time)s, as part of “%(call)s”. It is peaceful and led by students."
    ) % {
        "school": school.name,
        "city": school.city,
        "date": local_date(walkout),
        "time": local_time(walkout),
        "call": walkout.action.t("title"),
    }
    if advisory_url:
        script += " " + _("Our media advisory is at %(url)s.") % {"url": advisory_url}
    if contact:
        script += " " + _("You can reach our crew's press contact at %(contact)s.") % {
            "contact": contact
        }
    return script + " " + _("Thank you!")


def call_scripts(walkout: Walkout, *, advisory_url: str, contact: str) -> list[tuple[str, str]]:
    """[(language code, script)] in English and Spanish, the active language first."""
    current = (translation.get_language() or "en").split("-")[0]
    scripts = []
    for code in sorted(("en", "es"), key=lambda code: code != current):
        with translation.override(code):
            scripts.append((code, call_script(walkout, advisory_url=advisory_url, contact=contact)))
    return scripts
