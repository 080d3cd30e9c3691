"""Boring factories for the domain. Each builds valid, minimal rows."""

import datetime

import factory
from django.utils import timezone

from walkout.campaigns.models import Action, ActionStatus, Campaign
from walkout.common import tokens
from walkout.common.text import normalize_name
from walkout.hubs.models import Hub
from walkout.people import actions as people_actions
from walkout.walkouts.models import School, SchoolKind, SchoolSource, Walkout, WalkoutStatus
from walkout.walkouts.timing import local_instant

STAFF_PASSWORD = "correct horse battery staple 42"


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub

    slug = factory.Sequence(lambda n: f"hub-{n}")
    name = factory.Sequence(lambda n: f"Hub {n}")


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    hub = factory.SubFactory(HubFactory)
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    name = "Spring Surge"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    campaign = factory.SubFactory(CampaignFactory)
    slug = factory.Sequence(lambda n: f"action-{n}")
    title = "Walk out for our families"
    date = factory.LazyFunction(lambda: timezone.now().date() + datetime.timedelta(days=21))
    local_time = datetime.time(14, 0)
    call_text = "Walk out at 2PM local time."
    demands = "No ICE in schools\nNo punishment for walking out"
    chants = "Education, not deportation!"
    status = ActionStatus.OPEN


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Test High School {n}")
    normalized_name = factory.LazyAttribute(lambda o: normalize_name(o.name))
    kind = SchoolKind.HIGH
    city = "Chicago"
    state = "IL"
    zip_code = "60601"
    latitude = 41.8858
    longitude = -87.6181
    timezone = "America/Chicago"
    source = SchoolSource.NCES_PUBLIC
    confirmed = True


class WalkoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Walkout

    action = factory.SubFactory(ActionFactory)
    school = factory.SubFactory(SchoolFactory)
    timezone = factory.LazyAttribute(lambda o: o.school.timezone)
    starts_at = factory.LazyAttribute(
        lambda o: local_instant(o.action.date, o.action.local_time, o.school.timezone)
    )
    description = "We walk out together."
    organizer_pseudonym = "sunflower"
    status = WalkoutStatus.APPROVED
    organizer_token_digest = factory.LazyFunction(lambda: tokens.new_token()[1])
    created_day = factory.LazyFunction(lambda: timezone.now().date())


def make_staff(hub=None, username="moderator", *, verified_seed=True):
    """A staff user; returns (user, totp_seed)."""
    hub = hub or HubFactory()
    user = people_actions.create_staff_user(username=username, password=STAFF_PASSWORD, hub=hub)
    seed = people_actions.begin_totp_setup(user)
    if verified_seed:
        user.totp_confirmed = True
        user.save(update_fields=["totp_confirmed"])
    return user, seed
