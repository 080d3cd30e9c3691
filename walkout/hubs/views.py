"""Hub staff: sign-in with a second factor, and the moderation queue."""

import time

import segno
from django.contrib.auth import authenticate, login, logout
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from walkout.hubs.forms import CodeForm, DecisionForm, SignInForm
from walkout.hubs.permissions import staff_required
from walkout.people import actions as people_actions
from walkout.people.middleware import SEEN_AT, SIGNED_IN_AT, VERIFIED
from walkout.walkouts import actions as walkout_actions
from walkout.walkouts import queries as walkout_queries
from walkout.walkouts.models import Walkout


@require_http_methods(["GET", "POST"])
def sign_in(request):
    request.noindex = True
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        if people_actions.sign_in_blocked(username):
            form.add_error(None, _("Too many failed attempts. Wait 15 minutes and try again."))
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                people_actions.note_failed_sign_in(username)
                form.add_error(None, _("That username and password don't match."))
            else:
                login(request, user)
                request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = time.time()
                request.session[VERIFIED] = False
                return redirect("hubs:second_factor")
    return render(request, "hubs/sign_in.html", {"form": form})


@require_http_methods(["GET", "POST"])
def second_factor(request):
    """Check the TOTP code; a staff member without one sets it up here first."""
    request.noindex = True
    user = request.user
    if not user.is_authenticated:
        return redirect("hubs:login")
    setup = None
    if not user.totp_confirmed:
        seed = people_actions.totp_seed(user) or people_actions.begin_totp_setup(user)
        uri = people_actions.provisioning_uri(user, seed)
        setup = {"seed": seed, "qr": segno.make(uri, error="m").svg_data_uri(scale=4)}
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if people_actions.sign_in_blocked(user.username):
            form.add_error(None, _("Too many failed attempts. Wait 15 minutes and try again."))
        elif people_actions.verify_totp(user, form.cleaned_data["code"]):
            people_actions.clear_failed_sign_ins(user.username)
            request.session.cycle_key()
            request.session[VERIFIED] = True
            return redirect("hubs:queue")
        else:
            people_actions.note_failed_sign_in(user.username)
            form.add_error("code", _("That code is not right. Codes change every 30 seconds."))
    return render(request, "hubs/second_factor.html", {"form": form, "setup": setup})


@require_POST
def sign_out(request):
    logout(request)
    response = redirect("public:home")
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@staff_required
def queue(request):
    pending = list(walkout_queries.moderation_queue(request.user.hub))
    return render(request, "hubs/queue.html", {"pending": pending, "form": DecisionForm()})


@staff_required
@require_POST
def decide(request, public_id):
    walkout = get_object_or_404(
        Walkout, public_id=public_id, action__campaign__hub=request.user.hub
    )
    form = DecisionForm(request.POST)
    error = None
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            if decision == "reject":
                walkout_actions.reject_walkout(
                    walkout, staff=request.user, reason=form.cleaned_data["reason"]
                )
            else:
                walkout_actions.approve_walkout(
                    walkout, staff=request.user, trust=decision == "trust"
                )
        except walkout_actions.WalkoutError as exc:
            error = str(exc)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    if error is None:
        return redirect("hubs:queue")
    pending = list(walkout_queries.moderation_queue(request.user.hub))
    return render(
        request,
        "hubs/queue.html",
        {
            "pending": pending,
            "form": DecisionForm(),
            "error": error,
            "error_for": walkout.public_id,
        },
        status=400,
    )
