"""Who may do what in the hub console: one function per capability, one condition a line.

Every console view is wrapped in `staff_required(can=...)`: a password sign-in *and* a second
factor checked in this session (SAFETY.md requirement 29), then the capability. A staff member
without the capability gets a 403 page; anyone without both factors is sent to sign in.

Roles (people.models.StaffRole):
- admin: everything, including staff accounts and the audit log;
- moderator: the moderation queue (approve, reject, merge, ask for changes), featuring;
- support: answering organizers, announcements to organizers.
Every role can read the console, the walkout list and the stats.
"""

from functools import wraps

from django.shortcuts import redirect, render

from walkout.people.models import StaffRole, User
from walkout.people.permissions import is_verified_staff


def can_view_console(user: User) -> bool:
    """The walkout list, a walkout's console page, the stats and their CSV of aggregates."""
    return user.role in {StaffRole.ADMIN, StaffRole.MODERATOR, StaffRole.SUPPORT}


def can_moderate(user: User) -> bool:
    """The moderation queue: approve, approve and trust, reject, ask for changes, merge."""
    return user.role in {StaffRole.ADMIN, StaffRole.MODERATOR}


def can_feature(user: User) -> bool:
    """Boost a walkout onto its action's page, or stop boosting it."""
    return user.role in {StaffRole.ADMIN, StaffRole.MODERATOR}


def can_support(user: User) -> bool:
    """Read organizers' messages and answer them."""
    return user.role in {StaffRole.ADMIN, StaffRole.SUPPORT}


def can_announce(user: User) -> bool:
    """Post (and withdraw) an announcement to all organizers of an action."""
    return user.role in {StaffRole.ADMIN, StaffRole.SUPPORT}


def can_manage_campaigns(user: User) -> bool:
    """Create and edit campaigns and actions; open and close registration."""
    return user.role == StaffRole.ADMIN


def can_view_audit(user: User) -> bool:
    return user.role == StaffRole.ADMIN


def can_manage_staff(user: User) -> bool:
    """Create staff accounts, give setup links, deactivate accounts."""
    return user.role == StaffRole.ADMIN


def can_manage_member(user: User, member: User) -> bool:
    """Reset or deactivate `member`: an admin of the same hub, never on their own account."""
    if not can_manage_staff(user):
        return False
    if member.hub_id != user.hub_id:
        return False
    return member.pk != user.pk


CAPABILITIES = {
    "view_console": can_view_console,
    "moderate": can_moderate,
    "feature": can_feature,
    "support": can_support,
    "announce": can_announce,
    "manage_campaigns": can_manage_campaigns,
    "view_audit": can_view_audit,
    "manage_staff": can_manage_staff,
}


def capabilities(user: User) -> dict[str, bool]:
    """{"moderate": True, ...} for templates, which show only what the user may use."""
    return {name: check(user) for name, check in CAPABILITIES.items()}


def landing_page(user: User) -> str:
    """Where a staff member starts after signing in: the queue, or the organizers' messages."""
    return "hubs:queue" if can_moderate(user) else "hubs:support"


def forbidden(request):
    response = render(request, "hubs/forbidden.html", {"caps": capabilities(request.user)})
    response.status_code = 403
    return response


def staff_required(view=None, *, can=can_view_console):
    """Every hub page needs a password sign-in, a second factor and the capability `can`.

    Use as `@staff_required` (any staff role) or `@staff_required(can=can_moderate)`.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.noindex = True
            if not is_verified_staff(request):
                return redirect("hubs:login")
            if not can(request.user):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
