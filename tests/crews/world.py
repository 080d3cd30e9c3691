"""Builders for crew tests (plain functions, used by the unit and the browser tests)."""

from django.urls import reverse

from tests.factories import WalkoutFactory
from walkout.common import tokens
from walkout.crews import actions
from walkout.crews.actions.crew import _add_member
from walkout.crews.models import Crew, Member


def make_crew(**walkout_fields) -> tuple[Crew, str]:
    """A walkout (approved unless told otherwise) with its crew; returns (crew, organizer
    token). The organizer token opens the crew as its organizer."""
    token, digest = tokens.new_token()
    walkout = WalkoutFactory(organizer_token_digest=digest, **walkout_fields)
    return actions.ensure_crew(walkout), token


def add_member(crew: Crew, pseudonym: str, *, lead: bool = False) -> tuple[Member, str]:
    member, token = _add_member(crew, pseudonym)
    if lead:
        member.is_lead = True
        member.save(update_fields=["is_lead"])
    return member, token


def organizer_of(crew: Crew) -> Member:
    return crew.members.get(is_organizer=True)


def url(name: str, token: str) -> str:
    return reverse(f"crews:{name}", args=[token])


PAGES = ["home", "roles", "plan", "demands", "ideas", "board", "schools", "people"]
