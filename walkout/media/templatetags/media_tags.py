from django import template

from walkout.media import queries

register = template.Library()


@register.inclusion_tag("media/_gallery.html")
def walkout_gallery(walkout):
    """The walkout's published photos and videos (none before it starts)."""
    return {"items": queries.walkout_gallery(walkout), "show_school": False}


@register.filter
def file_of(item, role):
    """The item's file with `role` ("full", "medium", "thumb", "video"), from the prefetch."""
    return next((f for f in item.files.all() if f.role == role), None)
