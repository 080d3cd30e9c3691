from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from walkout.outreach import queries, share

register = template.Library()


@register.simple_tag
def rsvp_count(walkout) -> int:
    """How many said "I'm in" (one query)."""
    return queries.rsvp_count(walkout)


@register.simple_tag
def takes_rsvps(walkout) -> bool:
    return queries.takes_rsvps(walkout)


@register.simple_tag(takes_context=True)
def share_texts(context, walkout) -> list:
    """The ready-to-paste messages in English and Spanish, with the walkout's full URL."""
    request = context["request"]
    # No language prefix: each reader is sent to the page in their own language.
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("walkouts:walkout", args=[walkout.public_id])
    return share.share_texts(walkout, request.build_absolute_uri(path))


@register.filter
def share_items(texts) -> list[tuple[str, str, str]]:
    """(kind, label in the page's language, text) for one language's messages."""
    return [
        ("chat", _("Group chat"), texts.chat),
        ("caption", _("Post caption"), texts.caption),
        ("sms", _("Text message (fits 160 characters)"), texts.sms),
    ]
