#!/usr/bin/env bash
# Build the window application with PyInstaller (build_spec/wuzheng.spec) into dist/wuzheng/,
# then check the frozen program as a user would. Exits non-zero on any problem.
#
#   bash scripts/build.sh               # set up, build, smoke check
#   bash scripts/build.sh --check-only  # smoke check an existing build
#
# WUZHENG_DIST (default dist) and WUZHENG_WORK (default build/pyinstaller) move the output and
# PyInstaller's work folder; WUZHENG_DEBUG=1 makes a debug build (see the spec).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIST=${WUZHENG_DIST:-dist}
WORK=${WUZHENG_WORK:-build/pyinstaller}
case "$DIST" in /*) ;; *) DIST="$ROOT/$DIST" ;; esac

if [ "${1:-}" != "--check-only" ]; then
  started=$SECONDS
  bash scripts/setup.sh
  # Libraries Qt's xcb/wayland plugins link to: present on the build machine, PyInstaller
  # bundles them, so a target PC without them still starts. xvfb, dbus and gnome-keyring: the
  # X11 start and Secret Service checks below.
  apt_needed=()
  for pkg in libxcb-icccm4 libxcb-keysyms1 libwayland-cursor0 xvfb xauth dbus gnome-keyring; do
    dpkg -s "$pkg" >/dev/null 2>&1 || apt_needed+=("$pkg")
  done
  if [ ${#apt_needed[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      echo "Installing system packages for the build: ${apt_needed[*]}"
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends "${apt_needed[@]}" >/dev/null
    else
      echo "Note: please install these system packages for the build: ${apt_needed[*]}" >&2
    fi
  fi
  log=$(mktemp)
  if ! .venv/bin/python -m pip install -q -e ".[build]" >"$log" 2>&1; then
    cat "$log" >&2
    echo "BUILD FAILED: could not install the build extra (pip output above)" >&2
    exit 1
  fi
  echo "== pyinstaller build_spec/wuzheng.spec → $DIST/wuzheng"
  if ! .venv/bin/pyinstaller build_spec/wuzheng.spec --noconfirm --log-level WARN \
      --distpath "$DIST" --workpath "$WORK" >"$log" 2>&1; then
    cat "$log" >&2
    echo "BUILD FAILED (PyInstaller output above)" >&2
    exit 1
  fi
  grep -E '^wuzheng' "$log" || true
  rm -f "$log"
  echo "built in $((SECONDS - started)) s: $(du -sh "$DIST/wuzheng" | cut -f1) in $DIST/wuzheng"
fi

# ------------------------------------------------------------------------------- smoke check
checked=0
fail() {
  echo "SMOKE CHECK FAILED: $*" >&2
  exit 1
}
ok() {
  checked=$((checked + 1))
  echo "  ok  $*"
}

[ -x "$DIST/wuzheng/wuzheng" ] || fail "no program at $DIST/wuzheng/wuzheng (build first)"
command -v pdftotext >/dev/null 2>&1 || fail "pdftotext is missing (apt-get install poppler-utils)"
check_started=$SECONDS
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# As county IT would: a copy of the folder elsewhere, started from another directory, with
# nothing of the source tree or the developer's settings in reach.
cp -a "$DIST/wuzheng" "$TMP/wuzheng"
W="$TMP/wuzheng/wuzheng"
D="$TMP/data"
OUT="$TMP/out"
mkdir -p "$OUT" "$TMP/config"
cd "$TMP"
unset PYTHONPATH PYTHONHOME WUZHENG_HOME VIRTUAL_ENV
export XDG_CONFIG_HOME="$TMP/config"
echo "== smoke check of the frozen program (copied to $TMP/wuzheng)"

# run NAME EXPECTED_CODE COMMAND…: stdout/stderr in $TMP/NAME.out/.err; never a traceback
run() {
  local name=$1 expected=$2 code=0
  shift 2
  "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" || code=$?
  if [ "$code" != "$expected" ] || grep -q "Traceback" "$TMP/$name.out" "$TMP/$name.err"; then
    cat "$TMP/$name.out" "$TMP/$name.err" >&2
    fail "$name: exit code $code (expected $expected): $*"
  fi
}
has() {  # has FILE TEXT WHAT
  grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$3: \"$2\" not found"; }
}

run selfcheck 0 "$W" --data-dir "$TMP/data-selfcheck" --self-check
sed 's/^/      /' "$TMP/selfcheck.out"
ok "--self-check: files, SQLite FTS5, migrations, PDF + font, PDFium, worker processes, keyring, Qt"
has "$TMP/data-selfcheck/logs/self-check.txt" "自检通过" "self-check report in the logs folder"
has "$TMP/data-selfcheck/logs/wuzheng.log" "自检通过" "self-check lines in wuzheng.log"
ok "--self-check wrote its report to the logs folder (self-check.txt, wuzheng.log)"
[ -x "$DIST/wuzheng/wuzheng-gui" ] || fail "no wuzheng-gui program (the window without a console)"

run stats 0 "$W" --data-dir "$D" catalog stats
[ -f "$D/wuzheng.sqlite3" ] || fail "first start made no database in $D"
has "$TMP/stats.out" "证明事项" "catalog stats"
ok "first start: database migrated and sample catalog imported ($(head -1 "$TMP/stats.out"))"

run search 0 "$W" --data-dir "$D" catalog search gzzf
has "$TMP/search.out" "公共租赁住房资格申请" "catalog search gzzf"
ok "catalog search gzzf (pinyin initials): $(tail -1 "$TMP/search.out")"

PERSON_ID=11010519491231002X
run new 0 "$W" --data-dir "$D" case new --matter M0033 --name 王秀英 --id "$PERSON_ID" \
  --phone 13800138000
CASE=$(tr -d '[:space:]' <"$TMP/new.out")
[ -n "$CASE" ] || fail "case new printed no case id"
run resolve 0 "$W" --data-dir "$D" case resolve "$CASE" C0066 pledge
run show 0 "$W" --data-dir "$D" case show "$CASE"
has "$TMP/show.out" "110105********002X" "case show"
grep -q "$PERSON_ID" "$TMP/show.out" && fail "case show printed the full resident ID"
ok "case new / resolve (pledge) / show: $(head -1 "$TMP/show.out"), ID masked"

run refused 2 "$W" --data-dir "$D" case show NOPE
has "$TMP/refused.err" "错误：" "case show NOPE"
ok "bad input: exit code 2, one line: $(head -1 "$TMP/refused.err")"

run guide 0 "$W" --data-dir "$D" print guide M0001 -o "$OUT/guide.pdf"
pdftotext "$OUT/guide.pdf" - | tr -d '[:space:]' >"$TMP/guide.txt"
has "$TMP/guide.txt" "公共租赁住房资格申请" "print guide: text of the PDF"
if command -v pdffonts >/dev/null 2>&1; then
  pdffonts "$OUT/guide.pdf" | grep "WenQuanYi" | grep -q " yes " ||
    fail "print guide: WenQuanYi Micro Hei not embedded"
fi
ok "print guide M0001: Chinese text readable, font embedded ($(($(wc -c <"$OUT/guide.pdf") / 1024)) KB)"

run pledge 0 "$W" --data-dir "$D" print pledge "$CASE" -o "$OUT/pledge.pdf"
pdftotext "$OUT/pledge.pdf" - | tr -d '[:space:]' >"$TMP/pledge.txt"
has "$TMP/pledge.txt" "告知承诺书" "print pledge"
has "$TMP/pledge.txt" "110105********002X" "print pledge: masked ID"
if grep -q "密钥环" "$TMP/pledge.err"; then
  [ -f "$D/pledge-signing.key" ] || fail "keyring fallback announced, but no key file in $D"
  ok "print pledge: signed; no Secret Service here, so the key is in a file, with the warning"
else
  ok "print pledge: signed, key in the system keyring"
fi

if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1
then
  # a desktop session with a Secret Service: the key goes into the keyring, no file, no warning
  {
    echo 'printf secret | gnome-keyring-daemon --unlock --components=secrets >/dev/null'
    echo 'exec "$@"'
  } >"$TMP/keyring.sh"
  cp -a "$D" "$TMP/data-keyring"
  rm -f "$TMP/data-keyring/pledge-signing.key"
  mkdir -p "$TMP/home"
  run keyring 0 env HOME="$TMP/home" timeout 60 dbus-run-session -- bash "$TMP/keyring.sh" \
    "$W" --data-dir "$TMP/data-keyring" print pledge "$CASE" -o "$OUT/pledge-keyring.pdf"
  [ -f "$TMP/data-keyring/pledge-signing.key" ] && fail "Secret Service running, but key in a file"
  grep -q "密钥环" "$TMP/keyring.err" && fail "Secret Service running, but the fallback warning"
  ok "print pledge with a Secret Service (gnome-keyring): key stored in the keyring"
else
  echo "  --  keyring with a Secret Service not checked (no dbus-run-session/gnome-keyring)"
fi

run receipt 0 "$W" --data-dir "$D" print receipt "$CASE" -o "$OUT/receipt.pdf"
pdftotext "$OUT/receipt.pdf" - | tr -d '[:space:]' >"$TMP/receipt.txt"
has "$TMP/receipt.txt" "受理回执" "print receipt"
ok "print receipt"

run guides 0 "$W" --data-dir "$D" print guides --all -o "$OUT/guides" --jobs 2
summary=$(grep -o '已导出 [0-9]* / [0-9]*' "$TMP/guides.out" || true)
written=$(find "$OUT/guides" -name '*.pdf' | wc -l)
[ -n "$summary" ] || fail "print guides: no summary line"
[ "$summary" = "已导出 $written / $written" ] || fail "print guides: $summary, $written files"
[ "$written" -ge 88 ] || fail "print guides: only $written guides"
ok "print guides --all --jobs 2 (spawned worker processes): $written PDFs"

[ -e "$D/logs/wuzheng-error.log" ] && fail "a command wrote $D/logs/wuzheng-error.log"
has "$D/logs/wuzheng.log" "wuzheng print guides" "the commands' log"
ok "the commands log to $D/logs/wuzheng.log"

run backup 0 "$W" --data-dir "$D" backup
has "$TMP/backup.out" "已备份到" "backup"
run restore 0 "$W" --data-dir "$D" restore --latest
has "$TMP/restore.out" "已从" "restore --latest"
run audit 0 "$W" --data-dir "$D" audit verify
ok "backup, restore --latest (migrations read frozen), audit verify after the restore"

export WUZHENG_STARTUP_PROBE=ready
run gui_new 0 timeout 120 env QT_QPA_PLATFORM=offscreen "$W" --data-dir "$TMP/data-gui"
[ -f "$TMP/data-gui/wuzheng.sqlite3" ] || fail "GUI first start made no database"
ok "GUI (offscreen) starts on a new data directory: window shown, database ready, exit 0"
run gui 0 timeout 120 env QT_QPA_PLATFORM=offscreen "$W" --data-dir "$D"
ok "GUI (offscreen) starts on the data directory used above"
run gui_noconsole 0 timeout 120 env QT_QPA_PLATFORM=offscreen "$TMP/wuzheng/wuzheng-gui" \
  --data-dir "$D"
ok "wuzheng-gui (the window without a console window) starts"
if command -v xvfb-run >/dev/null 2>&1; then
  run gui_x11 0 timeout 120 xvfb-run -a env QT_QPA_PLATFORM=xcb "$W" --data-dir "$D"
  ok "GUI on X11 (xcb plugin, under Xvfb) starts"
else
  echo "  --  GUI on X11 not checked (no xvfb-run)"
fi
unset WUZHENG_STARTUP_PROBE

echo "smoke check passed: $checked checks in $((SECONDS - check_started)) s"
