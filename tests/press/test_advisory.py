import pytest
from django.utils import translation

from tests.factories import WalkoutFactory
from walkout.crews import actions as crew_actions
from walkout.press import actions, advisory

pytestmark = pytest.mark.django_db


def test_without_adopted_demands_the_advisory_shows_the_calls(call, school):
    walkout = WalkoutFactory(action=call, school=school)  # no crew at all

    result = advisory.build(walkout)

    assert result.demands == ["No ICE in schools", "No punishment for walking out"]
    assert result.demands_are_the_calls is True
    assert result.contact == ""
    assert result.why == "Students walk out to stand with immigrant families."
    assert result.where == "Outside Lincoln High School, Chicago, Illinois"


def test_adopted_demands_replace_the_calls(crew, organizer):
    demand = crew_actions.propose_demand(member=organizer, text="Counselors, not cops")
    crew_actions.adopt_demand(by=organizer, demand=demand)
    actions.set_press_contact(by=organizer, handle="lincoln.walkout")

    result = advisory.build(crew.walkout)

    assert (result.demands, result.demands_are_the_calls, result.contact) == (
        ["Counselors, not cops"],
        False,
        "lincoln.walkout",
    )


def test_call_scripts_in_both_languages_active_first(crew, organizer):
    with translation.override("es"):
        scripts = advisory.call_scripts(crew.walkout, advisory_url="", contact="x.y")

    assert [code for code, _script in scripts] == ["es", "en"]
    english = scripts[1][1]
    assert english.startswith("Hi, I have a news tip. Students at Lincoln High School in Chicago")
    assert english.endswith("You can reach our crew's press contact at x.y. Thank you!")
    assert "media advisory" not in english
