#!/usr/bin/env bash
# Set up (if needed) and run every check: lint, format, types, then the whole test suite
# (core tests without Qt, then GUI tests offscreen). The hub's tests run on SQLite and on a
# throwaway PostgreSQL cluster (scripts/postgres.sh; under CI that run may not skip).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== ruff"; .venv/bin/ruff check app ui tests benchmarks tools
echo "== ruff format"; .venv/bin/ruff format --check app ui tests benchmarks tools
echo "== mypy"; .venv/bin/mypy app ui
echo "== pytest"; bash scripts/postgres.sh .venv/bin/pytest -q -p no:cacheprovider "$@"
