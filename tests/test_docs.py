"""The docs stay honest: every setting and command is documented."""

import re
from pathlib import Path

from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent
OPERATIONS = (ROOT / "docs" / "operations.md").read_text()


def _settings_variables() -> set[str]:
    source = (ROOT / "walkout" / "settings.py").read_text()
    return set(re.findall(r'env(?:_bool|_int)?\(\s*"([A-Z_]+)"', source))


def _our_commands() -> dict[str, str]:
    return {name: app for name, app in get_commands().items() if app.startswith("walkout.")}


def test_every_environment_variable_is_documented():
    documented = set(re.findall(r"^\| `([A-Z_]+)`", OPERATIONS, flags=re.M))
    assert _settings_variables() - documented == set()


def test_no_documented_variable_is_stale():
    documented = set(re.findall(r"^\| `([A-Z_]+)`", OPERATIONS, flags=re.M))
    used_elsewhere = {"PORT", "WALKOUT_CHROMIUM"}
    assert documented - _settings_variables() - used_elsewhere == set()


def test_every_command_has_help_and_is_documented():
    commands = _our_commands()
    assert set(commands) >= {"demo_data", "create_hub", "create_staff"}
    for name, app in commands.items():
        assert load_command_class(app, name).help, name
        assert f"`{name}" in OPERATIONS, name


def test_readme_has_exactly_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert re.findall(r"^\s+make (\w+)", readme, flags=re.M) == ["run", "test"]


def test_every_decision_has_a_status():
    for adr in sorted((ROOT / "docs" / "decisions").glob("*.md")):
        assert "**Status**:" in adr.read_text(), adr.name
