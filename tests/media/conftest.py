import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test has its own MEDIA_ROOT, and no background threads: tests process uploads
    themselves (walkout.media.worker.process_next)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WALKOUT_MEDIA_INCOMING_DIR = ""
    settings.WALKOUT_MEDIA_IN_PROCESS = False
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _files_follow_at_once(monkeypatch):
    """Tests run inside a transaction that never commits; unlink files at once instead."""
    from walkout.media import actions

    monkeypatch.setattr(actions, "_after_commit", lambda func: func())
