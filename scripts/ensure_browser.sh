#!/usr/bin/env bash
# The browser tests and PNG export need Debian's chromium and a Thai font; install them when
# missing (root is available on the project's machines; elsewhere, say what to install).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "tlwg\|Loma\|Garuda" || need+=(fonts-thai-tlwg)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
else
  echo "Please install: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
