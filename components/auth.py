"""Optional login in front of the whole dashboard, configured only through `.streamlit/secrets.toml`
(see `.streamlit/secrets.toml.example` and docs/deployment.md).

Three modes, chosen from the secrets:

- **OIDC** — an `[auth]` section with `redirect_uri` and `cookie_secret` (plus a provider): Streamlit's
  own `st.login()` / `st.user` (needs the `Authlib` package). Optionally `[access] allowed_emails`
  limits who may enter after the provider said yes.
- **shared password** — `[access] password = "…"` or `password_sha256 = "<hex>"`: a Thai password
  form; the answer is compared with `hmac.compare_digest` on SHA-256 digests, and a per-session
  flag in `st.session_state` (a fingerprint of the configured secret, so changing the password logs
  every session out) remembers it.
- **none** — no secrets file, or neither section: the app opens as before (localhost only by
  default, `.streamlit/config.toml`).

Fails closed: a secrets file that exists but cannot be read, an `[access]` section without a
password, an `[auth]` section that is incomplete, OIDC without Authlib, or any setting the gate does
not know (a password at the top level, under `[Access]`, `[acess]` or `[server]`, a misspelt key)
all stop the app with a Thai message instead of letting everyone in.

Uploads are refused at the server until the visitor is in (`components/upload_guard.py`): the gate
marks the session allowed only after it has passed.

`require_login()` is called by dashboard.py right after `st.set_page_config`, before the sidebar
and before any data is loaded; it calls `st.stop()` until the visitor is in.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import cast

import streamlit as st

from components import upload_guard
from components.i18n import t
from components.safe import md

OK_KEY = "_auth_ok"  # session flag: fingerprint of the secret the visitor matched
PASSWORD_KEY = "_auth_password"  # the password box (cleared on submit)
WRONG_KEY = "_auth_wrong"  # the last attempt failed: show the error once
WRONG_DELAY_S = 1.0  # slows guessing down a little (the proxy should rate-limit too)
_OIDC_REQUIRED = ("redirect_uri", "cookie_secret")


class _Broken(Exception):
    """The secrets exist but say something we cannot act on safely. `values` fill the message."""

    def __init__(self, code: str, **values: str) -> None:
        super().__init__(code)
        self.values = values


# What the secrets may hold: anything else (a password at the top level, under [Access], [acess] or
# [server], a typo such as pasword) is a login the app would silently ignore, so it stops the app.
KNOWN_SECTIONS = ("auth", "access")
ACCESS_KEYS = ("password", "password_sha256", "allowed_emails", "allowed_domains")


# ---------------------------------------------------------------- reading the secrets
def _secrets_files() -> list[Path]:
    try:
        from streamlit import config

        return [Path(p) for p in (config.get_option("secrets.files") or [])]
    except Exception:  # noqa: BLE001 - no config: nothing to look at
        return []


def load_secrets() -> dict:
    """The secrets as a plain dict; {} when there is no secrets file. Raises _Broken when a file
    exists but cannot be parsed (never fail open on a typo)."""
    secrets = st.secrets  # looked up on every call: AppTest swaps st.secrets for its own
    try:
        return cast(dict, _plain(secrets.to_dict() if hasattr(secrets, "to_dict") else dict(secrets)))
    except FileNotFoundError:  # StreamlitSecretNotFoundError: none found, or unreadable
        if any(p.exists() for p in _secrets_files()):
            raise _Broken("secrets_unreadable") from None
        return {}
    except Exception:  # noqa: BLE001 - a parse error of any other kind is still "broken"
        raise _Broken("secrets_unreadable") from None


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _unknown_settings(secrets: Mapping) -> list[str]:
    unknown = [str(k) for k in secrets if k not in KNOWN_SECTIONS]
    access = secrets.get("access")
    if isinstance(access, Mapping):
        unknown += [f"access.{k}" for k in access if k not in ACCESS_KEYS]
    return unknown


def login_mode(secrets: Mapping) -> str:
    """ "oidc", "password" or "none" for these secrets; raises _Broken for half a configuration or
    for any setting the gate does not know (it could be a password meant to protect the app)."""
    unknown = _unknown_settings(secrets)
    if unknown:
        raise _Broken("unknown_setting", keys=", ".join(unknown))
    auth = secrets.get("auth")
    if auth is not None:
        if not isinstance(auth, Mapping) or not all(str(auth.get(k) or "").strip() for k in _OIDC_REQUIRED):
            raise _Broken("auth_incomplete")
        return "oidc"
    access = secrets.get("access")
    if access is not None:
        if not isinstance(access, Mapping) or not _expected_digest(access):
            raise _Broken("access_incomplete")
        return "password"
    return "none"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _expected_digest(access: Mapping) -> str:
    """SHA-256 hex of the configured password ('' when none is configured)."""
    given_hash = str(access.get("password_sha256") or "").strip().lower()
    if given_hash:
        if len(given_hash) != 64 or any(c not in "0123456789abcdef" for c in given_hash):
            raise _Broken("access_bad_hash")
        return given_hash
    password = str(access.get("password") or "")
    return _sha256(password) if password else ""


def password_ok(given: str, access: Mapping) -> bool:
    """Constant-time check of a typed password against [access] password / password_sha256."""
    expected = _expected_digest(access)
    return bool(expected) and hmac.compare_digest(_sha256(given or ""), expected)


def _fingerprint(access: Mapping) -> str:
    return _sha256("ita-dashboard-session:" + _expected_digest(access))


# ---------------------------------------------------------------- the gate
def require_login() -> None:
    """Stop the script until the visitor has logged in (when a login is configured)."""
    upload_guard.install()
    session = _session_id()
    upload_guard.forbid(session)  # until this run has let the visitor in
    try:
        secrets = load_secrets()
        mode = login_mode(secrets)
    except _Broken as exc:
        values = {k: md(v) for k, v in exc.values.items()}
        st.error(t(f"login.broken_{exc.args[0]}", **values), icon=":material/lock:")
        st.stop()
        return
    if mode == "password":
        _password_gate(secrets["access"])
    elif mode == "oidc":
        _oidc_gate(secrets["auth"], secrets.get("access") or {})
    upload_guard.allow(session)  # the gates above stop the script unless the visitor is in


def _session_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def is_allowed() -> bool:
    """True when this session may see data (pages can check it as a second line of defence)."""
    try:
        secrets = load_secrets()
        mode = login_mode(secrets)
    except _Broken:
        return False
    if mode == "password":
        return st.session_state.get(OK_KEY) == _fingerprint(secrets["access"])
    if mode == "oidc":
        return bool(getattr(st.user, "is_logged_in", False)) and _email_allowed(secrets.get("access") or {})
    return True


def _password_gate(access: Mapping) -> None:
    if st.session_state.get(OK_KEY) == _fingerprint(access):
        with st.sidebar:
            st.button(
                t("login.logout"), key="_auth_logout", icon=":material/logout:", type="tertiary", on_click=_forget
            )
        return
    st.session_state.pop(OK_KEY, None)
    st.title(t("login.title"))
    st.caption(t("login.caption"))
    with st.form("_auth_form", clear_on_submit=True, border=True):
        st.text_input(t("login.password"), type="password", key=PASSWORD_KEY, max_chars=256)
        # checked in the callback: it runs before the script, so a rerun through the entry point
        # (components/bootstrap.py) cannot lose the submission
        st.form_submit_button(
            t("login.submit"), type="primary", icon=":material/login:", on_click=_check, args=(dict(access),)
        )
    if st.session_state.pop(WRONG_KEY, False):
        st.error(t("login.wrong"), icon=":material/error:")
    st.stop()


def _check(access: Mapping) -> None:
    given = str(st.session_state.get(PASSWORD_KEY) or "")
    st.session_state[PASSWORD_KEY] = ""
    if password_ok(given, access):
        st.session_state[OK_KEY] = _fingerprint(access)
        return
    time.sleep(WRONG_DELAY_S)
    st.session_state[WRONG_KEY] = True


def _forget() -> None:
    st.session_state.pop(OK_KEY, None)


def _providers(auth: Mapping) -> list[str | None]:
    """Named providers ([auth.microsoft] …) or [None] for a single provider set in [auth] itself."""
    named = [k for k, v in auth.items() if isinstance(v, Mapping)]
    return named or [None]


def _email_allowed(access: Mapping) -> bool:
    allowed = access.get("allowed_emails")
    domains = access.get("allowed_domains")
    if not allowed and not domains:
        return True
    email = str(getattr(st.user, "email", "") or "").strip().lower()
    if not email:
        return False
    if allowed and email in {str(e).strip().lower() for e in cast(Iterable, allowed)}:
        return True
    return bool(domains) and email.rpartition("@")[2] in {
        str(d).strip().lower().lstrip("@") for d in cast(Iterable, domains)
    }


def _oidc_gate(auth: Mapping, access: Mapping) -> None:
    if importlib.util.find_spec("authlib") is None:
        st.error(t("login.broken_no_authlib"), icon=":material/lock:")
        st.stop()
    if st.user.is_logged_in:
        if not _email_allowed(access):
            st.error(t("login.not_allowed"), icon=":material/block:")
            st.button(t("login.logout"), key="_auth_logout_denied", on_click=st.logout)
            st.stop()
        with st.sidebar:
            st.button(
                t("login.logout"), key="_auth_logout", icon=":material/logout:", type="tertiary", on_click=st.logout
            )
        return
    st.title(t("login.title"))
    st.caption(t("login.oidc_caption"))
    for provider in _providers(auth):
        label = t("login.oidc_button") if provider is None else t("login.oidc_button_named", provider=md(provider))
        if st.button(label, key=f"_auth_login_{provider}", type="primary", icon=":material/login:"):
            try:
                st.login(provider) if provider else st.login()
            except Exception:  # noqa: BLE001 - a misconfigured provider must not show a traceback
                st.error(t("login.oidc_failed"), icon=":material/error:")
    st.stop()
