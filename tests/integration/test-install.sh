#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-install.sh BUILD_ROOT PREFIX BINDIR DATADIR LOCALEDIR APP(true|false)
# Installs the build into a temporary DESTDIR, checks that every file lands where a distribution
# expects it, and runs the installed programs.
set -euo pipefail

build_root="$1" prefix="$2" bindir="$3" datadir="$4" localedir="$5" app="$6"
app_id=com.example.IspLic

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

meson install -C "$build_root" --destdir "$tmp" --no-rebuild --quiet

root="$tmp"
# bindir/datadir/localedir are absolute (prefix/...) when meson hands them over.
bin="$root$bindir"
share="$root$datadir"
locale="$root$localedir"

expected=(
  "$bin/isplic-cli"
  "$bin/isplic-billmgr-sim"
  "$share/glib-2.0/schemas/$app_id.gschema.xml"
  "$locale/ru/LC_MESSAGES/isplic.mo"
)
if [[ "$app" == true ]]; then
  expected+=(
    "$bin/isplic"
    "$share/applications/$app_id.desktop"
    "$share/metainfo/$app_id.metainfo.xml"
    "$share/icons/hicolor/scalable/apps/$app_id.svg"
    "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
    "$share/dbus-1/services/$app_id.service"
  )
fi

fail=0
for f in "${expected[@]}"; do
  if [[ -f "$f" ]]; then
    echo "ok: ${f#"$root"}"
  else
    echo "missing: ${f#"$root"}" >&2
    fail=1
  fi
done
((fail == 0)) || exit 1

# The installed programs run from their new place (everything is linked statically).
"$bin/isplic-cli" --help >"$tmp/cli-help.txt"
grep -qw 'list' "$tmp/cli-help.txt" || { echo "isplic-cli --help does not mention 'list'" >&2; exit 1; }
echo "ok: isplic-cli --help"

if [[ "$app" == true ]]; then
  version="$("$bin/isplic" --version)"
  echo "isplic --version: $version"
  [[ "$version" == *0.1.0* ]] || { echo "isplic --version does not print the version" >&2; exit 1; }

  # The desktop entry and the D-Bus service start the installed binary, and both validate.
  desktop-file-validate "$share/applications/$app_id.desktop"
  grep -qx 'Exec=isplic' "$share/applications/$app_id.desktop"
  grep -qx "Exec=$bindir/isplic --gapplication-service" "$share/dbus-1/services/$app_id.service" \
    || { echo "the D-Bus service does not start $bindir/isplic" >&2; exit 1; }
  grep -qx "Name=$app_id" "$share/dbus-1/services/$app_id.service"
  appstreamcli validate --no-net "$share/metainfo/$app_id.metainfo.xml"
fi

# The translation is a real catalogue with Russian in it.
msgunfmt "$locale/ru/LC_MESSAGES/isplic.mo" >"$tmp/ru.po"
grep -qF 'лицензи' "$tmp/ru.po" \
  || { echo "isplic.mo has no Russian text" >&2; exit 1; }
echo "ok: isplic.mo"
