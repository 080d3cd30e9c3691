"""The public privacy page, built from the data inventory (docs/data-inventory.yaml).

The inventory holds the plain-language texts in English; PHRASES holds the same texts marked
for translation, keyed by inventory id, so that makemessages finds them. A test checks that
both say the same thing, word for word.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from walkout.common import inventory

PHRASES = {
    # tables: what is kept
    "table:walkouts.Walkout": _(
        "For each walkout: its school and call, its description and the organizer's pseudonym "
        "(public once a moderator approves it), a meeting spot and notes that only its "
        "organizers see, its review status, and the day it was registered."
    ),
    "table:hubs.SupportMessage": _("Messages between a walkout's organizers and the hub."),
    "table:crews.Crew": _(
        "For each crew: its members' pseudonyms and roles, its plan, demands and votes, chants "
        "and poster ideas, and its notes and contact handles for other crews, which are stored "
        "encrypted."
    ),
    "table:walkouts.School": _(
        "The school directory: names, cities and ZIP codes of schools from official public "
        "lists, and schools that students added."
    ),
    "table:walkouts.WalkoutTally": _(
        "How many walkouts took place in each state, kept after their details are deleted."
    ),
    "table:outreach.RsvpReceipt": _(
        'For each walkout, how many people said "I\'m in", and for each of them a scrambled '
        "receipt and the day, so that the same browser can take it back. Nothing says who."
    ),
    "table:press.PressContact": _(
        "For each crew that chooses one: a press contact (such as a Signal username made for the "
        "crew), printed on its public media advisory. The form refuses phone numbers."
    ),
    "table:cases.Report": _(
        "For each repercussion report: the report itself, encrypted so that only the support "
        "team's own keys can open it (not this website's server), the day it was sent, its "
        "status, and a scrambled form of its case link."
    ),
    "table:hubs.AuditEntry": _(
        "For hub staff only: what each staff member did (approved, rejected, ...), to what, and "
        "on which day."
    ),
    "table:people.User": _(
        "Hub staff accounts: a username, a scrambled password and an encrypted key for the "
        "second sign-in step."
    ),
    "table:sessions.Session": _("For hub staff only, while signed in, their session."),
    "table:walkout_shared_cache": _(
        "Anti-spam counters and single-use form stamps, under scrambled keys that cannot be "
        "turned back into an address."
    ),
    # retention policies
    "retention:walkout": _(
        "Deleted %(days)s days after the day of action, or at once when its organizer deletes it."
    ),
    "retention:audit": _("Deleted after %(days)s days."),
    "retention:report_case": _(
        "Deleted %(days)s days after the case is closed, and never kept longer than a year."
    ),
    "retention:media_upload": _(
        "Deleted within an hour unless sent; the original file as soon as faces are covered."
    ),
    "retention:session": _("Ends after 30 idle minutes or 12 hours at most."),
    "retention:cache": _("Expires within 4 hours."),
    "retention:directory": _("Kept, as a public directory."),
    "retention:hub_content": _("Kept while the hub publishes it."),
    "retention:counts": _("Kept, as counts only."),
    "retention:staff_account": _("Kept while the person is on the hub's staff."),
    # what is never stored
    "never:contact": _("Names, e-mail addresses, phone numbers or home addresses of students."),
    "never:ip": _(
        "IP addresses, in the database, the logs or anywhere else. Limits on how many forms one "
        "network can send use a scrambled value that changes every day and cannot be turned "
        "back into an address."
    ),
    "never:browser": _(
        "Which browser or device you use, the page you came from, or your language settings."
    ),
    "never:time": _("The time of day you did something. The few dates kept are days only."),
    "never:accounts": _(
        "Student accounts. Nobody signs up, so there are no passwords of students to leak."
    ),
    "never:links": _(
        "Your secret links. Only a fingerprint of each is kept, which cannot be turned back into "
        "the link."
    ),
    "never:logs": _("Access logs. The server keeps no record of who opened which page."),
}


def plain_texts(data: dict | None = None) -> dict[str, str]:
    """Every plain-language text of the inventory, by the same ids as PHRASES."""
    data = data or inventory.load()
    texts = {}
    for label, entry in [*data["tables"].items(), *data["other_tables"].items()]:
        if "plain" in entry:
            texts[f"table:{label}"] = entry["plain"]
    for name, policy in data["retention"].items():
        if "plain" in policy:
            texts[f"retention:{name}"] = policy["plain"]
    for item in data["never_stored"]:
        texts[f"never:{item['id']}"] = item["plain"]
    return {key: " ".join(text.split()) for key, text in texts.items()}


def _retention_text(name: str, policy: dict) -> str:
    days = inventory.retention_days(policy)
    phrase = PHRASES[f"retention:{name}"]
    return phrase % {"days": days} if days is not None else str(phrase)


def kept_items(data: dict | None = None) -> list[dict]:
    """What the platform keeps, in plain words, each with how long."""
    data = data or inventory.load()
    policies = data["retention"]
    items = []
    for label, entry in [*data["tables"].items(), *data["other_tables"].items()]:
        if "plain" in entry:
            items.append(
                {
                    "text": PHRASES[f"table:{label}"],
                    "kept": _retention_text(entry["retention"], policies[entry["retention"]]),
                }
            )
    return items


def privacy(request):
    data = inventory.load()
    context = {
        "kept": kept_items(data),
        "never": [PHRASES[f"never:{item['id']}"] for item in data["never_stored"]],
        "walkout_days": settings.WALKOUT_RETAIN_WALKOUT_DAYS,
    }
    return render(request, "public/privacy.html", context)
