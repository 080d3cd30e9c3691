"""Crew-to-crew connections with other schools."""

from django.db import transaction
from django.utils.translation import gettext as _

from walkout.crews import crypto, permissions
from walkout.crews.actions.base import (
    MAX_REQUESTS,
    CrewError,
    CrewForbidden,
    _below,
    _clean,
    _today,
)
from walkout.crews.actions.crew import ensure_crew
from walkout.crews.models import (
    Connection,
    ConnectionStatus,
    Member,
)
from walkout.walkouts.models import Walkout, WalkoutStatus

# --- other schools -------------------------------------------------------------------------


@transaction.atomic
def request_connection(*, by: Member, walkout: Walkout, message: str, handle: str) -> Connection:
    """Ask the crew of another approved walkout to connect. Nothing of either crew is shown
    to the other until it accepts; then each sees the handle the other chose to share."""
    if not permissions.can_reach_out(by):
        raise CrewForbidden(
            _("Only crew leads and whoever holds the other-schools role can do this.")
        )
    crew = by.crew
    if walkout.pk == crew.walkout_id:
        raise CrewError(_("That is your own crew."))
    if crew.walkout.status != WalkoutStatus.APPROVED:
        raise CrewError(
            _("Your walkout must be approved by the hub before you can reach other schools.")
        )
    if walkout.status != WalkoutStatus.APPROVED:
        raise CrewError(_("That walkout is not listed."))
    message, handle = (message or "").strip(), _clean(handle)
    if not message:
        raise CrewError(_("Write a short message."), field="message")
    if not handle:
        raise CrewError(_("Give a handle the other crew can reach you on."), field="handle")
    other = ensure_crew(walkout)
    if Connection.objects.filter(from_crew=other, to_crew=crew).exists():
        raise CrewError(_("That crew already asked you to connect: answer it below."))
    if crew.sent_connections.filter(to_crew=other).exists():
        raise CrewError(_("You already asked that crew."))
    _below(crew.sent_connections.count(), MAX_REQUESTS)
    connection = Connection(from_crew=crew, to_crew=other, created_day=_today())
    connection.message = crypto.seal(message, context=connection.context("message"))
    connection.from_handle = crypto.seal(handle, context=connection.context("from_handle"))
    connection.save()
    return connection


def answer_connection(
    *, by: Member, connection: Connection, accept: bool, handle: str = ""
) -> None:
    if not permissions.can_reach_out(by):
        raise CrewForbidden(
            _("Only crew leads and whoever holds the other-schools role can do this.")
        )
    if connection.to_crew_id != by.crew_id or connection.status != ConnectionStatus.PENDING:
        raise CrewError(_("This request has already been answered."))
    if accept:
        handle = _clean(handle)
        if not handle:
            raise CrewError(_("Give a handle the other crew can reach you on."), field="handle")
        connection.to_handle = crypto.seal(handle, context=connection.context("to_handle"))
        connection.status = ConnectionStatus.ACCEPTED
    else:
        connection.status = ConnectionStatus.DECLINED
    connection.save(update_fields=["to_handle", "status"])
