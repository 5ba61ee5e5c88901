"""Importing the package changes nothing global: every module of ita_metrics imported in a fresh
interpreter leaves the environment, sys.path and the working directory as they were; settings
are read only by ita_metrics/config.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import importlib, json, os, pkgutil, sys
env, path, cwd = dict(os.environ), list(sys.path), os.getcwd()
import ita_metrics
modules = pkgutil.walk_packages(ita_metrics.__path__, "ita_metrics.")
names = sorted(m.name for m in modules if m.name != "ita_metrics.__main__")
for name in names:
    importlib.import_module(name)
changed = {k: os.environ.get(k) for k in set(env) | set(os.environ) if env.get(k) != os.environ.get(k)}
print(json.dumps({"modules": len(names), "env": changed, "path": sys.path != path, "cwd": os.getcwd() != cwd}))
"""


def test_importing_every_module_changes_nothing_global():
    env = {k: v for k, v in os.environ.items() if k != "PYTHAINLP_OFFLINE"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["modules"] >= 40
    assert result == {"modules": result["modules"], "env": {}, "path": False, "cwd": False}


def test_only_config_reads_the_environment():
    readers = [
        p.name
        for p in sorted((ROOT / "ita_metrics").rglob("*.py"))
        if re.search(r"os\.environ|os\.getenv", p.read_text(encoding="utf-8"))
    ]
    assert readers == ["__main__.py", "config.py"]
