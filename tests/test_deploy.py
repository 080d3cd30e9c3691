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
