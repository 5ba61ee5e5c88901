"""Settings from the environment: the one module of the package that reads `os.environ`.

Why one place: a setting's name, its default and where it is documented (README, Configuration)
can be found and tested here, and the rest of the package takes plain values. Nothing is read at
import time and nothing is written: importing the package changes no global state.

>>> import os; os.environ.pop("ITA_STORE_PATH", None) and None
>>> store_path().name
'ita.sqlite'
>>> setting("ITA_NO_SUCH_SETTING")
''
"""

from __future__ import annotations

import os
from pathlib import Path

from ita_metrics.datafiles import DATA_DIR

STORE_PATH_ENV = "ITA_STORE_PATH"
DEFAULT_STORE_PATH = DATA_DIR / "ita.sqlite"
BROWSER_ENV = "ITA_CHROMIUM"  # the Chromium that draws chart images
BROWSER_FALLBACK_ENV = "BROWSER_PATH"  # kaleido's own name for it
FONTS_ENV = "ITA_CHART_FONTS"  # "Garuda,Loma": fonts for chart images
FONTCONFIG_ENV = "FONTCONFIG_FILE"  # fontconfig's own: which fonts are installed


def setting(name: str) -> str:
    """The environment variable `name`, stripped; "" when it is not set."""
    return os.environ.get(name, "").strip()


def store_path(override: str | os.PathLike[str] | None = None) -> Path:
    """Where the report store lives: `override` (e.g. `--store`), else $ITA_STORE_PATH, else data/ita.sqlite."""
    if override:
        return Path(override).expanduser()
    env = setting(STORE_PATH_ENV)
    return Path(env).expanduser() if env else DEFAULT_STORE_PATH


def chart_browser() -> str:
    """The browser named for chart images ($ITA_CHROMIUM, else $BROWSER_PATH); "" = search for one."""
    return setting(BROWSER_ENV) or setting(BROWSER_FALLBACK_ENV)


def chart_fonts() -> list[str]:
    """Fonts named for chart images ($ITA_CHART_FONTS, comma-separated); [] = the defaults."""
    return [f.strip() for f in setting(FONTS_ENV).split(",") if f.strip()]


def ocr_workers() -> str:
    """$ITA_OCR_WORKERS: how many scanned pages Tesseract reads at once; "" = the default."""
    return setting("ITA_OCR_WORKERS")


def tesseract_command() -> str:
    """$ITA_TESSERACT, else "tesseract" (found on PATH)."""
    return setting("ITA_TESSERACT") or "tesseract"


def child_env(**overrides: str) -> dict[str, str]:
    """The environment for a helper program we start (Tesseract), with `overrides`."""
    return {**os.environ, **overrides}


def fontconfig_file() -> str | None:
    """$FONTCONFIG_FILE when set (tests restrict the fonts with it), else None."""
    return setting(FONTCONFIG_ENV) or None


# ---------------------------------------------------------------- the reader worker's environment
SETTING_PREFIX = "ITA_"


def ita_settings() -> dict[str, str]:
    """Every ITA_* variable: a reader worker started earlier must read with the caller's settings."""
    return {k: v for k, v in os.environ.items() if k.startswith(SETTING_PREFIX)}


def adopt_settings(settings: dict[str, str]) -> None:
    """Make this process's ITA_* variables exactly `settings` (a reader worker, before each job)."""
    for key in [k for k in os.environ if k.startswith(SETTING_PREFIX) and k not in settings]:
        del os.environ[key]
    os.environ.update(settings)


def child_environment(**extra: str) -> dict[str, str]:
    """This process's environment plus `extra`, for a child process (a fresh reader worker)."""
    return {**os.environ, **extra}


def os_user() -> str:
    """The account name of the computer running the app ($USER / $LOGNAME, else the password
    database): who made a change when there is no login and the officer gave no name."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no name for this uid (a bare container)
        return ""
