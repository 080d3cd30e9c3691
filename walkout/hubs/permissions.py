from functools import wraps

from django.shortcuts import redirect

from walkout.people.permissions import is_verified_staff


def staff_required(view):
    """Every hub page needs a password sign-in and a second factor (requirement 29)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_verified_staff(request):
            return redirect("hubs:login")
        request.noindex = True
        return view(request, *args, **kwargs)

    return wrapper
