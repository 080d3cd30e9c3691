"""Campaigns and their actions, managed in the console (no Django admin knowledge needed)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from walkout.campaigns import actions as campaign_actions
from walkout.campaigns.models import Action, Campaign
from walkout.hubs import queries
from walkout.hubs.forms import ACTION_SPANISH, ActionForm, ActionStatusForm, CampaignForm
from walkout.hubs.permissions import can_manage_campaigns, staff_required
from walkout.hubs.views.common import notify, render_hub


@staff_required(can=can_manage_campaigns)
def campaigns(request):
    return render_hub(
        request,
        "hubs/campaigns.html",
        {
            "campaigns": queries.campaigns_with_actions(request.user.hub_id),
            "earliest_date": campaign_actions.earliest_allowed_date(),
        },
        section="campaigns",
    )


def _campaign_or_404(request, slug) -> Campaign:
    return get_object_or_404(Campaign, slug=slug, hub=request.user.hub_id)


def _action_or_404(request, public_id) -> Action:
    action = (
        Action.objects.select_related("campaign")
        .filter(public_id=public_id, campaign__hub=request.user.hub_id)
        .first()
    )
    if action is None:
        raise Http404
    return action


def _spanish(data: dict, names) -> dict:
    return {name.removesuffix("_es"): data.get(name, "") for name in names}


def _campaign_initial(campaign: Campaign) -> dict:
    es = campaign.translations.get("es", {})
    return {
        "name": campaign.name,
        "slug": campaign.slug,
        "summary": campaign.summary,
        "name_es": es.get("name", ""),
        "summary_es": es.get("summary", ""),
    }


@staff_required(can=can_manage_campaigns)
@require_http_methods(["GET", "POST"])
def campaign_form(request, slug=None):
    campaign = _campaign_or_404(request, slug) if slug else None
    initial = _campaign_initial(campaign) if campaign else {}
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign_actions.save_campaign(
                staff=request.user,
                campaign=campaign,
                slug=data["slug"],
                name=data["name"],
                summary=data["summary"],
                spanish=_spanish(data, ("name_es", "summary_es")),
            )
        except campaign_actions.CampaignError as error:
            form.add_error(error.field, str(error))
        else:
            notify(request, _("Campaign saved."))
            return redirect("hubs:campaigns")
    return render_hub(
        request,
        "hubs/campaign_form.html",
        {"form": form, "campaign": campaign},
        section="campaigns",
        status=400 if form.is_bound else 200,
    )


def _action_initial(action: Action) -> dict:
    es = action.translations.get("es", {})
    initial = {
        name: getattr(action, name)
        for name in ("title", "slug", "date", "local_time", "status", "call_text")
    }
    initial.update({name: getattr(action, name) for name in ("demands", "chants", "resources")})
    initial.update({name: es.get(name.removesuffix("_es"), "") for name in ACTION_SPANISH})
    return initial


@staff_required(can=can_manage_campaigns)
@require_http_methods(["GET", "POST"])
def action_form(request, slug=None, public_id=None):
    """Create an action of the campaign `slug`, or edit the action `public_id`."""
    action = _action_or_404(request, public_id) if public_id else None
    campaign = action.campaign if action else _campaign_or_404(request, slug)
    initial = _action_initial(action) if action else {"local_time": "14:00", "status": "draft"}
    form = ActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            name: data[name] for name in ("title", "call_text", "demands", "chants", "resources")
        }
        try:
            campaign_actions.save_action(
                staff=request.user,
                campaign=campaign,
                action=action,
                slug=data["slug"],
                date=data["date"],
                local_time=data["local_time"],
                status=data["status"],
                spanish=_spanish(data, ACTION_SPANISH),
                **fields,
            )
        except campaign_actions.CampaignError as error:
            form.add_error(error.field, str(error))
        else:
            notify(request, _("Call saved."))
            return redirect("hubs:campaigns")
    return render_hub(
        request,
        "hubs/action_form.html",
        {"form": form, "action": action, "campaign": campaign},
        section="campaigns",
        status=400 if form.is_bound else 200,
    )


@staff_required(can=can_manage_campaigns)
@require_POST
def action_status(request, public_id):
    """Open or close registration from the campaigns list; a refusal shows it again (400)."""
    action = _action_or_404(request, public_id)
    form = ActionStatusForm(request.POST)
    error = _("Choose open, closed or draft.")
    if form.is_valid():
        try:
            campaign_actions.set_action_status(
                action, staff=request.user, status=form.cleaned_data["status"]
            )
        except campaign_actions.CampaignError as refused:
            error = str(refused)
        else:
            action.refresh_from_db()
            notice = _("%(title)s: %(status)s.")
            notify(request, notice % {"title": action.title, "status": action.get_status_display()})
            return redirect("hubs:campaigns")
    return render_hub(
        request,
        "hubs/campaigns.html",
        {
            "campaigns": queries.campaigns_with_actions(request.user.hub_id),
            "earliest_date": campaign_actions.earliest_allowed_date(),
            "error": error,
        },
        section="campaigns",
        status=400,
    )
