"""Repercussion reports in a browser: a student files a report, a support member decrypts it
and marks it contacted, the student sees the new status (issue 8). The report text never
appears in a request, the database or the cache, with or without JavaScript (requirements 13,
14); the form refuses a bad key list and fails closed when encryption fails (17, 20)."""

import json
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits, submit
from tests.browser.test_accessibility import audit
from tests.browser.test_hub_console import make_role, sign_in
from tests.cases.keys import make_keyring
from tests.factories import HubFactory
from tests.helpers import dump_everything
from walkout.cases import crypto
from walkout.cases.models import KeyList, Report, SupportKey
from walkout.people.models import StaffRole

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSPHRASE = "orange kite river 42"


@pytest.fixture
def hub_world(settings):
    hub = HubFactory(name="National Student Walkout Hub")
    member, seed = make_role(hub, "ana", StaffRole.SUPPORT)
    ring = make_keyring(settings, member, names=())
    ring.add_key("A", member, passphrase=PASSPHRASE)
    ring.add_key("B", member)
    ring.sign_and_import()
    return {"ring": ring, "member": member, "seed": seed}


def _bodies(page) -> list[str]:
    seen = []
    page.on("request", lambda r: seen.append(f"{r.url}\n{r.post_data or ''}"))
    return seen


def fill_report(page, secret):
    page.get_by_label("What happened?").select_option("suspension")
    page.get_by_label("Tell us what happened").fill(f"Suspended for walking out. {secret}")
    page.get_by_label("School").fill(f"Lincoln High {secret}")
    page.get_by_label("How can the support team reach you? (optional)").fill(f"@{secret}")


def test_student_reports_support_decrypts_and_student_sees_contacted(
    open_context, hub_world, shots
):
    ring = hub_world["ring"]
    secret = "canary" + secrets.token_hex(8)
    student = open_context("phone").new_page()
    requests = _bodies(student)
    student.goto("/report/")
    expect(student.locator("form[data-sealing=ready]")).to_have_count(1)
    expect(student.get_by_text("Your report is encrypted on this device")).to_be_visible()
    expect(student.get_by_text("JavaScript is off")).to_be_hidden()
    assert_fits(student)
    fill_report(student, secret)
    shots(student, "journey-report-js")
    with student.expect_navigation(url="**/report/case/**"):
        student.get_by_role("button", name="Send the report").click()
    expect(student.get_by_role("heading", name="Your report is in")).to_be_visible()
    assert_fits(student)
    shots(student, "journey-case-new")
    case_url = student.url.split("?")[0]
    # Requirement 13: not in any request, not stored, and yet the stored envelope decrypts.
    posts = [r for r in requests if "envelope" in r]
    assert len(posts) == 1
    assert all(secret not in r for r in requests)
    assert secret not in dump_everything()
    report = Report.objects.get()
    opened = ring.open("B", report.envelope)
    assert opened["what"] == f"Suspended for walking out. {secret}"
    assert (opened["kind"], opened["contact"]) == ("suspension", f"@{secret}")

    staff = open_context("desktop").new_page()
    sign_in(staff, "ana", hub_world["seed"])
    staff.goto("/hub/cases/")
    expect(staff.get_by_text("sealed to 2 keys")).to_be_visible()
    shots(staff, "journey-hub-cases-desktop")
    staff.get_by_role("link", name=f"Case {report.public_id[:8]}").click()
    staff.get_by_label("Passphrase").fill(PASSPHRASE)
    staff.get_by_role("button", name="Decrypt").click()
    expect(staff.locator("[data-plain]")).to_contain_text(f"Suspended for walking out. {secret}")
    expect(staff.locator("[data-plain]")).to_contain_text(f"Lincoln High {secret}")
    shots(staff, "journey-hub-case-decrypted-desktop")
    staff.locator("#id_status").select_option("contacted")
    submit(staff, staff.get_by_role("button", name="Change status"))
    expect(staff.get_by_text("Status changed to “Contacted”.")).to_be_visible()

    student.goto(case_url)
    expect(student.locator(".case-status .tag")).to_have_text("Contacted")
    shots(student, "journey-case-contacted")
    # More information, sealed too.
    extra = "more" + secrets.token_hex(6)
    student.get_by_label("Add information").fill(extra)
    with student.expect_navigation(url="**?added=1"):
        student.get_by_role("button", name="Add to my case").click()
    assert all(extra not in r for r in requests)
    entry = report.entries.get()
    assert ring.open("A", entry.envelope) == {"type": "more", "text": extra}


def test_without_javascript_the_page_says_the_server_seals_it(open_context, hub_world, shots):
    ring = hub_world["ring"]
    secret = "canary" + secrets.token_hex(8)
    page = open_context("phone", js=False).new_page()
    page.goto("/report/")
    expect(page.get_by_text("JavaScript is off, so your browser can't encrypt")).to_be_visible()
    fill_report(page, secret)
    page.get_by_label("Date").fill("2026-02-13")
    shots(page, "journey-report-nojs-filled")
    submit(page, page.get_by_role("button", name="Send the report"))
    expect(page.get_by_role("heading", name="Your report is in")).to_be_visible()
    assert secret not in dump_everything()
    assert secret in ring.open("A", Report.objects.get().envelope)["what"]


def _no_send(page, requests):
    page.get_by_role("button", name="Send the report").click(force=True)
    page.wait_for_timeout(300)
    assert [r for r in requests if "envelope" in r or "what=" in r] == []
    assert Report.objects.count() == 0


@pytest.mark.parametrize("problem", ["bad_signature", "stale"])
def test_the_form_refuses_a_bad_key_list(open_context, hub_world, problem):
    key_list = KeyList.objects.get()
    if problem == "bad_signature":
        key_list.signature = crypto.b64e(bytes(64))
        key_list.save()
        expected = "failed its signature check"
    else:
        import datetime

        now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=5)
        KeyList.objects.all().delete()
        hub_world["ring"].sign_and_import(days=1, now=now)
        expected = "has expired"
    page = open_context("phone").new_page()
    requests = _bodies(page)
    page.goto("/report/")
    expect(page.get_by_role("alert").first).to_contain_text(expected)
    expect(page.locator("form[data-seal]")).to_have_count(0)
    assert Report.objects.count() == 0
    assert not [r for r in requests if "envelope" in r]


def test_the_browser_refuses_a_list_the_server_would_accept(open_context, hub_world, settings):
    """The browser checks the list itself: a page that hands it a list signed by another root
    key (as a swapped list would be) makes the form refuse before anything is typed."""
    _other, other_public = crypto.new_key_pair()
    context = open_context("phone")
    context.route(
        "**/report/",
        lambda route: route.fulfill(
            response=route.fetch(),
            body=route.fetch()
            .text()
            .replace(
                f'data-root="{crypto.b64e(hub_world["ring"].root_public)}"',
                f'data-root="{crypto.b64e(other_public)}"',
            ),
        ),
    )
    swapped = context.new_page()
    swapped_requests = _bodies(swapped)
    swapped.goto("/report/")
    expect(swapped.locator("form[data-sealing=refused]")).to_have_count(1)
    expect(swapped.locator("[data-seal-error]")).to_contain_text("failed its signature check")
    fill_report(swapped, "never-sent")
    _no_send(swapped, swapped_requests)


def test_fails_closed_when_encryption_throws(open_context, hub_world):
    context = open_context("phone")
    context.add_init_script(
        "if (self.crypto && crypto.subtle) {"
        " crypto.subtle.encrypt = () => Promise.reject(new Error('stubbed')); }"
    )
    page = context.new_page()
    requests = _bodies(page)
    page.goto("/report/")
    expect(page.locator("form[data-sealing=ready]")).to_have_count(1)
    fill_report(page, "never-sent")
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator("[data-seal-error]")).to_contain_text("could not encrypt")
    assert [r for r in requests if r.startswith(page.url) and "envelope" in r] == []
    assert Report.objects.count() == 0
    context.watch.allow("stubbed")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_phone_screens_in_both_languages(open_context, hub_world, shots, lang):
    """Every page of the flow at 360 px, in English and Spanish, by name not by label text;
    axe finds no WCAG 2.2 AA violation on any of them."""
    problems: list[str] = []
    locale = {"en": "en-US", "es": "es-ES"}[lang]
    student = open_context("phone", locale=locale).new_page()
    student.goto("/report/")
    expect(student.locator("form[data-sealing=ready]")).to_have_count(1)
    shots(student, f"report-js-{lang}")
    audit(student, f"report-js-{lang}", problems)
    student.locator("select[name=kind]").select_option("police")
    student.locator("textarea[name=what]").fill("The SRO took us to the office and asked names.")
    student.locator("input[name=school]").fill("Roosevelt High, Phoenix")
    with student.expect_navigation(url="**/report/case/**"):
        student.locator("form[data-seal] button[type=submit]").click()
    assert_fits(student)
    shots(student, f"case-new-{lang}")
    audit(student, f"case-new-{lang}", problems)
    nojs = open_context("phone", js=False, locale=locale).new_page()
    nojs.goto("/report/")
    assert_fits(nojs)
    shots(nojs, f"report-nojs-{lang}")

    staff = open_context("phone", locale=locale).new_page()
    sign_in_by_name(staff, "ana", hub_world["seed"])
    staff.goto("/hub/cases/")
    assert_fits(staff)
    shots(staff, f"hub-cases-{lang}")
    audit(staff, f"hub-cases-{lang}", problems)
    staff.locator(".card h2 a").first.click()
    staff.locator("#unlock-pass").fill(PASSPHRASE)
    staff.locator("form[data-unlock-form] button[type=submit]").click()
    expect(staff.locator("[data-plain]")).to_contain_text("The SRO took us to the office")
    assert_fits(staff)
    shots(staff, f"hub-case-decrypted-{lang}")
    audit(staff, f"hub-case-decrypted-{lang}", problems)
    staff.locator("#id_status").select_option("contacted")
    submit(staff, staff.locator("form.inline-form button[type=submit]"))
    student.goto(student.url.split("?")[0])
    shots(student, f"case-contacted-{lang}")
    audit(student, f"case-contacted-{lang}", problems)
    assert problems == []


def sign_in_by_name(page, username, seed):
    import pyotp

    from tests.factories import STAFF_PASSWORD

    page.goto("/hub/sign-in/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(STAFF_PASSWORD)
    submit(page, page.locator("form button[type=submit]").last)
    page.locator("input[name=code]").fill(pyotp.TOTP(seed).now())
    submit(page, page.locator("form button[type=submit]").last)


def test_a_support_member_makes_a_key_in_the_browser(open_context, hub_world, shots):
    page = open_context("phone").new_page()
    requests = _bodies(page)
    sign_in_by_name(page, "ana", hub_world["seed"])
    page.goto("/hub/cases/keys/")
    expect(page.locator("form[data-new-key]")).to_be_visible()
    passphrase = "plum tiger violin " + secrets.token_hex(4)
    page.locator("#key-pass").fill(passphrase)
    page.locator("#key-pass2").fill(passphrase)
    with page.expect_download() as download, page.expect_navigation():
        page.locator("form[data-new-key] button[type=submit]").click()
    key_file = json.loads(Path(download.value.path()).read_text())
    assert set(key_file) == {
        "format",
        "kid",
        "public",
        "kdf",
        "iterations",
        "salt",
        "iv",
        "wrapped",
    }
    assert key_file["iterations"] == 600_000
    expect(page.get_by_text("Key added. An admin must activate it")).to_be_visible()
    assert_fits(page)
    shots(page, "hub-keys-en")
    assert all(passphrase not in r for r in requests)
    key = SupportKey.objects.get(kid=key_file["kid"])
    assert (key.state, key.owner) == ("pending", hub_world["member"])
    assert json.loads(key.wrapped_private) == key_file
    kid, private = crypto.unwrap_private(key.wrapped_private, passphrase)
    assert crypto.public_bytes(private.public_key()) == crypto.b64d(key.public_key)
    assert '"d"' not in dump_everything()
