#!/usr/bin/env bash
# Set up (if needed) and start Wuzheng. With no hub configured it opens on the built-in sample
# catalog. Extra arguments go to the `wuzheng` command (e.g. `--data-dir DIR`, `catalog stats`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/wuzheng "$@"
