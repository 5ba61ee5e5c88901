"""Uploads are checked at the server: none before login, and a cap on what one session may hold.

Hiding the file widget until the visitor is in is not enough: anyone who reaches the page can PUT
files to `/_stcore/upload_file/<session>/<file>` and Streamlit keeps them in memory (five 20 MB
uploads took the server from 72 to 303 MB). So the runtime's upload manager is wrapped once per
process: `add_file` refuses (HTTP 403) a session the login gate has not let in, and (HTTP 413) a file
that would take the session past `[uploads]` in `data/limits.toml`.

`components/auth.py` calls `allow(session_id)` when a visitor is in (or when no login is configured)
and `forbid(session_id)` otherwise.
"""

from __future__ import annotations

import threading
from typing import Any

from ita_metrics.reading.limits import upload_caps
from ita_metrics.words import both

_allowed: set[str] = set()
_lock = threading.Lock()
_MARK = "_ita_upload_guard"


class UploadRefused(Exception):
    """Raised inside the upload request: the server answers with `status` and the file is dropped."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def allow(session_id: str) -> None:
    with _lock:
        _allowed.add(session_id)


def forbid(session_id: str) -> None:
    with _lock:
        _allowed.discard(session_id)


def is_allowed(session_id: str) -> bool:
    with _lock:
        return session_id in _allowed


def check(manager: Any, session_id: str, size: int, file_id: str = "") -> None:
    """Raise UploadRefused unless this session may store one more file of `size` bytes."""
    if not is_allowed(session_id):
        raise _http(403, both("upload.sign_in_first"))
    max_files, max_bytes = upload_caps()
    held = {k: len(v.data) for k, v in getattr(manager, "file_storage", {}).get(session_id, {}).items() if k != file_id}
    if len(held) + 1 > max_files or sum(held.values()) + size > max_bytes:
        raise _http(413, both("upload.session_full"))


def _http(status: int, detail: str) -> Exception:
    """Starlette's HTTPException when the server is Starlette (the client then sees the status)."""
    try:
        from starlette.exceptions import HTTPException

        return HTTPException(status_code=status, detail=detail)
    except ImportError:  # pragma: no cover - another server: still refused, as a server error
        return UploadRefused(status, detail)


def guard(manager: Any) -> None:
    """Wrap `manager.add_file` (once) with `check`."""
    if getattr(manager, _MARK, False):
        return
    original = manager.add_file

    def add_file(session_id: str, file: Any) -> None:
        check(manager, session_id, len(file.data), file.file_id)
        original(session_id, file)

    manager.add_file = add_file
    setattr(manager, _MARK, True)


def install() -> None:
    """Guard the running server's upload manager (nothing to do without a server, e.g. AppTest)."""
    try:
        from streamlit.runtime import Runtime

        if Runtime.exists():
            guard(Runtime.instance().uploaded_file_mgr)
    except Exception:  # noqa: BLE001 - no runtime (tests, bare mode): nothing to guard
        pass
