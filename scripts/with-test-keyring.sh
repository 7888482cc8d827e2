#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service (gnome-keyring) in a throwaway
# home, inside the D-Bus session that dbus-run-session made. Never touches the user's
# own keyring.
set -euo pipefail
scratch=$(mktemp -d -t koffer-keyring-XXXXXX)
cleanup() {
  # Only the daemon we started, if it told us its pid (never `kill 0`: that would hit our
  # whole process group). Otherwise it leaves by itself when dbus-run-session's bus ends.
  if [ -n "${GNOME_KEYRING_PID:-}" ]; then kill "$GNOME_KEYRING_PID" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
eval "$(printf 'koffer-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL GNOME_KEYRING_PID
export KOFFER_SECRET_SERVICE_AVAILABLE=1
status=0
"$@" || status=$?
exit "$status"
