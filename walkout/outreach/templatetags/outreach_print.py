"""Links to a walkout's flyers, posters and share images, for the walkout and crew pages."""

from django import template
from django.urls import reverse

from walkout.outreach import material

register = template.Library()


@register.simple_tag
def print_links(walkout, token=""):
    """[(language label, [(label, url, kind)...])...]: public URLs, or the crew's own with
    `token` (which also serve a pending walkout)."""
    labels = material.paper_labels()
    shares = {
        "story": material.share_labels()["story"],
        "preview": material.share_labels()["preview"],
    }
    groups = []
    for code, language in material.language_labels().items():
        links = []
        for paper, label in labels.items():
            name, first = (
                ("outreach:crew_flyer", token) if token else ("outreach:flyer", walkout.public_id)
            )
            links.append((label, reverse(name, args=[first, paper, code]), "pdf"))
        for kind, label in shares.items():
            name, first = (
                ("outreach:crew_share", token) if token else ("outreach:share", walkout.public_id)
            )
            links.append((label, reverse(name, args=[first, kind, code]), "png"))
        groups.append((code, language, links))
    return groups


@register.simple_tag(takes_context=True)
def share_image_url(context, walkout, language="en"):
    """The absolute URL of the walkout's 1200×630 preview image (for og:image)."""
    path = reverse("outreach:share", args=[walkout.public_id, "preview", language])
    return material.public_base_url(context["request"]) + path
