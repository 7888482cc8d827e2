#!/usr/bin/env bash
# `make package-test`: install both built .debs with apt-get on this machine, smoke-test
# the INSTALLED programs (tests/package, offscreen, real Secret Service, private CUPS),
# remove them again and check that nothing is left but the user's data. Needs root and
# a machine where neither package is installed yet.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(dpkg --print-architecture)
laptop=build/koffer_${version}_${arch}.deb
server=build/koffer-server_${version}_${arch}.deb
started=$(date +%s)

if [ "$(id -u)" -ne 0 ]; then
  echo "package-test installs packages: run it as root (sudo make package-test)" >&2; exit 1
fi
for deb in "$laptop" "$server"; do
  [ -f "$deb" ] || { echo "package-test: $deb is missing (make package)" >&2; exit 1; }
done
for package in koffer koffer-server; do
  if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
    echo "package-test: $package is installed on this machine already; remove it first" >&2
    exit 1
  fi
done

home=$(mktemp -d /var/tmp/koffer-package-test-XXXXXX)
files=$home.files
export DEBIAN_FRONTEND=noninteractive
remove() { apt-get purge -y -qq koffer koffer-server >/dev/null 2>&1 || true; }
trap 'remove; rm -rf "$home" "$files"' EXIT

echo "== apt-get install ./$laptop ./$server"
apt-get install -y -qq --no-install-recommends "./$laptop" "./$server" >/dev/null
dpkg-query -L koffer koffer-server | sort -u > "$files"

echo "== smoke test of the installed programs"
KOFFER_PACKAGE_TEST=1 KOFFER_PACKAGE_HOME=$home dbus-run-session -- \
  scripts/with-test-keyring.sh .venv/bin/pytest tests/package -q -p no:cacheprovider

echo "== apt-get purge, then look for leftovers"
apt-get purge -y -qq koffer koffer-server >/dev/null
left=0
while read -r path; do
  if [ -e "$path" ] && [ ! -d "$path" ]; then echo "left behind: $path"; left=1; fi
done < "$files"
for folder in /opt/koffer /opt/koffer-server /etc/koffer-server /usr/share/doc/koffer \
    /usr/share/doc/koffer-server; do
  if [ -e "$folder" ]; then echo "left behind: $folder"; left=1; fi
done
# The user's data stays: the demo profile the smoke test made must still be there.
if [ ! -f "$home/.local/share/koffer-demo/profile.json" ]; then
  echo "package-test: removing the package took the user's profile with it" >&2; left=1
fi
[ "$left" -eq 0 ] || exit 1
echo "package-test: passed in $(( $(date +%s) - started )) s"
