"""Ready-to-paste messages about a walkout, in English and in Spanish whatever the page's
language: a short one for group chats, a caption for posts, and one that fits a 160-character
text message. Plain text, no hashtags, nothing about organizers (no pseudonym, no meeting
spot): only the school, the local date and time, and the walkout's public address.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from walkout.walkouts.templatetags.walkout_tags import local_date, local_time

LANGUAGES = (("en", "English"), ("es", "Español"))


@dataclass(frozen=True)
class ShareTexts:
    lang: str
    language_name: str
    chat: str
    caption: str
    sms: str


def texts_in(lang: str, walkout, url: str) -> ShareTexts:
    with translation.override(lang):
        values = {
            "school": walkout.school.name,
            "date": local_date(walkout),
            "time": local_time(walkout),
            "city": walkout.school.city,
            "url": url,
        }
        chat = _(
            "Walkout at %(school)s: %(date)s at %(time)s. "
            "Walk out with us. Details and “I'm in”: %(url)s"
        )
        caption = _(
            "We are walking out at %(school)s in %(city)s on %(date)s at %(time)s.\n\n"
            "Students everywhere are walking out together. Come with your friends, stay "
            "together and know your rights before the day.\n\n"
            "No sign-up, no name, no phone number: tap “I'm in” on the walkout page so we know "
            "how many are coming, and add it to your calendar.\n\n%(url)s"
        )
        sms = _("Walkout %(date)s %(time)s at %(school)s. Info: %(url)s")
        return ShareTexts(
            lang=lang,
            language_name=dict(LANGUAGES)[lang],
            chat=chat % values,
            caption=caption % values,
            sms=sms % values,
        )


def share_texts(walkout, url: str) -> list[ShareTexts]:
    """The messages in every language, English first."""
    return [texts_in(lang, walkout, url) for lang, _name in LANGUAGES]
