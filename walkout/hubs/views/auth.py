"""Staff sign-in with a second factor, sign-out, and the one-time setup link of new staff."""

import time

import segno
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from walkout.hubs.forms import CodeForm, SetupForm, SignInForm
from walkout.hubs.permissions import landing_page
from walkout.people import actions as people_actions
from walkout.people.middleware import SEEN_AT, SIGNED_IN_AT, VERIFIED


def _start_staff_session(request, user) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = time.time()
    request.session[VERIFIED] = False


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
                _start_staff_session(request, user)
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
            return redirect(landing_page(user))
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


@require_http_methods(["GET", "POST"])
def setup(request, token):
    """A new (or reset) staff member chooses a password, then sets up the second factor.

    Unknown, used and expired links all get the same 404 (SAFETY.md requirement 23).
    """
    request.noindex = True
    member = people_actions.member_for_setup(token)
    if member is None:
        raise Http404
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            people_actions.complete_setup(member, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error("password", error)
        else:
            _start_staff_session(request, member)
            return redirect("hubs:second_factor")
    return render(request, "hubs/setup.html", {"form": form, "member": member})
