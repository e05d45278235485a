#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# screenshots.sh [BUILD_ROOT]: retakes data/screenshots/main.png (the main window),
# details.png (one license in the details pane), selection.png (several selected: the action bar
# and the summary) and order.png (the order dialog) from the real app in demo mode, headless.
# Needs xvfb, dbus, xdotool and imagemagick (build-aux/dev screenshots installs them).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$(cd "${1:-$ROOT/_build}" && pwd)"
OUT="$ROOT/data/screenshots"
APP="$BUILD/src/app/isplic"
# The main window's title and the order dialog's (English, as the screenshots are).
MAIN_TITLE="${ISPLIC_MAIN_TITLE:-^IspLic$}"

if [[ ! -x "$APP" ]]; then
  echo "screenshots.sh: $APP is not built" >&2
  exit 1
fi

# Re-run inside one X server and a private session bus.
if [[ -z "${ISPLIC_SCREENSHOTS_INNER:-}" ]]; then
  export ISPLIC_SCREENSHOTS_INNER=1
  exec timeout 300 xvfb-run -a -n "$((100 + RANDOM % 800))" -s '-screen 0 1280x1024x24 -nolisten tcp -noreset' \
    dbus-run-session -- "$0" "$BUILD"
fi

export GDK_BACKEND=x11 GSK_RENDERER=cairo GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$BUILD/data"
export LC_ALL=C.UTF-8 LANGUAGE=
export NO_AT_BRIDGE=1

mkdir -p "$OUT"
"$APP" --demo &
app_pid=$!
trap 'kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true' EXIT

find_window() {
  # find_window REGEX: the id of the first visible window whose name matches, waiting up to 30 s.
  local id="" i
  for i in $(seq 1 60); do
    id="$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -n 1 || true)"
    if [[ -n "$id" ]]; then
      echo "$id"
      return 0
    fi
    sleep 0.5
  done
  echo "screenshots.sh: no window named '$1' appeared" >&2
  return 1
}

main_win="$(find_window "$MAIN_TITLE")"
# Let the demo server's licenses arrive and the list settle.
sleep 4
import -window "$main_win" "$OUT/main.png"
echo "wrote $OUT/main.png ($(identify -format '%wx%h' "$OUT/main.png"))"

# One license with its details pane (F9), then several with the action bar and the summary.
xdotool windowfocus --sync "$main_win" 2>/dev/null || xdotool windowfocus "$main_win"
xdotool mousemove --window "$main_win" 300 160 click 1
sleep 0.5
xdotool key --window "$main_win" F9
sleep 1.5
import -window "$main_win" "$OUT/details.png"
echo "wrote $OUT/details.png ($(identify -format '%wx%h' "$OUT/details.png"))"
xdotool keydown shift mousemove --window "$main_win" 300 330 click 1 keyup shift
sleep 1.5
import -window "$main_win" "$OUT/selection.png"
echo "wrote $OUT/selection.png ($(identify -format '%wx%h' "$OUT/selection.png"))"
xdotool mousemove --window "$main_win" 300 160 click 1
xdotool key --window "$main_win" F9
sleep 0.5

# The order dialog: Ctrl+N in the main window opens it as a new top-level window.
before="$(xdotool search --onlyvisible --name '.' 2>/dev/null | sort || true)"
xdotool windowfocus --sync "$main_win" 2>/dev/null || xdotool windowfocus "$main_win"
sleep 0.5
xdotool key --window "$main_win" ctrl+n
dialog=""
for i in $(seq 1 40); do
  after="$(xdotool search --onlyvisible --name '.' 2>/dev/null | sort || true)"
  dialog="$(comm -13 <(echo "$before") <(echo "$after") | head -n 1)"
  [[ -n "$dialog" ]] && break
  sleep 0.5
done
if [[ -z "$dialog" ]]; then
  echo "screenshots.sh: the order dialog did not open" >&2
  exit 1
fi
sleep 1.5
# Fill in the form as a person would: click the name row, type, click the IP row, type. The
# positions follow the dialog's layout (rows 55 px apart below the "Server" heading).
xdotool mousemove --window "$dialog" 200 400 click 1
sleep 0.3
xdotool type --delay 20 "web-01.example.com"
xdotool mousemove --window "$dialog" 200 455 click 1
sleep 0.3
xdotool type --delay 20 "203.0.113.50"
xdotool mousemove --window "$dialog" 260 700
# The IP check runs after a short pause in typing.
sleep 3
import -window "$dialog" "$OUT/order.png"
echo "wrote $OUT/order.png ($(identify -format '%wx%h' "$OUT/order.png"))"
