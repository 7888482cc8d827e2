#!/usr/bin/env bash
# `make package`, laptop part: freeze `koffer[laptop]` with PyInstaller (one folder) and
# wrap it into build/koffer_<version>_<arch>.deb with dpkg-deb (zstd). See packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
uv=.tools/bin/uv
venv=build/venv-laptop
version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(dpkg --print-architecture)
stage=build/deb-laptop
deb=build/koffer_${version}_${arch}.deb

echo "== environment with only koffer[laptop] and PyInstaller ($venv)"
UV_PROJECT_ENVIRONMENT=$root/$venv nice "$uv" sync --frozen --quiet --no-default-groups \
  --group package --extra laptop --no-editable --reinstall-package koffer --compile-bytecode
scripts/translations.sh "$venv/bin"

echo "== PyInstaller"
rm -rf build/dist/koffer
nice "$venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath build/dist \
  --workpath build/pyi packaging/linux/koffer.spec
bundle=build/dist/koffer

echo "== fences: no server stack, no plaintext keyring backend in the bundle"
if grep -E '^(keyrings|fastapi|starlette|uvicorn|sqlalchemy|alembic|psycopg|pydantic_settings|sync\.server)(\.|$)' \
    build/pyi/koffer/modules.txt; then
  echo "package-laptop: the modules above must not be in the laptop bundle" >&2; exit 1
fi
if find "$bundle" -path '*keyrings*' | grep -q .; then
  echo "package-laptop: keyrings.* files in the bundle" >&2; exit 1
fi

echo "== desktop entry and AppStream metadata"
desktop-file-validate packaging/de.koffer.Koffer.desktop
appstreamcli validate --no-net --explain packaging/de.koffer.Koffer.metainfo.xml >/dev/null
newest=$(python3 -c 'import xml.etree.ElementTree as E; print(E.parse("packaging/de.koffer.Koffer.metainfo.xml").find("releases/release").get("version"))')
if [ "$newest" != "$version" ]; then
  echo "package-laptop: add <release version=\"$version\"> to packaging/de.koffer.Koffer.metainfo.xml" >&2
  exit 1
fi

echo "== staging the package"
rm -rf "$stage"
install -d "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/metainfo" "$stage/usr/share/icons/hicolor/scalable/apps" \
  "$stage/usr/lib/NetworkManager/dispatcher.d" "$stage/usr/share/doc/koffer" "$stage/usr/lib/koffer"
cp -a "$bundle" "$stage/opt/koffer"
ln -s /opt/koffer/koffer "$stage/usr/bin/koffer"
install -m 0644 packaging/de.koffer.Koffer.desktop "$stage/usr/share/applications/"
install -m 0644 packaging/de.koffer.Koffer.metainfo.xml "$stage/usr/share/metainfo/"
install -m 0644 packaging/icons/de.koffer.Koffer.svg "$stage/usr/share/icons/hicolor/scalable/apps/"
QT_QPA_PLATFORM=offscreen "$venv/bin/python" packaging/icons/render_png.py \
  packaging/icons/de.koffer.Koffer.svg "$stage/usr/share/icons/hicolor" 48 128 256
install -m 0755 packaging/networkmanager/90-koffer-sync "$stage/usr/lib/NetworkManager/dispatcher.d/"
# CUPS must not keep copies of printed documents (see packaging/README.md, "CUPS")
install -m 0755 packaging/linux/cups-privacy "$stage/usr/lib/koffer/cups-privacy"
install -m 0755 packaging/linux/postinst "$stage/DEBIAN/postinst"
install -m 0644 packaging/linux/README.Debian "$stage/usr/share/doc/koffer/README.Debian"
# Licences: ours, the fonts', every bundled Python distribution's, and the hand-kept
# list of what the wheels vendor without a licence file (Qt, FFmpeg, ICU, Python).
install -m 0644 packaging/licenses/copyright "$stage/usr/share/doc/koffer/copyright"
install -m 0644 LICENSE "$stage/usr/share/doc/koffer/LICENSE"
install -m 0644 packaging/licenses/THIRD-PARTY.md "$stage/usr/share/doc/koffer/"
install -m 0644 resources/fonts/LICENSE-DejaVu.txt "$stage/usr/share/doc/koffer/"
"$venv/bin/python" scripts/collect-licenses.py "$stage/usr/share/doc/koffer/licenses" \
  --skip pyinstaller pyinstaller-hooks-contrib altgraph setuptools packaging
find "$stage" -type d -exec chmod 0755 {} +

echo "== Depends from what the bundle links against"
# The bundle's libraries resolved from the system; plus what is used but not linked: a
# session bus and a Secret Service (keyring), the Qt platform's GL/EGL, a UI font.
glibc=$(dpkg-query -W -f='${Version}' libc6 | cut -d- -f1)
mapfile -t linked < <( (python3 scripts/deb-depends.py "$bundle"; echo libegl1; echo libgl1;
  echo fonts-dejavu-core) | sort -u)
depends=$(printf '%s, ' "libc6 (>= $glibc)" "${linked[@]}" \
  "default-dbus-session-bus | dbus-session-bus" "gnome-keyring | kwalletmanager | keepassxc")
depends=${depends%, }
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
  -e "s/@DEPENDS@/$depends/" packaging/linux/control.in > "$stage/DEBIAN/control"

echo "== dpkg-deb"
rm -f build/koffer_*.deb
nice dpkg-deb --root-owner-group -Zzstd -z9 --build "$stage" "$deb" >/dev/null
ls -l "$deb"
