#!/usr/bin/env bash
# Set up a development environment: system libraries Qt and the tests need, a virtualenv in
# .venv with the project installed (editable) and its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3

# System packages: Qt's offscreen/xcb platform libraries, poppler-utils (PDF → PNG in tests).
apt_needed=()
for pkg in libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
           libglib2.0-0 libxcb-cursor0 poppler-utils; do
  dpkg -s "$pkg" >/dev/null 2>&1 || apt_needed+=("$pkg")
done
if [ ${#apt_needed[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing system packages: ${apt_needed[*]}"
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${apt_needed[@]}" >/dev/null
  else
    echo "Note: please install these system packages: ${apt_needed[*]}" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# Install only when pyproject.toml changed since the last successful install (fast restarts).
stamp=.venv/.wuzheng-installed
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing Python packages into .venv …"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[test,hub]"
  echo "$wanted" > "$stamp"
fi
