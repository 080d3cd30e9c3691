"""Stats for one action: server-drawn charts with the same numbers as tables, and a CSV of
aggregates only (never a row per walkout)."""

import csv

from django.http import HttpResponse
from django.utils.translation import gettext as _

from walkout.campaigns.models import ActionStatus
from walkout.common.charts import bar_chart, column_chart
from walkout.hubs import queries, stats
from walkout.hubs.permissions import staff_required
from walkout.hubs.views.common import render_hub


def _chosen_action(request):
    actions = list(queries.hub_actions(request.user.hub_id))
    wanted = request.GET.get("action", "")
    chosen = next((a for a in actions if a.public_id == wanted), None)
    if chosen is None and not wanted:
        opened = [a for a in actions if a.status == ActionStatus.OPEN]
        chosen = (opened or actions or [None])[0]
    return actions, chosen


def _chart(section, rows):
    pairs = [(label, count) for _key, label, count in rows]
    draw = column_chart if section.chart == "columns" else bar_chart
    extra = {"label_width": section.label_width} if section.chart == "bars" else {}
    total = sum(count for _pair_label, count in pairs)
    description = _("%(what)s Total: %(total)d.") % {"what": section.description, "total": total}
    return draw(pairs, key=section.key, title=str(section.title), description=description, **extra)


def _stats_page(request, actions, action, *, error=None, status=200):
    sections = []
    for section in stats.SECTIONS if action is not None else []:
        rows = section.rows(action)
        chart = _chart(section, rows) if rows else None
        sections.append({"section": section, "rows": rows, "chart": chart})
    return render_hub(
        request,
        "hubs/stats.html",
        {
            "actions": actions,
            "action": action,
            "sections": sections,
            "exportable": action is not None and action.status == ActionStatus.OPEN,
            "error": error,
        },
        section="stats",
        status=status,
    )


@staff_required
def stats_page(request):
    actions, action = _chosen_action(request)
    if action is None and request.GET.get("action"):
        return _stats_page(request, actions, None, error=_("There is no such call."), status=404)
    return _stats_page(request, actions, action)


@staff_required
def stats_export(request):
    """CSV of aggregates for an open call; counts of 1 and 2 are written "<3".

    A closed (or draft) call is refused with a reason: after a call closes, its walkouts are
    deleted on schedule, so an export would change from one day to the next.
    """
    actions, action = _chosen_action(request)
    if action is None:
        return _stats_page(request, actions, None, error=_("There is no such call."), status=404)
    if action.status != ActionStatus.OPEN:
        message = _(
            "Only calls open for walkouts can be exported. This call is %(status)s: after a "
            "call closes its walkouts are deleted on schedule, so its figures would change "
            "from one day to the next. Its counts by state and time zone stay on this page."
        ) % {"status": action.get_status_display().lower()}
        return _stats_page(request, actions, action, error=message, status=400)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"walkout-{action.campaign.slug}-{action.slug}-aggregates.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["section", "key", "count"])
    for section in stats.SECTIONS:
        for key, _label, count in section.rows(action):
            writer.writerow([section.key, key, stats.export_value(count)])
    return response
