"""The data inventory (docs/data-inventory.yaml, SAFETY.md requirement 4): loading it,
comparing it with the models, and writing its readable page (docs/data-inventory.md)."""

import functools
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings

SOURCE = Path(settings.BASE_DIR) / "docs" / "data-inventory.yaml"
PAGE = Path(settings.BASE_DIR) / "docs" / "data-inventory.md"
FIELD_KEYS = {"class", "purpose", "visible_to", "encryption"}


@functools.cache
def load() -> dict:
    with open(SOURCE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def stored_fields(model) -> list[str]:
    """Names of what a model stores: its columns and its many-to-many fields, not the reverse
    relations other models point at it with."""
    return [
        f.name
        for f in model._meta.get_fields()
        if f.concrete or f.many_to_many and not f.auto_created
    ]


def installed_models() -> dict[str, type]:
    """Every model whose table exists, Django's own and the automatic link tables included."""
    return {
        m._meta.label: m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    }


def undeclared(inventory: dict | None = None) -> dict[str, list[str]]:
    """Fields the models store that the inventory does not declare."""
    tables = (inventory or load())["tables"]
    missing = {}
    for label, model in installed_models().items():
        declared = (tables.get(label) or {}).get("fields") or {}
        names = [name for name in stored_fields(model) if name not in declared]
        if names:
            missing[label] = names
    return missing


def stale(inventory: dict | None = None) -> dict[str, list[str]]:
    """Inventory entries for models or fields that no longer exist."""
    models = installed_models()
    gone = {}
    for label, entry in (inventory or load())["tables"].items():
        model = models.get(label)
        fields = set(stored_fields(model)) if model else set()
        names = [name for name in (entry.get("fields") or {}) if name not in fields]
        if names:
            gone[label] = names
    return gone


def stub(missing: dict[str, list[str]]) -> str:
    """YAML entries to paste into the inventory for `missing` fields, to be filled in."""
    lines = []
    for label, names in missing.items():
        model = apps.get_model(label)
        lines += [
            f"  {label}:",
            f"    table: {model._meta.db_table}",
            "    purpose: TODO",
            "    retention: TODO",
            "    fields:",
        ]
        lines += [
            f"      {name}: {{class: TODO, purpose: TODO, visible_to: TODO, encryption: none}}"
            for name in names
        ]
    return "\n".join(lines) + "\n"


def retention_days(policy: dict) -> int | None:
    """The period in force for a retention policy with a setting, else None."""
    setting = policy.get("setting")
    return getattr(settings, setting) if setting else None


def _rule(policy: dict) -> str:
    text = " ".join(policy["rule"].split())
    if "default_days" in policy:
        text = text.replace("{days}", str(policy["default_days"]))
        text += f" (`{policy['setting']}`, default {policy['default_days']})"
    return text


def _cell(value) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")


def _field_rows(fields: dict, table_retention: str) -> list[str]:
    rows = [
        "| Field | Class | Purpose | Visible to | Encryption |",
        "|---|---|---|---|---|",
    ]
    for name, field in fields.items():
        purpose = field["purpose"]
        if field.get("retention", table_retention) != table_retention:
            purpose += f" Retention: {field['retention']}."
        rows.append(
            f"| `{name}` | {field['class']} | {_cell(purpose)} | {_cell(field['visible_to'])} "
            f"| {_cell(field['encryption'])} |"
        )
    return rows


def render_markdown(inventory: dict | None = None) -> str:
    """docs/data-inventory.md: the same inventory, as a page to read."""
    inventory = inventory or load()
    policies = inventory["retention"]
    out = [
        "# Data inventory",
        "",
        "Generated from `docs/data-inventory.yaml` by `python -m walkout data_inventory`; do "
        "not edit by hand. Every field the platform stores, why, who sees it, how long it is "
        "kept and how it is protected (SAFETY.md requirement 4). A test fails when a model "
        "field is missing here.",
        "",
        "## Retention",
        "",
        "| Policy | Rule |",
        "|---|---|",
    ]
    out += [f"| {name} | {_cell(_rule(policy))} |" for name, policy in policies.items()]
    out += ["", "## Never stored", ""]
    out += [f"- {' '.join(item['plain'].split())}" for item in inventory["never_stored"]]
    out += ["", "## Tables", ""]
    for label, entry in inventory["tables"].items():
        out += [
            f"### {label} (`{entry['table']}`)",
            "",
            f"{' '.join(entry['purpose'].split())} Retention: **{entry['retention']}**.",
            "",
            *_field_rows(entry["fields"], entry["retention"]),
            "",
        ]
    out += ["## Tables without a model", ""]
    for name, entry in inventory["other_tables"].items():
        out += [
            f"### `{name}`",
            "",
            f"{' '.join(entry['purpose'].split())} Retention: **{entry['retention']}**.",
            "",
            *_field_rows(entry["columns"], entry["retention"]),
            "",
        ]
    out += ["## Outside the database", ""]
    for store in inventory["other_stores"]:
        out.append(f"- **{store['name']}**: {' '.join(store['what'].split())}")
    return "\n".join(out) + "\n"
