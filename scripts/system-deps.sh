#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Koffer needs (build, run and test), once.
# As root it uses apt-get; otherwise it names what to install and stops.
set -euo pipefail

packages=(
  # build: pycups compiles against libcups
  gcc libcups2-dev python3-venv
  # run: Qt (PySide6) needs these shared libraries
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libnss3 libasound2 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1
  fonts-dejavu-core
  # keyring: Secret Service
  dbus dbus-x11 gnome-keyring
  # printing: a real CUPS scheduler, a PDF queue, a virtual IPP Everywhere printer
  cups cups-client cups-bsd cups-ipp-utils printer-driver-cups-pdf
  # screenshots and PDF pages
  xvfb poppler-utils
  # town-hall backend tests on PostgreSQL
  postgresql
  # make package / package-test: PyInstaller needs the shared libpython of the system's
  # python3; systemd-analyze checks the server's unit (systemd need not be PID 1)
  libpython3-dev systemd desktop-file-utils appstream
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Koffer needs these system packages. Please install them, then run make again:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
