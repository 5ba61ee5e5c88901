"""The optional login (components/auth.py) and the server's access settings.

AppTest: without secrets the dashboard opens as before; with `[access] password` it shows only the
Thai password form (no data loaded, no charts) until the right password, a wrong one gives a Thai
error; half a configuration closes the app instead of opening it."""

from __future__ import annotations

import hashlib
import subprocess
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import auth

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")
PASSWORD = "ลับเฉพาะ-2567"
HOME_TITLE = "ภาพรวมจังหวัดและนำเข้าข้อมูล"


def _app(secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in (secrets or {}).items():
        at.secrets[k] = v
    return at.run()


def _sees_data(at: AppTest) -> bool:
    return "dataset" in at.session_state or bool(at.get("plotly_chart")) or any(t.value == HOME_TITLE for t in at.title)


def _submit(at: AppTest, password: str) -> AppTest:
    at.text_input(key=auth.PASSWORD_KEY).input(password)
    next(b for b in at.button if b.label == "เข้าสู่ระบบ").click()
    return at.run()


def test_no_secrets_no_login(monkeypatch):
    assert not (ROOT / ".streamlit" / "secrets.toml").exists(), "a real secrets.toml would change this test"
    at = _app()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.text_input, "no password box without secrets"
    assert _sees_data(at)


def test_password_gate_wrong_then_right(monkeypatch):
    monkeypatch.setattr(auth, "WRONG_DELAY_S", 0.0)
    at = _app({"access": {"password": PASSWORD}})
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "เข้าสู่ระบบแดชบอร์ดติดตามมาตรการ ITA"
    assert at.text_input(key=auth.PASSWORD_KEY).label == "รหัสผ่าน"
    assert not _sees_data(at)
    assert not at.sidebar.get("segmented_control"), "sidebar (and its settings) not drawn before login"

    at = _submit(at, "wrong")
    assert [e.value for e in at.error] == ["รหัสผ่านไม่ถูกต้อง กรุณาลองใหม่"]
    assert not _sees_data(at)
    assert auth.OK_KEY not in at.session_state

    at = _submit(at, PASSWORD)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert _sees_data(at)
    assert auth.PASSWORD_KEY not in [box.key for box in at.text_input]
    assert any(b.key == "_auth_logout" for b in at.button)

    # pages visited after the login stay open; signing out closes them again
    at.switch_page("pages/exports.py").run()
    assert at.title[0].value == "ส่งออกไฟล์สำหรับการประชุม"
    at.button(key="_auth_logout").click().run()
    assert at.title[0].value == "เข้าสู่ระบบแดชบอร์ดติดตามมาตรการ ITA"


def test_password_sha256(monkeypatch):
    digest = hashlib.sha256(PASSWORD.encode("utf-8")).hexdigest()
    at = _app({"access": {"password_sha256": digest.upper()}})
    assert not _sees_data(at)
    at = _submit(at, PASSWORD)
    assert _sees_data(at) and not at.error


@pytest.mark.parametrize(
    "secrets, fragment",
    [
        ({"access": {"password": ""}}, "ไม่มีรหัสผ่าน"),
        ({"access": {"password_sha256": "abc"}}, "เลขฐานสิบหก 64 ตัว"),
        ({"auth": {"client_id": "x"}}, "redirect_uri"),
    ],
)
def test_half_a_configuration_closes_the_app(secrets, fragment):
    at = _app(secrets)
    assert not at.exception
    assert len(at.error) == 1 and fragment in at.error[0].value
    assert not _sees_data(at) and not at.text_input


def test_oidc_without_authlib_fails_closed(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "authlib" else real(name, *a))
    at = _app(
        {
            "auth": {
                "redirect_uri": "http://localhost:8501/oauth2callback",
                "cookie_secret": "s" * 32,
                "client_id": "id",
                "client_secret": "secret",
                "server_metadata_url": "https://login.example/.well-known/openid-configuration",
            }
        }
    )
    assert not at.exception
    assert any("Authlib" in e.value for e in at.error)
    assert not _sees_data(at)


def test_password_check_and_modes():
    access = {"password": PASSWORD}
    assert auth.password_ok(PASSWORD, access)
    assert not auth.password_ok(PASSWORD + " ", access)
    assert not auth.password_ok("", {"password": ""})
    assert auth.login_mode({}) == "none"
    with pytest.raises(auth._Broken):  # a setting the gate does not know closes the app (issue 11)
        auth.login_mode({"other": {"x": 1}})
    assert auth.login_mode({"access": access}) == "password"
    assert auth.login_mode({"auth": {"redirect_uri": "u", "cookie_secret": "c"}}) == "oidc"
    assert auth._providers({"redirect_uri": "u", "microsoft": {"client_id": "x"}}) == ["microsoft"]
    assert auth._providers({"redirect_uri": "u", "client_id": "x"}) == [None]


def test_server_config_and_secrets_ignored():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = cfg["server"]
    assert server["address"] == "localhost"
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert server["maxUploadSize"] == 50
    example = tomllib.loads((ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8"))
    assert "access" in example and "auth" in example
    r = subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=ROOT)
    assert r.returncode == 0, ".streamlit/secrets.toml must be git-ignored"
    r = subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml.example"], cwd=ROOT)
    assert r.returncode == 1, "the example must not be ignored"
