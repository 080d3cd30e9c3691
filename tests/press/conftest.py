import pytest

from tests.crews.world import add_member, make_crew, organizer_of
from tests.factories import ActionFactory, CampaignFactory, HubFactory, SchoolFactory
from tests.hubs.conftest import admin, moderator, staff_with_role, support_staff  # noqa: F401
from walkout.crews import actions as crew_actions
from walkout.crews.models import RoleKind


@pytest.fixture
def hub():
    return HubFactory(name="National Student Walkout Hub")


@pytest.fixture
def call(hub):
    return ActionFactory(
        campaign=CampaignFactory(hub=hub, slug="spring-surge"),
        slug="friday",
        title="Walk out for our families",
        call_text="Students walk out to stand with immigrant families.\n\nMore details below.",
    )


@pytest.fixture
def school():
    return SchoolFactory(
        name="Lincoln High School",
        city="Chicago",
        state="IL",
        latitude=41.8858,
        longitude=-87.6181,
        timezone="America/Chicago",
    )


@pytest.fixture
def crew(call, school):
    crew, token = make_crew(action=call, school=school, meeting_spot="Behind the gym, SECRETSPOT")
    crew.organizer_token = token
    return crew


@pytest.fixture
def organizer(crew):
    return organizer_of(crew)


@pytest.fixture
def fox(crew):
    """A member without the press role."""
    member, token = add_member(crew, "fox")
    member.token = token
    return member


@pytest.fixture
def owl(crew):
    """A member holding the press role."""
    member, token = add_member(crew, "owl")
    crew_actions.take_role(member=member, role=crew.roles.get(kind=RoleKind.PRESS))
    member.token = token
    return member


def tipline_data(**changes):
    data = {
        "outlet": "Chicago Tribune",
        "state": "IL",
        "metro": "Chicago",
        "channel": "email",
        "tipline": "tips@example.com",
        "language": "en",
        "notes": "",
    }
    return data | changes
