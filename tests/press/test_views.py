import pypdfium2
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests.crews.world import add_member
from tests.helpers import session_queries, sign_in_verified
from tests.press.conftest import tipline_data
from walkout.crews import actions as crew_actions
from walkout.hubs.models import AuditEntry
from walkout.press import actions
from walkout.press.models import PressContact, Suggestion, SuggestionStatus, Tipline
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db

SPEAKS_ONLY = "Only crew leads and whoever holds the press role can do this."


def press_url(token: str) -> str:
    return reverse("press:crew", args=[token])


def error_box(text: str) -> str:
    return f'<div class="errors" role="alert"><p>{escape(text)}</p></div>'


def field_error(field: str, text: str) -> str:
    return f'<ul class="errorlist" id="id_{field}_error"><li>{escape(text)}</li></ul>'


def pdf_text(body: bytes) -> str:
    pdf = pypdfium2.PdfDocument(body)
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    return " ".join(text.replace("\r", " ").split())


# --- the crew's press page -------------------------------------------------------------------


def test_the_lead_sees_the_forms_and_the_tiplines(client, hub, crew, admin):
    actions.create_tipline(staff=admin, data=tipline_data())

    html = client.get(press_url(crew.organizer_token)).content.decode()

    assert '<input type="hidden" name="op" value="handle">' in html
    assert '<input type="hidden" name="op" value="suggest">' in html
    assert "<h3>Chicago Tribune</h3>" in html
    assert '<a href="mailto:tips@example.com">tips@example.com</a>' in html
    assert "1–2 days before the walkout, and again on the morning of the walkout" in html
    assert (
        "Hi, I have a news tip. Students at Lincoln High School in Chicago are walking out on"
        in html
    )
    assert (
        '<details><summary>The script in Spanish</summary><blockquote class="script" lang="es">'
        in html
    )
    assert 'aria-current="page">Press</a>' in html


def test_a_member_without_the_role_reads_only(client, crew, fox):
    html = client.get(press_url(fox.token)).content.decode()

    assert "to help, take the press role on the Roles page." in html
    assert 'name="op" value="handle"' not in html
    assert 'name="op" value="suggest"' not in html


def test_a_member_without_the_role_cannot_post(client, crew, fox):
    response = client.post(press_url(fox.token), {"op": "handle", "handle": "fox.press"})

    assert response.status_code == 403
    assert error_box(SPEAKS_ONLY) in response.content.decode()
    assert PressContact.objects.count() == 0


def test_the_press_role_saves_the_handle(client, crew, owl):
    response = client.post(press_url(owl.token), {"op": "handle", "handle": "lincoln.walkout"})

    assert response.status_code == 302
    assert response.headers["Location"] == press_url(owl.token) + "?ok=handle"
    html = client.get(response.headers["Location"]).content.decode()
    assert "Reporters see: <strong>lincoln.walkout</strong>" in html
    assert "Press contact saved. It is on your media advisory." in html


@pytest.mark.parametrize(
    ("handle", "message"),
    [
        ("x" * 61, "Ensure this value has at most 60 characters (it has 61)."),
        (
            "312-555-0199",
            "Don't publish a phone number: use a Signal username or a shared e-mail address.",
        ),
        ("<b>hi</b>", "Use letters, numbers and @ . _ - + only."),
    ],
)
def test_a_bad_handle_is_refused(client, crew, owl, handle, message):
    response = client.post(press_url(owl.token), {"op": "handle", "handle": handle})

    assert response.status_code == 200
    assert field_error("handle", message) in response.content.decode()
    assert PressContact.objects.count() == 0


def test_remove_the_handle(client, crew, owl):
    actions.set_press_contact(by=owl, handle="lincoln.walkout")

    response = client.post(press_url(owl.token), {"op": "remove-handle"})

    assert response.status_code == 302
    assert PressContact.objects.count() == 0


def test_unknown_op_and_unknown_link(client, crew, owl):
    assert client.post(press_url(owl.token), {"op": "nope"}).status_code == 400
    assert client.get(press_url("x" * 43)).status_code == 404


def test_suggest_a_tipline_and_the_daily_limit(client, crew, owl):
    for n in range(3):
        response = client.post(
            press_url(owl.token), {"op": "suggest", **tipline_data(outlet=f"Outlet {n}")}
        )
        assert response.status_code == 302

    response = client.post(press_url(owl.token), {"op": "suggest", **tipline_data()})

    assert response.status_code == 200
    assert error_box("Your crew has sent 3 suggestions today. Send more tomorrow.") in (
        response.content.decode()
    )
    assert Suggestion.objects.count() == 3


def test_a_bad_suggestion_keeps_the_text(client, crew, owl):
    data = tipline_data(outlet="WBEZ", channel="web", tipline="javascript:alert(1)", state="ZZ")

    response = client.post(press_url(owl.token), {"op": "suggest", **data})

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        field_error("state", "Select a valid choice. ZZ is not one of the available choices.")
        in html
    )
    assert 'value="WBEZ"' in html
    assert Suggestion.objects.count() == 0


def test_empty_tipline_list_says_what_to_do(client, crew):
    html = client.get(press_url(crew.organizer_token)).content.decode()

    assert "The hub has no tiplines for your area yet." in html


def test_the_crew_overview_links_to_the_press_page(client, crew):
    html = client.get(reverse("crews:home", args=[crew.organizer_token])).content.decode()

    assert f'<a href="{press_url(crew.organizer_token)}">Open the press page</a>' in html


# --- the media advisory ----------------------------------------------------------------------


def _advise(crew, organizer):
    actions.set_press_contact(by=organizer, handle="lincoln.walkout")
    demand = crew_actions.propose_demand(member=organizer, text="Counselors, not cops")
    crew_actions.adopt_demand(by=organizer, demand=demand, adopted=True)


def test_public_advisory_has_the_facts_and_not_the_meeting_spot(client, crew, organizer):
    _advise(crew, organizer)
    walkout = crew.walkout

    response = client.get(reverse("press:advisory", args=[walkout.public_id]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Students at Lincoln High School walk out on " in html
    assert "<dt>Where</dt><dd>Outside Lincoln High School, Chicago, Illinois</dd>" in html
    assert "<dt>Press contact</dt><dd>lincoln.walkout</dd>" in html
    assert "<li>Counselors, not cops</li>" in html
    assert "Students walk out to stand with immigrant families." in html
    assert " PM CST, local time</dd>" in html or " PM CDT, local time</dd>" in html
    assert "SECRETSPOT" not in html


def test_advisory_in_spanish(client, crew, organizer):
    _advise(crew, organizer)

    html = client.get(
        "/es" + reverse("press:advisory", args=[crew.walkout.public_id])
    ).content.decode()

    with translation.override("es"):
        from walkout.walkouts.templatetags.walkout_tags import local_date

        date = local_date(crew.walkout)
    assert '<html lang="es">' in html
    assert date.split()[0] in (
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    )
    assert date in html
    assert "SECRETSPOT" not in html


@pytest.mark.parametrize(
    "status", [WalkoutStatus.PENDING, WalkoutStatus.REJECTED, WalkoutStatus.CANCELLED]
)
def test_no_public_advisory_unless_approved(client, crew, status):
    crew.walkout.status = status
    crew.walkout.save()

    assert client.get(reverse("press:advisory", args=[crew.walkout.public_id])).status_code == 404
    assert (
        client.get(reverse("press:advisory_pdf", args=[crew.walkout.public_id])).status_code == 404
    )
    page = client.get(reverse("walkouts:walkout", args=[crew.walkout.public_id]))
    assert "media advisory" not in page.content.decode()


def test_walkout_page_links_to_the_advisory(client, crew):
    html = client.get(reverse("walkouts:walkout", args=[crew.walkout.public_id])).content.decode()

    url = reverse("press:advisory", args=[crew.walkout.public_id])
    assert f'<a href="{url}">For reporters: media advisory</a>' in html


def test_the_crew_sees_its_advisory_before_approval(client, crew, organizer):
    crew.walkout.status = WalkoutStatus.PENDING
    crew.walkout.save()

    response = client.get(reverse("press:crew_advisory", args=[crew.organizer_token]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Only your crew sees this version until the hub approves your walkout." in html
    assert '<meta name="robots" content="noindex, noarchive">' in html
    assert "SECRETSPOT" not in html


def test_advisory_pdf_text(client, crew, organizer):
    _advise(crew, organizer)
    walkout = crew.walkout

    response = client.get(reverse("press:advisory_pdf", args=[walkout.public_id]))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    from walkout.walkouts.templatetags.walkout_tags import local_date, local_time

    assert f"Students at Lincoln High School walk out on {local_date(walkout)}" in text
    assert f"When {local_date(walkout)} at {local_time(walkout)}, local time" in text
    assert "Where Outside Lincoln High School, Chicago, Illinois" in text
    assert "Press contact lincoln.walkout" in text
    assert "Counselors, not cops" in text
    assert f"http://testserver/w/{walkout.public_id}/" in text
    assert "SECRETSPOT" not in text


def test_advisory_pdf_in_spanish(client, crew, organizer):
    _advise(crew, organizer)
    walkout = crew.walkout

    response = client.get("/es" + reverse("press:advisory_pdf", args=[walkout.public_id]))

    text = pdf_text(response.content)
    from walkout.walkouts.templatetags.walkout_tags import local_date, local_time

    with translation.override("es"):
        date, time = local_date(walkout), local_time(walkout)
    assert date in text
    assert time in text
    assert "lincoln.walkout" in text
    assert response.headers["Content-Disposition"].endswith('-es.pdf"')


# --- the hub's directory ---------------------------------------------------------------------


def test_empty_directory_helps(client, moderator):
    sign_in_verified(client, moderator)

    html = client.get(reverse("press_hub:tiplines")).content.decode()

    assert "<strong>The directory is empty.</strong>" in html
    assert 'href="/hub/tiplines/new/"' in html


def test_support_reads_but_cannot_edit(client, support_staff, admin):
    tipline = actions.create_tipline(staff=admin, data=tipline_data())
    sign_in_verified(client, support_staff)

    html = client.get(reverse("press_hub:tiplines")).content.decode()

    assert "Chicago Tribune" in html
    assert "/hub/tiplines/new/" not in html
    assert client.get(reverse("press_hub:tipline_new")).status_code == 403
    response = client.post(reverse("press_hub:tipline_active", args=[tipline.pk]), {"active": "0"})
    assert response.status_code == 403
    assert Tipline.objects.get().active is True


def test_moderator_adds_a_tipline(client, hub, moderator):
    sign_in_verified(client, moderator)

    response = client.post(reverse("press_hub:tipline_new"), tipline_data())

    assert response.status_code == 302
    assert list(Tipline.objects.values_list("outlet", "hub")) == [("Chicago Tribune", hub.pk)]
    assert list(AuditEntry.objects.values_list("verb", "staff")) == [
        ("create_tipline", moderator.pk)
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"channel": "web", "tipline": "not a url"},
            "tipline",
            "Enter a web address starting with https://.",
        ),
        (
            {"channel": "phone", "tipline": "12345"},
            "tipline",
            "Enter a 10-digit US phone number, like 555-123-4567.",
        ),
        (
            {"state": "XX"},
            "state",
            "Select a valid choice. XX is not one of the available choices.",
        ),
        (
            {"outlet": "x" * 121},
            "outlet",
            "Ensure this value has at most 120 characters (it has 121).",
        ),
    ],
)
def test_bad_tipline_form_changes_nothing(client, moderator, changes, field, message):
    sign_in_verified(client, moderator)

    response = client.post(reverse("press_hub:tipline_new"), tipline_data(**changes))

    assert response.status_code == 400
    assert field_error(field, message) in response.content.decode()
    assert Tipline.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_edit_and_deactivate(client, moderator, admin):
    tipline = actions.create_tipline(staff=admin, data=tipline_data())
    sign_in_verified(client, moderator)

    response = client.post(
        reverse("press_hub:tipline_edit", args=[tipline.pk]), tipline_data(outlet="Tribune")
    )
    assert response.status_code == 302
    response = client.post(reverse("press_hub:tipline_active", args=[tipline.pk]), {"active": "0"})
    assert response.status_code == 302

    tipline.refresh_from_db()
    assert (tipline.outlet, tipline.active) == ("Tribune", False)
    html = client.get(reverse("press_hub:tiplines")).content.decode()
    assert "Deactivated: Tribune. Crews no longer see it." in html


def test_another_hubs_tipline_is_not_found(client, moderator):
    from tests.factories import HubFactory
    from tests.press.conftest import staff_with_role

    stranger = staff_with_role(HubFactory(), "admin", username="other-admin")
    tipline = actions.create_tipline(staff=stranger, data=tipline_data())
    sign_in_verified(client, moderator)

    assert client.get(reverse("press_hub:tipline_edit", args=[tipline.pk])).status_code == 404
    assert "Chicago Tribune" not in client.get(reverse("press_hub:tiplines")).content.decode()


def test_filter_by_state(client, moderator, admin):
    actions.create_tipline(staff=admin, data=tipline_data())
    actions.create_tipline(
        staff=admin, data=tipline_data(outlet="Arizona Republic", state="AZ", metro="Phoenix")
    )
    sign_in_verified(client, moderator)

    html = client.get(reverse("press_hub:tiplines") + "?state=AZ").content.decode()

    assert "Arizona Republic" in html
    assert "Chicago Tribune" not in html


def test_decide_suggestions(client, crew, organizer, moderator):
    keep = actions.suggest_tipline(by=organizer, data=tipline_data(outlet="WBEZ"))
    drop = actions.suggest_tipline(by=organizer, data=tipline_data(outlet="Spam"))
    sign_in_verified(client, moderator)

    html = client.get(reverse("press_hub:suggestions")).content.decode()
    assert "WBEZ" in html and "Spam" in html
    url = reverse("press_hub:suggestion_decide", args=[keep.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 302
    url = reverse("press_hub:suggestion_decide", args=[drop.pk])
    assert client.post(url, {"decision": "reject"}).status_code == 302
    assert client.post(url, {"decision": "reject"}).status_code == 404

    assert list(Tipline.objects.values_list("outlet", flat=True)) == ["WBEZ"]
    assert dict(Suggestion.objects.values_list("outlet", "status")) == {
        "WBEZ": SuggestionStatus.APPROVED,
        "Spam": SuggestionStatus.REJECTED,
    }


@pytest.mark.parametrize("n", [1, 3])
def test_directory_query_count(client, django_assert_num_queries, moderator, admin, n):
    for i in range(n):
        actions.create_tipline(staff=admin, data=tipline_data(outlet=f"Listed Outlet {i}"))
    sign_in_verified(client, moderator)

    # session, user; count, tiplines; pending suggestions count; session save (3)
    with django_assert_num_queries(session_queries(8)):
        response = client.get(reverse("press_hub:tiplines"))

    assert response.content.decode().count('<h2 class="h3">Listed Outlet') == n


@pytest.mark.parametrize("n", [1, 3])
def test_crew_press_page_query_count(client, django_assert_num_queries, hub, crew, admin, n):
    for i in range(n):
        actions.create_tipline(staff=admin, data=tipline_data(outlet=f"Near Outlet {i}"))
    token = crew.organizer_token

    # the link (member, then organizer); press contact; tiplines; the crew's suggestions
    with django_assert_num_queries(5):
        response = client.get(press_url(token))

    assert response.content.decode().count("Near Outlet") == n


def test_crew_member_with_own_link_is_a_lead(client, crew):
    lead, token = add_member(crew, "heron", lead=True)

    html = client.get(press_url(token)).content.decode()

    assert 'name="op" value="handle"' in html


def test_pages_have_no_inline_code(client, crew, organizer, moderator, admin):
    from tests.helpers import inline_code

    _advise(crew, organizer)
    actions.create_tipline(staff=admin, data=tipline_data())
    actions.suggest_tipline(by=organizer, data=tipline_data(outlet="WBEZ"))
    token, public_id = crew.organizer_token, crew.walkout.public_id
    pages = [
        press_url(token),
        reverse("press:crew_advisory", args=[token]),
        reverse("press:advisory", args=[public_id]),
    ]
    hub_pages = [
        reverse("press_hub:tiplines"),
        reverse("press_hub:tipline_new"),
        reverse("press_hub:suggestions"),
    ]
    clean = {"inline_scripts": 0, "handlers": [], "style_attributes": [], "style_tags": 0}
    for url in pages:
        response = client.get(url)
        assert (url, response.status_code, inline_code(response.content.decode())) == (
            url,
            200,
            clean,
        )
        assert response.headers["Referrer-Policy"] == "no-referrer"
    sign_in_verified(client, moderator)
    for url in hub_pages:
        response = client.get(url)
        assert (url, response.status_code, inline_code(response.content.decode())) == (
            url,
            200,
            clean,
        )


def test_a_new_handle_reaches_the_cached_advisory(client, crew, owl):
    url = reverse("press:advisory", args=[crew.walkout.public_id])
    assert "<dd>Ask the students on the day.</dd>" in client.get(url).content.decode()

    client.post(press_url(owl.token), {"op": "handle", "handle": "lincoln.walkout"})

    assert "<dd>lincoln.walkout</dd>" in client.get(url).content.decode()


def test_hub_pages_need_a_second_factor(client, moderator):
    from tests.helpers import sign_in_password_only

    sign_in_password_only(client, moderator)

    response = client.get(reverse("press_hub:tiplines"))

    assert (response.status_code, response.headers["Location"]) == (302, "/hub/sign-in/")
