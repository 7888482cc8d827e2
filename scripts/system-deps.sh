#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Koffer needs (build, run and test), once.
# As root it uses apt-get; otherwise it names what to install and stops.
# "a|b" names one package by its Debian 13 and Debian 12 names (the 64-bit time_t
# rename: Debian 13 calls libasound2 libasound2t64, and keeps the old name only as a
# virtual package, which dpkg never reports installed).
set -euo pipefail

packages=(
  # build: pycups compiles against libcups and the Python headers
  gcc libcups2-dev python3-dev python3-venv
  # run: Qt (PySide6) needs these shared libraries
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libnss3 'libasound2t64|libasound2' libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1
  fonts-dejavu-core
  # keyring: Secret Service
  dbus dbus-x11 gnome-keyring
  # printing: a real CUPS scheduler, a PDF queue, a virtual IPP Everywhere printer
  cups cups-client cups-bsd cups-ipp-utils printer-driver-cups-pdf
  # screenshots and PDF pages; OCR reads back what Qt's print support printed (page images)
  xvfb poppler-utils tesseract-ocr tesseract-ocr-deu
  # town-hall backend tests on PostgreSQL
  postgresql
  # make package / package-test: PyInstaller needs the shared libpython of the system's
  # python3; systemd-analyze checks the server's unit (systemd need not be PID 1)
  libpython3-dev systemd desktop-file-utils appstream
)

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for entry in "${packages[@]}"; do
  found=0
  IFS='|' read -r -a names <<<"$entry"
  for name in "${names[@]}"; do
    if installed "$name"; then found=1; fi
  done
  [ "$found" -eq 1 ] || missing+=("$entry")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  wanted=()
  for entry in "${missing[@]}"; do
    IFS='|' read -r -a names <<<"$entry"
    choice=${names[-1]}
    for name in "${names[@]}"; do  # the first name this release has a real package for
      if apt-cache show "$name" >/dev/null 2>&1; then choice=$name; break; fi
    done
    wanted+=("$choice")
  done
  echo "Installing system packages: ${wanted[*]}"
  apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
else
  # apt-get picks the real package for the old name on both releases
  echo "Koffer needs these system packages. Please install them, then run make again:" >&2
  echo "  sudo apt-get install ${missing[*]##*|}" >&2
  exit 1
fi
