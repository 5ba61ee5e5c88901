#!/usr/bin/env bash
# Install the Debian packages listed in scripts/debian-packages.txt when missing (root is available
# on the project's machines; elsewhere, say what to install).
set -euo pipefail
cd "$(dirname "$0")"
need=()
while read -r pkg _; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done < debian-packages.txt
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Please install: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
