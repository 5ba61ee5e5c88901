"""Login fails closed and uploads wait for it, at the server (issue 11, point 3).

A password anywhere the gate does not look (top level, [Access], [acess], [server], a misspelt key)
used to leave the app open with no login; before login anyone could PUT files to the upload endpoint
and the server kept them in memory."""

from __future__ import annotations

import pytest
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from components import auth, upload_guard
from components.safe import md
from tests.test_auth import PASSWORD, _app, _sees_data


@pytest.mark.parametrize(
    "secrets, named",
    [
        ({"password": PASSWORD}, "password"),
        ({"Access": {"password": PASSWORD}}, "Access"),
        ({"acess": {"password": PASSWORD}}, "acess"),
        ({"server": {"password": PASSWORD}}, "server"),
        ({"access": {"pasword": PASSWORD}}, "access.pasword"),
        ({"access": {"password": PASSWORD}, "passwd": "x"}, "passwd"),
    ],
)
def test_a_password_the_gate_does_not_read_closes_the_app(secrets, named):
    at = _app(secrets)
    assert not at.exception
    assert len(at.error) == 1 and "ปิดการเข้าใช้ไว้ก่อน" in at.error[0].value
    assert md(named) in at.error[0].value  # the setting is named (escaped: it is the file's text)
    assert not _sees_data(at) and not at.text_input


def test_known_settings_still_work():
    assert auth.login_mode({"access": {"password": PASSWORD, "allowed_domains": ["x.go.th"]}}) == "password"
    assert (
        auth.login_mode(
            {
                "auth": {"redirect_uri": "u", "cookie_secret": "c", "google": {"client_id": "x"}},
                "access": {"allowed_emails": ["a@x.go.th"]},
            }
        )
        == "oidc"
    )


def rec(file_id: str, size: int) -> UploadedFileRec:
    return UploadedFileRec(file_id=file_id, name=f"{file_id}.xlsx", type="application/octet-stream", data=b"x" * size)


def test_no_upload_is_kept_before_login():
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    upload_guard.guard(manager)
    upload_guard.forbid("visitor")
    with pytest.raises(Exception) as refused:
        manager.add_file("visitor", rec("f1", 1000))
    assert getattr(refused.value, "status_code", None) == 403
    assert manager.get_files("visitor", ["f1"]) == [] and manager._total_bytes == 0
    upload_guard.allow("visitor")
    manager.add_file("visitor", rec("f1", 1000))
    assert [f.file_id for f in manager.get_files("visitor", ["f1"])] == ["f1"]
    upload_guard.forbid("visitor")


def test_uploads_are_capped_per_session(monkeypatch):
    monkeypatch.setenv("ITA_SESSION_MAX_FILES", "3")
    monkeypatch.setenv("ITA_SESSION_MAX_MB", "1")
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    upload_guard.guard(manager)
    upload_guard.guard(manager)  # once only
    upload_guard.allow("officer")
    manager.add_file("officer", rec("a", 400_000))
    manager.add_file("officer", rec("b", 400_000))
    with pytest.raises(Exception) as too_big:
        manager.add_file("officer", rec("c", 400_000))  # past 1 MB
    assert getattr(too_big.value, "status_code", None) == 413
    manager.add_file("officer", rec("b", 600_000))  # replacing a file counts its new size only
    manager.add_file("officer", rec("c", 10))
    with pytest.raises(Exception) as too_many:
        manager.add_file("officer", rec("d", 10))  # a fourth file
    assert getattr(too_many.value, "status_code", None) == 413
    upload_guard.forbid("officer")


def test_the_gate_lets_a_session_upload_only_once_in(monkeypatch):
    """AppTest has no server: the session id the gate allows is checked directly."""
    seen = {}
    monkeypatch.setattr(upload_guard, "allow", lambda sid: seen.__setitem__("allowed", sid))
    monkeypatch.setattr(upload_guard, "forbid", lambda sid: seen.setdefault("forbidden", sid))
    monkeypatch.setattr(auth, "WRONG_DELAY_S", 0.0)
    _app({"access": {"password": PASSWORD}})
    assert "forbidden" in seen and "allowed" not in seen
    seen.clear()
    _app()
    assert "allowed" in seen
