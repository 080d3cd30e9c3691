"""The data inventory matches what is stored, and the schema keeps no contact data or precise
times on the student side (SAFETY.md requirements 3, 4 and 5)."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.urls import reverse
from django.utils import translation

from tests.factories import ActionFactory, SchoolFactory
from tests.helpers import fresh_stamp
from walkout.common import inventory
from walkout.walkouts.models import Walkout

CLASSES = {
    "public",
    "organizers",
    "crew",
    "hub",
    "staff",
    "secret",
    "internal",
    "aggregate",
    "reference",
}

# Models no student flow reaches: staff accounts, staff sessions, the staff audit trail and
# Django's own reference tables. Every other model, present or future, is checked below.
STAFF_SIDE = {
    "people.User",
    "people.User_groups",
    "people.User_user_permissions",
    "sessions.Session",
    "hubs.AuditEntry",
    "auth.Permission",
    "auth.Group",
    "auth.Group_permissions",
    "contenttypes.ContentType",
}

# Words in a field name that would mean contact data, identity or request metadata.
CONTACT_WORDS = {
    "name", "firstname", "lastname", "surname", "fullname",
    "email", "mail", "phone", "mobile", "tel", "telephone", "sms", "whatsapp", "signal",
    "telegram", "instagram", "snapchat", "tiktok", "handle", "contact", "address", "street",
    "ip", "agent", "useragent", "referer", "referrer", "dob", "birth", "birthday", "birthdate",
    "age", "gender", "ssn", "passport",
}  # fmt: skip

# Each exception names why the field is not a person's contact data.
ALLOWED_CONTACT_LIKE = {
    ("walkouts.School", "name"): "a school's name, from public directories",
    ("walkouts.School", "normalized_name"): "the same school name, folded for matching",
    ("hubs.Hub", "name"): "an organization's public name",
    ("campaigns.Campaign", "name"): "a campaign's public name",
    # A crew's way to reach another crew, chosen by the crew, stored as ciphertext
    # (crews/crypto.py) and shown only after the other crew accepts. Reviewed exception.
    ("crews.Connection", "from_handle"): "a crew's chosen handle, encrypted",
    ("crews.Connection", "to_handle"): "a crew's chosen handle, encrypted",
    # The press contact a crew publishes on its media advisory: public by design, chosen by its
    # press role or a lead, phone numbers refused (press/actions.py). Reviewed exception.
    ("press.PressContact", "handle"): "a crew's chosen public press contact",
    # Legal and emergency contacts: organizations (hotlines, legal aid) the hub staff enter for
    # students to call, never a person; public by design (day/models.py). Reviewed exception.
    ("day.LegalContact", "name"): "an organization's public name",
    ("day.LegalContact", "phone"): "an organization's public hotline number",
    ("day.LegalContact", "url"): "an organization's public web address",
}

# Date-times and times of day on the student side, each with why it is not a person's action.
ALLOWED_TIMES = {
    ("walkouts.Walkout", "starts_at"): "the public scheduled start, the call's time in the "
    "school's zone",
    ("campaigns.Action", "local_time"): "the call's published wall-clock time",
    # An unsent photo or video upload is deleted an hour after it was made (media/models.py);
    # the time is emptied when it is sent, and the row is gone when it expires. Reviewed.
    ("media.MediaItem", "expires_at"): "when an unsent upload is deleted, at most an hour ahead",
}


def student_side_models():
    return [
        model for label, model in inventory.installed_models().items() if label not in STAFF_SIDE
    ]


def stored(model):
    return [
        f for f in model._meta.get_fields() if f.concrete or f.many_to_many and not f.auto_created
    ]


# --- requirement 4: the inventory and the models agree ---------------------------------------


def test_every_stored_field_is_declared():
    missing = inventory.undeclared()

    assert missing == {}, (
        "Fields missing from docs/data-inventory.yaml; `python -m walkout data_inventory "
        "--missing` prints entries to fill in:\n" + inventory.stub(missing)
    )


def test_no_inventory_entry_is_stale():
    assert inventory.stale() == {}


def test_every_model_table_is_named_right():
    models_by_label = inventory.installed_models()
    tables = inventory.load()["tables"]

    assert {
        label: entry["table"]
        for label, entry in tables.items()
        if entry["table"] != models_by_label[label]._meta.db_table
    } == {}


@pytest.mark.django_db
def test_every_database_table_is_declared():
    data = inventory.load()
    declared = {entry["table"] for entry in data["tables"].values()} | set(data["other_tables"])

    assert set(connection.introspection.table_names()) - declared == set()


@pytest.mark.django_db
def test_tables_without_a_model_are_declared_column_by_column():
    data = inventory.load()["other_tables"]
    with connection.cursor() as cursor:
        for table, entry in data.items():
            if table not in connection.introspection.table_names(cursor):
                continue
            columns = {
                c.name for c in connection.introspection.get_table_description(cursor, table)
            }
            assert (table, columns) == (table, set(entry["columns"]))


def test_every_entry_is_complete():
    data = inventory.load()
    policies = set(data["retention"])
    problems = []
    for label, entry in [*data["tables"].items(), *data["other_tables"].items()]:
        fields = entry.get("fields") or entry.get("columns")
        if entry.get("retention") not in policies or not entry.get("purpose"):
            problems.append(f"{label}: purpose or retention")
        for name, field in fields.items():
            if set(field) - {"retention"} != inventory.FIELD_KEYS:
                problems.append(f"{label}.{name}: keys {sorted(field)}")
            elif field["class"] not in CLASSES or field.get("retention", "walkout") not in policies:
                problems.append(f"{label}.{name}: class or retention")
            elif "TODO" in repr(field):
                problems.append(f"{label}.{name}: TODO")
    for name, policy in data["retention"].items():
        if "{days}" in policy["rule"] and "setting" not in policy:
            problems.append(f"retention {name}: a period without a setting")
    assert problems == []


def test_retention_settings_and_defaults_agree():
    from django.conf import settings

    for name, policy in inventory.load()["retention"].items():
        if "setting" in policy:
            assert (name, getattr(settings, policy["setting"])) == (name, policy["default_days"])


def test_readable_page_is_up_to_date():
    assert inventory.PAGE.read_text() == inventory.render_markdown(), (
        "docs/data-inventory.md is out of date: run `python -m walkout data_inventory`."
    )


def test_readable_page_lists_every_field():
    page = inventory.PAGE.read_text()
    for label, entry in inventory.load()["tables"].items():
        assert f"### {label} (`{entry['table']}`)" in page
        for name in entry["fields"]:
            assert f"| `{name}` |" in page


def test_check_command(tmp_path, monkeypatch, capsys):
    call_command("data_inventory", "--check")
    assert capsys.readouterr().out == f"{inventory.PAGE} is up to date.\n"

    stale_page = tmp_path / "data-inventory.md"
    stale_page.write_text("# old\n")
    monkeypatch.setattr(inventory, "PAGE", stale_page)
    with pytest.raises(CommandError) as refused:
        call_command("data_inventory", "--check")
    assert str(refused.value) == (
        f"{stale_page} is out of date: run `python -m walkout data_inventory`."
    )

    call_command("data_inventory")
    assert stale_page.read_text() == inventory.render_markdown()


def test_missing_command_prints_entries_to_fill_in(monkeypatch, capsys):
    call_command("data_inventory", "--missing")
    assert capsys.readouterr().out == "Nothing missing.\n"

    data = inventory.load()
    without = {**data, "tables": {k: v for k, v in data["tables"].items() if k != "hubs.Hub"}}
    monkeypatch.setattr(inventory, "load", lambda: without)
    call_command("data_inventory", "--missing")

    assert capsys.readouterr().out == (
        "  hubs.Hub:\n"
        "    table: hubs_hub\n"
        "    purpose: TODO\n"
        "    retention: TODO\n"
        "    fields:\n"
        "      id: {class: TODO, purpose: TODO, visible_to: TODO, encryption: none}\n"
        "      slug: {class: TODO, purpose: TODO, visible_to: TODO, encryption: none}\n"
        "      name: {class: TODO, purpose: TODO, visible_to: TODO, encryption: none}\n"
    )


# --- requirement 3: no contact fields on the student side ------------------------------------


def _words(name: str) -> set[str]:
    return set(re.split(r"_+", name.lower())) | {name.lower().replace("_", "")}


def test_no_contact_fields_on_the_student_side():
    found = []
    for model in student_side_models():
        for field in stored(model):
            key = (model._meta.label, field.name)
            kind_is_contact = isinstance(
                field, models.EmailField | models.GenericIPAddressField | models.URLField
            )
            if (kind_is_contact or _words(field.name) & CONTACT_WORDS) and (
                key not in ALLOWED_CONTACT_LIKE
            ):
                found.append(key)
    assert found == []


def test_contact_check_catches_such_fields():
    assert _words("first_name") & CONTACT_WORDS == {"name", "firstname"}
    assert _words("user_agent") & CONTACT_WORDS == {"agent", "useragent"}
    assert _words("phone_number") & CONTACT_WORDS == {"phone"}
    assert _words("ip_address") & CONTACT_WORDS == {"ip", "address"}
    assert _words("organizer_pseudonym") & CONTACT_WORDS == set()


def test_allow_lists_name_existing_fields():
    fields = {(m._meta.label, f.name) for m in student_side_models() for f in stored(m)}
    installed = inventory.installed_models()

    for allowed in (ALLOWED_CONTACT_LIKE, ALLOWED_TIMES):
        assert {key for key in allowed if key[0] in installed} - fields == set()


# --- requirement 5: times kept to the day on the student side --------------------------------


def test_no_precise_timestamps_on_the_student_side():
    found = []
    for model in student_side_models():
        for field in stored(model):
            key = (model._meta.label, field.name)
            automatic = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            precise = isinstance(field, models.DateTimeField | models.TimeField)
            if automatic or (precise and key not in ALLOWED_TIMES):
                found.append(key)
    assert found == []


@pytest.mark.django_db
def test_registration_keeps_only_the_day(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 1, 20, 15, 45, 31, tzinfo=datetime.UTC))
    action, school = ActionFactory(date=datetime.date(2026, 2, 13)), SchoolFactory()
    with translation.override("en"):
        client.post(
            reverse("walkouts:register", args=[action.public_id, school.pk]),
            {"description": "We go", "organizer_pseudonym": "fox", "stamp": fresh_stamp()},
        )

    walkout = Walkout.objects.get()
    assert type(walkout.created_day) is datetime.date
    assert walkout.created_day == datetime.date(2026, 1, 20)
    assert walkout.starts_at == datetime.datetime(2026, 2, 13, 20, 0, tzinfo=datetime.UTC)
