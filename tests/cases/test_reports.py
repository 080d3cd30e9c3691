"""The public report form and the reporter's case page, with and without JavaScript
(SAFETY.md requirements 13, 14, 16, 17, 19, 23; bad input changes nothing)."""

import datetime
import json
import logging
import secrets
import tempfile

import pytest
from django.urls import reverse

from tests.cases.keys import make_keyring
from tests.helpers import dump_everything, stamp_and_work
from walkout.cases import actions, crypto
from walkout.cases import keyring as keyring_module
from walkout.cases.models import CaseEntry, CaseStatus, KeyList, Report, ReportTally, SupportKey

pytestmark = pytest.mark.django_db

REPORT_URL = reverse("cases:report")


def canary() -> str:
    return "canary-" + secrets.token_hex(12)


def nojs_form(what, **extra):
    return {
        "kind": "suspension",
        "what": what,
        "school": extra.pop("school", "Lincoln High " + what),
        "date": "2026-02-13",
        "contact": extra.pop("contact", "@signal-" + what),
        **stamp_and_work(),
        **extra,
    }


def sealed_form(ring, message, *, names=("A", "B", "C"), version=None, **extra):
    recipients = keyring_module.recipients()
    keys = {
        ring.kids[n]: recipients.keys[ring.kids[n]]
        for n in names
        if ring.kids[n] in recipients.keys
    }
    envelope = crypto.seal_envelope(
        message,
        item_id=crypto.new_item_id(),
        list_version=version or recipients.version,
        recipients=keys,
    )
    return {"envelope": json.dumps(envelope), **stamp_and_work(), **extra}, envelope


@pytest.fixture
def watched(caplog, tmp_path, monkeypatch):
    """Everything a report could leak into: log records and the temp directory."""
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def leaks(secret: str) -> list[str]:
        places = []
        if secret in dump_everything():
            places.append("database or cache")
        if secret in caplog.text or any(secret in repr(r.__dict__) for r in caplog.records):
            places.append("logs")
        for path in tmp_path.rglob("*"):
            if path.is_file() and secret.encode() in path.read_bytes():
                places.append(f"temp file {path}")
        return places

    return leaks


def test_form_shows_the_honest_notice_and_key_material(client, keyring):
    response = client.get(REPORT_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The server will see your report for a moment while it encrypts it" in html
    assert 'data-seal="report"' in html and 'autocomplete="off"' in html
    assert f'data-root="{crypto.b64e(keyring.root_public)}"' in html
    assert response["X-Robots-Tag"].startswith("noindex") or 'name="robots"' in html


def test_no_js_report_is_sealed_on_arrival_and_stored_nowhere_in_clear(client, keyring, watched):
    secret = canary()
    response = client.post(REPORT_URL, nojs_form(secret))
    assert response.status_code == 302
    report = Report.objects.get()
    assert response["Location"].startswith("/report/case/")
    assert watched(secret) == []
    for name in "ABC":
        message = keyring.open(name, report.envelope)
        assert message == {
            "type": "report",
            "kind": "suspension",
            "what": secret,
            "school": "Lincoln High " + secret,
            "date": "2026-02-13",
            "contact": "@signal-" + secret,
        }
    assert sorted(report.recipient_key_ids) == sorted(keyring.kids.values())
    assert (report.status, report.day) == (CaseStatus.NEW, datetime.date.today())
    assert ReportTally.objects.count() == 0


def test_js_report_stores_the_envelope_as_sent(client, keyring, watched):
    secret = canary()
    data, envelope = sealed_form(keyring, {"type": "report", "what": secret})
    response = client.post(REPORT_URL, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["next"].startswith("/report/case/")
    report = Report.objects.get()
    assert report.public_id == envelope["id"]
    assert json.loads(report.envelope) == envelope
    assert keyring.open("B", report.envelope)["what"] == secret
    assert watched(secret) == []


def test_the_report_row_has_no_case_identifying_column():
    names = {f.name for f in Report._meta.get_fields()}
    assert names == {
        "id",
        "public_id",
        "day",
        "envelope",
        "recipient_key_ids",
        "status",
        "status_day",
        "closed_day",
        "case_code_hash",
        "entries",
    }
    assert not [f for f in Report._meta.get_fields() if f.is_relation and f.many_to_one]


def test_consented_counts_go_to_an_unlinked_tally(client, keyring):
    client.post(REPORT_URL, nojs_form(canary(), share_stats="on", stats_state="TX"))
    data, _envelope = sealed_form(
        keyring, {"what": "x"}, share_stats="on", stats_state="TX", kind="suspension"
    )
    client.post(REPORT_URL, data)
    assert list(ReportTally.objects.values_list("state", "kind", "count")) == [
        ("TX", "suspension", 2)
    ]
    assert Report.objects.count() == 2


def test_consent_without_a_state_is_refused(client, keyring):
    response = client.post(REPORT_URL, nojs_form("x", share_stats="on"))
    assert response.status_code == 400
    assert "Choose the state to count your report in." in response.content.decode()
    assert Report.objects.count() == 0


def test_revoked_keys_cannot_open_new_reports(client, keyring, admin):
    actions.revoke_key(SupportKey.objects.get(kid=keyring.kids["C"]), staff=admin)
    secret = canary()
    client.post(REPORT_URL, nojs_form(secret))
    report = Report.objects.get()
    assert sorted(report.recipient_key_ids) == sorted([keyring.kids["A"], keyring.kids["B"]])
    assert keyring.open("A", report.envelope)["what"] == secret
    assert keyring.open("B", report.envelope)["what"] == secret
    with pytest.raises(crypto.CryptoError):
        keyring.open("C", report.envelope)
    # A browser that still seals to C is refused, and nothing is stored.
    data, _envelope = sealed_form(keyring, {"what": "x"})
    response = client.post(REPORT_URL, data)
    assert response.status_code == 200  # sealed to A and B: C was dropped by recipients()
    forged = json.loads(data["envelope"])
    stale_key = crypto.seal_envelope(
        {"what": "x"},
        item_id=crypto.new_item_id(),
        list_version=forged["list"],
        recipients={
            keyring.kids[n]: crypto.public_bytes(keyring.privates[n].public_key()) for n in "ABC"
        },
    )
    response = client.post(REPORT_URL, {"envelope": json.dumps(stale_key), **stamp_and_work()})
    assert response.status_code == 400
    assert "keys changed" in response.json()["error"]
    assert Report.objects.count() == 2


def _refuses(client, text):
    page = client.get(REPORT_URL).content.decode()
    assert text in page
    assert 'data-seal="report"' not in page
    response = client.post(REPORT_URL, nojs_form(canary()))
    assert response.status_code == 503
    assert text in response.content.decode()
    data = {"envelope": "{}", **stamp_and_work()}
    assert client.post(REPORT_URL, data).status_code == 503
    assert Report.objects.count() == 0


def test_unsigned_list_refuses(client, settings, support_staff):
    make_keyring(settings, support_staff, names=())
    _refuses(client, "the support team&#x27;s key list is not signed yet")


def test_bad_signature_refuses(client, keyring):
    key_list = KeyList.objects.get()
    key_list.signature = crypto.b64e(bytes(64))
    key_list.save()
    _refuses(client, "failed its signature check")


def test_unknown_signer_refuses(client, keyring, settings):
    _other, other_public = crypto.new_key_pair()
    settings.WALKOUT_REPORT_ROOT_KEY = crypto.b64e(other_public)
    _refuses(client, "failed its signature check")


def test_stale_list_refuses(client, settings, support_staff):
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=3)
    make_keyring(settings, support_staff, days=1, now=now)
    _refuses(client, "has expired")


def test_no_root_key_refuses(client, settings, tmp_path):
    settings.WALKOUT_REPORT_ROOT_KEY = ""
    settings.WALKOUT_REPORT_ROOT_KEY_FILE = str(tmp_path / "missing.pub")
    _refuses(client, "no root key")


def test_all_keys_revoked_refuses(client, keyring):
    SupportKey.objects.update(state="revoked")
    _refuses(client, "no support team key can receive reports")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"what": ""}, "This field is required."),
        ({"kind": ""}, "This field is required."),
        ({"what": "x" * 8001}, "Ensure this value has at most 8000 characters"),
        ({"date": "yesterday"}, "Enter a valid date."),
        ({"kind": "treason"}, "Select a valid choice."),
    ],
)
def test_bad_no_js_input_is_refused_and_nothing_is_stored(client, keyring, change, expected):
    response = client.post(REPORT_URL, {**nojs_form("x"), **change})
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert Report.objects.count() == 0


def test_bad_envelopes_are_refused_and_nothing_is_stored(client, keyring):
    data, envelope = sealed_form(keyring, {"what": "x"})
    tampered = dict(envelope, ct=envelope["ct"][:-4] + "AAAA")
    cases = [
        "",
        "not json",
        json.dumps({**envelope, "format": "other"}),
        json.dumps({**envelope, "list": envelope["list"] + 1}),
        "x" * 130_000,
    ]
    for raw in cases:
        response = client.post(REPORT_URL, {"envelope": raw, **stamp_and_work()})
        assert response.status_code == 400, raw[:30]
        assert response.json()["error"]
        assert "stamp" in response.json()
    # A tampered body is accepted as ciphertext (the server cannot read it) but never opens.
    response = client.post(REPORT_URL, {"envelope": json.dumps(tampered), **stamp_and_work()})
    assert response.status_code == 200
    with pytest.raises(crypto.CryptoError):
        keyring.open("A", Report.objects.get().envelope)
    # The same id twice: refused.
    again = client.post(REPORT_URL, {"envelope": json.dumps(tampered), **stamp_and_work()})
    assert again.status_code == 400
    assert Report.objects.count() == 1


def test_anti_spam_stamp_is_required(client, keyring):
    data = nojs_form("x")
    data["stamp"] = "forged"
    response = client.post(REPORT_URL, data)
    assert response.status_code == 400
    assert Report.objects.count() == 0


def _file(client, what="x"):
    response = client.post(REPORT_URL, nojs_form(what))
    return response["Location"].split("?")[0]


def test_case_page_shows_status_never_content(client, keyring, admin):
    secret = canary()
    url = _file(client, secret)
    page = client.get(url + "?new=1")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Your report is in" in html and "New" in html and secret not in html
    actions.set_status(Report.objects.get(), CaseStatus.CONTACTED, staff=admin)
    assert '<span class="tag">Contacted</span>' in client.get(url).content.decode()


def test_unknown_wrong_and_malformed_codes_look_the_same(client, keyring):
    _file(client)
    answers = [
        client.get(reverse("cases:case", args=[code]))
        for code in ["A" * 43, "x" * 43, "." * 43, "A.B" * 14 + "C"]
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({len(a.content) for a in answers}) == 1
    post = client.post(reverse("cases:case_more", args=["A" * 43]), {"text": "x"})
    assert post.status_code == 404


def test_more_information_is_sealed_both_ways(client, keyring, watched):
    url = _file(client)
    code = url.rstrip("/").split("/")[-1]
    more = reverse("cases:case_more", args=[code])
    first, second = canary(), canary()
    response = client.post(more, {"text": first, **stamp_and_work()})
    assert response.status_code == 302 and response["Location"].endswith("?added=1")
    data, _envelope = sealed_form(keyring, {"type": "more", "text": second})
    response = client.post(more, data)
    assert response.status_code == 200 and response.json()["next"].endswith("?added=1")
    entries = list(CaseEntry.objects.order_by("id"))
    assert [keyring.open("A", e.envelope)["text"] for e in entries] == [first, second]
    assert {e.kind for e in entries} == {"reporter"}
    assert watched(first) == [] and watched(second) == []


def test_more_information_bad_input(client, keyring):
    code = _file(client).rstrip("/").split("/")[-1]
    more = reverse("cases:case_more", args=[code])
    response = client.post(more, {"text": "", **stamp_and_work()})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = client.post(more, {"envelope": "nope", **stamp_and_work()})
    assert response.status_code == 400 and response.json()["error"]
    assert CaseEntry.objects.count() == 0


def test_error_reports_leave_the_post_out(client, keyring, rf):
    from django.views.debug import SafeExceptionReporterFilter

    secret = canary()
    request = rf.post(REPORT_URL, nojs_form(secret))
    from walkout.cases import views

    # The view marks every POST parameter sensitive, so Django's error page would hide them.
    views.report(request)
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    assert secret not in repr(dict(cleansed))
