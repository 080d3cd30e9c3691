"""The support console: cases, statuses, notes, keys; every staff write audited (requirement 39)."""

import json

import pytest
from django.urls import reverse

from tests.helpers import dump_everything, session_queries, sign_in_verified, stamp_and_work
from walkout.cases import actions, crypto
from walkout.cases import keyring as keyring_module
from walkout.cases.models import CaseEntry, CaseStatus, KeyState, Report, SupportKey
from walkout.hubs.models import AuditEntry

pytestmark = pytest.mark.django_db


def file_report(client, what="what happened"):
    response = client.post(
        reverse("cases:report"),
        {"kind": "police", "what": what, **stamp_and_work()},
    )
    assert response.status_code == 302
    return Report.objects.order_by("-id").first()


@pytest.fixture
def signed_in(client, support_staff):
    sign_in_verified(client, support_staff)
    return client


def test_moderators_and_strangers_cannot_see_cases(client, moderator, keyring):
    assert client.get(reverse("cases_hub:cases")).status_code == 302
    sign_in_verified(client, moderator)
    assert client.get(reverse("cases_hub:cases")).status_code == 403
    assert client.get(reverse("cases_hub:keys")).status_code == 403


def test_case_list_shows_status_and_no_content(signed_in, keyring, django_assert_num_queries):
    for n in range(3):
        file_report(signed_in, what=f"secret {n}")
    url = reverse("cases_hub:cases")
    with django_assert_num_queries(session_queries(11)):
        response = signed_in.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="card"') == 3
    assert "sealed to 3 keys" in html and "secret" not in html
    assert "Only" not in html  # three active keys: no warning
    assert "?status=new" in html


def test_case_page_carries_the_envelopes_for_the_browser(signed_in, keyring):
    report = file_report(signed_in)
    html = signed_in.get(reverse("cases_hub:case", args=[report.public_id])).content.decode()
    assert "data-envelope=" in html and report.public_id in html
    assert "what happened" not in html


def test_status_moves_and_is_audited(signed_in, keyring, support_staff):
    report = file_report(signed_in)
    url = reverse("cases_hub:status", args=[report.public_id])
    for status in ["contacted", "in_progress", "resolved", "closed"]:
        assert signed_in.post(url, {"status": status}).status_code == 302
        report.refresh_from_db()
        assert report.status == status
    assert report.closed_day is not None
    verbs = list(
        AuditEntry.objects.filter(verb__startswith="case_")
        .order_by("id")
        .values_list("verb", "staff", "object_id")
    )
    assert verbs == [
        (f"case_{s}", support_staff.pk, report.public_id)
        for s in ["contacted", "in_progress", "resolved", "closed"]
    ]
    assert signed_in.post(url, {"status": "lost"}).status_code == 302
    report.refresh_from_db()
    assert report.status == CaseStatus.CLOSED
    assert AuditEntry.objects.filter(verb__startswith="case_").count() == 4


def test_notes_are_encrypted_both_ways_and_audited(signed_in, keyring):
    report = file_report(signed_in)
    url = reverse("cases_hub:note", args=[report.public_id])
    assert signed_in.post(url, {"text": "note one"}).status_code == 302
    recipients = keyring_module.recipients()
    envelope = crypto.seal_envelope(
        {"type": "note", "text": "note two"},
        item_id=crypto.new_item_id(),
        list_version=recipients.version,
        recipients=recipients.keys,
    )
    response = signed_in.post(url, {"envelope": json.dumps(envelope)})
    assert response.status_code == 200 and response.json()["next"]
    notes = [keyring.open("C", e.envelope)["text"] for e in CaseEntry.objects.order_by("id")]
    assert notes == ["note one", "note two"]
    assert "note one" not in dump_everything()
    assert AuditEntry.objects.filter(verb="case_note").count() == 2
    assert signed_in.post(url, {"text": ""}).status_code == 400
    assert signed_in.post(url, {"envelope": "{}"}).status_code == 400
    assert CaseEntry.objects.count() == 2


def test_a_member_registers_a_key_and_an_admin_activates_and_revokes_it(
    client, keyring, support_staff, admin
):
    sign_in_verified(client, support_staff)
    private, public = crypto.new_key_pair()
    key_file = crypto.wrap_private(private, "a long passphrase here", iterations=100_000)
    response = client.post(
        reverse("cases_hub:keys"),
        {"public_key": crypto.b64e(public), "wrapped": json.dumps(key_file)},
    )
    assert response.status_code == 302
    key = SupportKey.objects.get(kid=crypto.key_id(public))
    assert (key.state, key.owner) == (KeyState.PENDING, support_staff)
    # Requirement 21: what the server holds does not open without the passphrase.
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap_private(key.wrapped_private, "a wrong passphrase")
    assert '"d"' not in dump_everything()
    # Only an admin activates or revokes.
    activate = reverse("cases_hub:activate_key", args=[key.kid])
    assert client.post(activate).status_code == 403
    sign_in_verified(client, admin)
    assert client.post(activate).status_code == 302
    key.refresh_from_db()
    assert key.state == KeyState.ACTIVE
    # Active here, but not on the signed list yet: it receives nothing until a new list.
    assert key.kid not in keyring_module.recipients().keys
    page = client.get(reverse("cases_hub:keys")).content.decode()
    assert "not on the signed list yet" in page
    keyring.sign_and_import()
    assert key.kid in keyring_module.recipients().keys
    assert client.post(reverse("cases_hub:revoke_key", args=[key.kid])).status_code == 302
    assert key.kid not in keyring_module.recipients().keys
    verbs = list(AuditEntry.objects.filter(object_id=str(key.pk)).values_list("verb", flat=True))
    assert sorted(verbs) == ["key_activated", "key_added", "key_revoked"]


@pytest.mark.parametrize(
    "data",
    [
        {"public_key": ""},
        {"public_key": "not-a-key"},
        {"public_key": crypto.b64e(b"\x04" + bytes(64))},
        {"public_key": "VALID", "wrapped": "{}"},
    ],
)
def test_bad_keys_are_refused(signed_in, keyring, data):
    if data["public_key"] == "VALID":
        data = {**data, "public_key": crypto.b64e(crypto.new_key_pair()[1])}
    before = SupportKey.objects.count()
    response = signed_in.post(reverse("cases_hub:keys"), data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert SupportKey.objects.count() == before


def test_warns_when_fewer_than_two_keys_are_active(signed_in, keyring, admin):
    for name in "BC":
        actions.revoke_key(SupportKey.objects.get(kid=keyring.kids[name]), staff=admin)
    for url in [reverse("cases_hub:cases"), reverse("cases_hub:keys")]:
        html = signed_in.get(url).content.decode()
        assert "Only 1 support key is active. Activate a second one" in html


def test_decrypt_reports_command(signed_in, keyring, tmp_path, monkeypatch):
    from django.core.management import call_command

    report = file_report(signed_in, what="offline canary")
    actions.add_entry(
        report,
        actions.seal_on_server(
            {"type": "note", "text": "note canary"}, keyring_module.recipients()
        ),
        kind="note",
    )
    path = tmp_path / "key.json"
    path.write_text(
        json.dumps(
            crypto.wrap_private(keyring.privates["A"], "passphrase for A", iterations=100_000)
        )
    )
    monkeypatch.setenv("KEY_PASS", "passphrase for A")
    from io import StringIO

    out = StringIO()
    call_command("decrypt_reports", key=str(path), passphrase_env="KEY_PASS", stdout=out)
    text = out.getvalue()
    assert "what: offline canary" in text and "text: note canary" in text
    assert "1 case(s) sealed to key" in text
    monkeypatch.setenv("KEY_PASS", "wrong")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="wrong passphrase"):
        call_command("decrypt_reports", key=str(path), passphrase_env="KEY_PASS", stdout=out)


def test_report_keys_commands_round_trip(keyring, tmp_path, monkeypatch, settings):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    monkeypatch.setenv("ROOT_PASS", "a root passphrase")
    out = StringIO()
    call_command(
        "report_keys",
        "create-root",
        "--out",
        str(tmp_path / "root.pem"),
        "--passphrase-env",
        "ROOT_PASS",
        stdout=out,
    )
    pinned = out.getvalue().split("WALKOUT_REPORT_ROOT_KEY=")[1].split()[0]
    settings.WALKOUT_REPORT_ROOT_KEY = pinned
    call_command(
        "report_keys", "export", "--days", "30", "--out", str(tmp_path / "list.json"), stdout=out
    )
    call_command(
        "report_keys",
        "sign",
        str(tmp_path / "list.json"),
        "--root-key",
        str(tmp_path / "root.pem"),
        "--out",
        str(tmp_path / "signed.json"),
        "--passphrase-env",
        "ROOT_PASS",
        stdout=out,
    )
    call_command("report_keys", "import", str(tmp_path / "signed.json"), stdout=out)
    assert keyring_module.recipients().version == 2
    with pytest.raises(CommandError, match="not newer"):
        call_command("report_keys", "import", str(tmp_path / "signed.json"), stdout=out)
    with pytest.raises(CommandError, match="exists"):
        call_command("report_keys", "create-root", "--out", str(tmp_path / "root.pem"), stdout=out)


def test_purge_deletes_closed_and_old_cases(signed_in, keyring, support_staff, settings):
    import datetime

    from walkout.cases.models import ReportTally

    settings.WALKOUT_RETAIN_CLOSED_CASE_DAYS = 90
    settings.WALKOUT_RETAIN_CASE_MAX_DAYS = 365
    today = datetime.date.today()
    closed_long_ago = file_report(signed_in)
    closed_recently = file_report(signed_in)
    open_old = file_report(signed_in)
    fresh = file_report(signed_in)
    Report.objects.filter(pk=closed_long_ago.pk).update(
        status="closed", closed_day=today - datetime.timedelta(days=90)
    )
    Report.objects.filter(pk=closed_recently.pk).update(
        status="closed", closed_day=today - datetime.timedelta(days=89)
    )
    Report.objects.filter(pk=open_old.pk).update(day=today - datetime.timedelta(days=365))
    ReportTally.objects.create(state="TX", kind="police", count=4)
    from walkout.common import retention

    result = retention.purge(vacuum=False)
    assert result.deleted["cases"] == 2
    assert set(Report.objects.values_list("pk", flat=True)) == {closed_recently.pk, fresh.pk}
    assert ReportTally.objects.get().count == 4
