"""Who records a correction or an as-of date (kept with it in the store, shown with its time).

What an office expects: a change carries a person's name. So, in this order:
1. the signed-in account (OIDC login: `st.user`, its name and e-mail), when a login is set up;
2. else the name the officer types in "ชื่อผู้บันทึก" (kept for the visit, shown wherever a change
   is made), because one computer is often shared and a shared password names nobody;
3. else the account of the computer running the app (`config.os_user()`), marked as such.
README "Who made a change" says the same.
"""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from ita_metrics import config

NAME_KEY = "officer_name"  # the name the officer typed, kept across pages for the visit
_BOX = "officer_name_"  # + where: the name box of one page


def signed_in() -> str:
    """The signed-in account ("name <e-mail>"), or "" without an OIDC login."""
    try:
        if not getattr(st.user, "is_logged_in", False):
            return ""
        name = str(st.user.get("name") or "").strip()
        email = str(st.user.get("email") or "").strip()
    except Exception:  # noqa: BLE001 - no login configured: st.user has nothing to say
        return ""
    return f"{name} <{email}>" if name and email else name or email


def who() -> str:
    """Who makes a change now, by the order in the module docstring."""
    account = signed_in()
    if account:
        return account
    # the box on this page first: a name typed and then a button clicked arrive in the same run
    boxes = [str(st.session_state.get(k) or "").strip() for k in list(st.session_state) if str(k).startswith(_BOX)]
    typed = next((b for b in boxes if b), "") or str(st.session_state.get(NAME_KEY) or "").strip()
    if typed:
        return typed
    user = config.os_user()
    return t("officer.computer_user", user=user) if user else t("officer.unknown")


def _keep(widget: str) -> None:
    st.session_state[NAME_KEY] = str(st.session_state.get(widget) or "").strip()


def name_field(where: str) -> None:
    """The officer's name box (or, when signed in, who the changes are recorded as)."""
    account = signed_in()
    if account:
        st.caption(t("officer.as_account", who=account))
        return
    widget = f"{_BOX}{where}"
    st.session_state[widget] = st.session_state.get(NAME_KEY, "")
    st.text_input(
        t("officer.name"),
        key=widget,
        on_change=_keep,
        args=(widget,),
        placeholder=t("officer.placeholder", who=who()),
        help=t("officer.help"),
        max_chars=120,
        width=360,
    )
