import pyotp
import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.exceptions import ValidationError

from tests.factories import HubFactory, make_staff
from tests.helpers import dump_everything
from walkout.people import actions, crypto
from walkout.people.models import User

pytestmark = pytest.mark.django_db


NOW = 1_768_921_210.0  # 2026-01-20 15:00:10 UTC, 10 s into a 30 s step
STEP = 30


@pytest.fixture
def staff():
    return make_staff()


def code(seed: str, at: float) -> str:
    return pyotp.TOTP(seed).at(at)


# --- the seed is stored encrypted with a key outside the database (requirement 42) ------------


def test_totp_seed_stored_encrypted(staff):
    user, seed = staff

    stored = User.objects.values_list("totp_secret_encrypted", flat=True).get(pk=user.pk)

    assert seed not in stored
    assert stored != seed
    assert crypto.decrypt(stored) == seed
    assert actions.totp_seed(User.objects.get(pk=user.pk)) == seed


def test_totp_seed_needs_the_field_key(staff, settings):
    user, seed = staff
    stored = User.objects.values_list("totp_secret_encrypted", flat=True).get(pk=user.pk)

    settings.FIELD_ENCRYPTION_KEY = "another key entirely"

    assert crypto.decrypt(stored) is None
    assert actions.totp_seed(user) is None
    assert actions.verify_totp(user, code(seed, NOW), now=NOW) is False


def test_no_secret_in_the_database_dump(staff):
    _, seed = staff

    dump = dump_everything()

    assert seed not in dump
    assert django_settings.FIELD_ENCRYPTION_KEY not in dump
    assert django_settings.SECRET_KEY not in dump


def test_encryption_is_randomised():
    assert crypto.encrypt("JBSWY3DPEHPK3PXP") != crypto.encrypt("JBSWY3DPEHPK3PXP")


@pytest.mark.parametrize("garbage", ["", "not a token", "gAAAAABinvalid"])
def test_decrypt_garbage_is_none(garbage):
    assert crypto.decrypt(garbage) is None


def test_begin_totp_setup_replaces_seed_and_resets_state(staff):
    user, old_seed = staff
    assert actions.verify_totp(user, code(old_seed, NOW), now=NOW) is True

    new_seed = actions.begin_totp_setup(user)

    user.refresh_from_db()
    assert new_seed != old_seed
    assert (user.totp_confirmed, user.totp_last_step) == (False, 0)
    assert actions.totp_seed(user) == new_seed
    assert actions.verify_totp(user, code(old_seed, NOW + STEP), now=NOW + STEP) is False


def test_provisioning_uri(staff):
    user, seed = staff

    assert actions.provisioning_uri(user, seed) == (
        f"otpauth://totp/Walkout%20hub:moderator?secret={seed}&issuer=Walkout%20hub"
    )


# --- verify_totp -----------------------------------------------------------------------------


def test_verify_totp_current_code(staff):
    user, seed = staff

    assert actions.verify_totp(user, code(seed, NOW), now=NOW) is True

    user.refresh_from_db()
    assert user.totp_last_step == int(NOW // STEP)
    assert user.totp_confirmed is True


@pytest.mark.parametrize(("offset", "accepted"), [(-2, False), (-1, True), (1, True), (2, False)])
def test_verify_totp_window_is_one_step(staff, offset, accepted):
    user, seed = staff

    assert actions.verify_totp(user, code(seed, NOW + offset * STEP), now=NOW) is accepted


def test_verify_totp_code_works_once(staff):
    user, seed = staff
    current = code(seed, NOW)
    assert actions.verify_totp(user, current, now=NOW) is True

    assert actions.verify_totp(user, current, now=NOW) is False
    # Still refused half a minute later, while it is inside the drift window.
    assert actions.verify_totp(User.objects.get(pk=user.pk), current, now=NOW + STEP) is False


def test_verify_totp_older_code_after_newer_refused(staff):
    user, seed = staff
    assert actions.verify_totp(user, code(seed, NOW + STEP), now=NOW) is True

    assert actions.verify_totp(user, code(seed, NOW), now=NOW) is False


def test_verify_totp_next_code_after_use(staff):
    user, seed = staff
    assert actions.verify_totp(user, code(seed, NOW), now=NOW) is True

    assert actions.verify_totp(user, code(seed, NOW + STEP), now=NOW + STEP) is True


def test_verify_totp_accepts_spaces(staff):
    user, seed = staff
    digits = code(seed, NOW)

    assert actions.verify_totp(user, f" {digits[:3]} {digits[3:]} ", now=NOW) is True


@pytest.mark.parametrize("bad", ["", None, "12345", "1234567", "abcdef", "12345a"])
def test_verify_totp_malformed(staff, bad):
    user, _ = staff

    assert actions.verify_totp(user, bad, now=NOW) is False

    user.refresh_from_db()
    assert (user.totp_last_step, user.totp_confirmed) == (0, True)


def test_verify_totp_without_seed():
    user = actions.create_staff_user(
        username="noseed", password="a long enough passphrase", hub=HubFactory()
    )

    assert actions.verify_totp(user, "123456", now=NOW) is False


def test_verify_totp_confirms_the_setup():
    user, seed = make_staff(username="fresh", verified_seed=False)

    assert actions.verify_totp(user, code(seed, NOW), now=NOW) is True

    user.refresh_from_db()
    assert user.totp_confirmed is True


# --- sign-in throttling by username, never by address ----------------------------------------


def test_sign_in_blocked_after_five_failures():
    for n in range(actions.MAX_FAILURES):
        assert actions.sign_in_blocked("moderator") is False, n
        actions.note_failed_sign_in("moderator")

    assert actions.sign_in_blocked("moderator") is True
    assert actions.sign_in_blocked(" MODERATOR ") is True
    assert actions.sign_in_blocked("someone-else") is False


def test_clear_failed_sign_ins():
    for _ in range(actions.MAX_FAILURES):
        actions.note_failed_sign_in("moderator")

    actions.clear_failed_sign_ins("Moderator")

    assert actions.sign_in_blocked("moderator") is False


def test_failure_counter_key_does_not_name_the_user():
    actions.note_failed_sign_in("alice.organizer")

    assert "alice" not in dump_everything()
    assert len(caches["shared"].get(actions._failure_key("alice.organizer"))) == 1


# --- staff accounts --------------------------------------------------------------------------


def test_create_staff_user():
    hub = HubFactory()

    user = actions.create_staff_user(
        username="coord", password="a long enough passphrase", hub=hub, role="admin"
    )

    user.refresh_from_db()
    assert (user.username, user.hub, user.role, user.is_active, user.totp_confirmed) == (
        "coord",
        hub,
        "admin",
        True,
        False,
    )
    assert user.check_password("a long enough passphrase")


def test_create_staff_user_password_like_username_refused():
    with pytest.raises(ValidationError) as error:
        actions.create_staff_user(
            username="riverside-moderator", password="riverside-moderator", hub=HubFactory()
        )

    assert error.value.messages == ["The password is too similar to the username."]
    assert User.objects.count() == 0


def test_coordinators_become_admins_in_the_migration():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("walkout.people.migrations.0002_roles_and_setup_links")
    user, _ = make_staff(username="old-coordinator")
    User.objects.filter(pk=user.pk).update(role="coordinator")

    migration.coordinators_become_admins(apps, None)

    assert User.objects.get(pk=user.pk).role == "admin"
