"""Production settings pass Django's deployment checks (SAFETY.md requirement 37)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(extra_env: dict) -> subprocess.CompletedProcess:
    env = {**os.environ, **extra_env}
    env.pop("WALKOUT_DEBUG", None)
    return subprocess.run(  # noqa: S603 -- our own interpreter and module, fixed arguments
        [sys.executable, "-m", "walkout", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = _check(
        {
            "WALKOUT_HTTPS": "true",
            "WALKOUT_SECRET_KEY": secrets.token_urlsafe(50),
            "WALKOUT_ALLOWED_HOSTS": "walkout.example",
            "WALKOUT_DATA_DIR": str(tmp_path),
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_local_settings_are_flagged_by_check_deploy(tmp_path):
    result = _check({"WALKOUT_HTTPS": "false", "WALKOUT_DATA_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert "security.W004" in result.stderr  # no HSTS without HTTPS: the check is live


# --- what the docs tell operators to deploy (SAFETY.md requirements 1 and 41) ----------------

NGINX = ROOT / "docs" / "deploy" / "nginx.conf"
CLIENT_VARIABLES = ("$remote_addr", "$http_x_forwarded_for", "$http_user_agent", "$http_referer")


def _directives(config: str) -> list[str]:
    without_comments = "\n".join(line.split("#", 1)[0] for line in config.splitlines())
    return [" ".join(d.split()) for d in without_comments.replace("{", ";").split(";") if d.strip()]


def test_shipped_nginx_config_keeps_no_access_log():
    config = NGINX.read_text()
    directives = _directives(config)
    servers = config.count("server {")

    assert servers == 2
    assert directives.count("access_log off") == servers
    assert [d for d in directives if d.startswith("access_log") and d != "access_log off"] == []
    assert [d for d in directives if d.startswith("error_log")] == ["error_log /dev/null crit"] * 2
    log_formats = [d for d in directives if d.startswith("log_format")]
    assert [d for d in log_formats if any(v in d for v in CLIENT_VARIABLES)] == []
    assert 'proxy_set_header X-Forwarded-For ""' in directives


def test_make_run_serves_without_access_log():
    makefile = (ROOT / "Makefile").read_text()
    assert "--no-access-log" in makefile.split("granian", 1)[1].split("\n\n", 1)[0]


def test_privacy_doc_states_the_inventory_retention():
    import yaml

    privacy = (ROOT / "docs" / "privacy.md").read_text()
    policies = yaml.safe_load((ROOT / "docs" / "data-inventory.yaml").read_text())["retention"]

    for name, policy in policies.items():
        if "setting" in policy:
            row = next(line for line in privacy.splitlines() if f"`{policy['setting']}`" in line)
            assert (name, f"| {policy['default_days']} days" in row) == (name, True)
