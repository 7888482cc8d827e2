#!/usr/bin/env bash
# `make package`, server part: build/koffer-server_<version>_<arch>.deb, a virtual
# environment of `koffer[server]` (exact versions and hashes from uv.lock) for the
# system's python3 in /opt/koffer-server/venv, the systemd unit, the settings file and
# the service user. Built for the Debian release it is built on (its python3 minor).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
uv=$root/.tools/bin/uv
python=/usr/bin/python3
version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(dpkg --print-architecture)
stage=$root/build/deb-server
deb=build/koffer-server_${version}_${arch}.deb
venv=$stage/opt/koffer-server/venv
pyminor=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
pynext=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1] + 1}")')

echo "== wheel and pinned requirements of koffer[server]"
rm -rf build/wheel "$stage"
nice "$uv" build --quiet --wheel --out-dir build/wheel
"$uv" export --quiet --frozen --no-dev --extra server --no-emit-project \
  --format requirements-txt --output-file build/server-requirements.txt

echo "== environment in the package ($python $pyminor)"
"$uv" venv --quiet --relocatable --python "$python" "$venv"
nice "$uv" pip install --quiet --python "$venv/bin/python" --require-hashes --no-deps \
  --compile-bytecode -r build/server-requirements.txt
nice "$uv" pip install --quiet --python "$venv/bin/python" --no-deps --compile-bytecode \
  build/wheel/koffer-"$version"-py3-none-any.whl
# The server side of the split: no Qt, no desktop keyring, no SQLCipher may be in here.
if "$venv/bin/python" -c 'import importlib.util as u, sys; sys.exit(any(u.find_spec(m) for m in ("PySide6", "keyring", "sqlcipher3", "cups")))'; then :; else
  echo "package-server: laptop libraries in the server environment" >&2; exit 1
fi
# pyvenv.cfg must name the target's interpreter, not a build-machine path.
grep -q "^home = /usr/bin$" "$venv/pyvenv.cfg"

echo "== staging"
install -d "$stage/DEBIAN" "$stage/usr/bin" "$stage/etc/koffer-server" \
  "$stage/usr/lib/systemd/system" "$stage/usr/share/doc/koffer-server"
for command in koffer-server koffer-admin; do
  sed "s/@COMMAND@/$command/g" packaging/server/wrapper.sh > "$stage/usr/bin/$command"
  chmod 0755 "$stage/usr/bin/$command"
done
install -m 0640 packaging/server/server.env "$stage/etc/koffer-server/server.env"
install -m 0644 packaging/server/koffer-server.service "$stage/usr/lib/systemd/system/"
install -m 0644 docs/server.md "$stage/usr/share/doc/koffer-server/server.md"
install -m 0644 packaging/licenses/copyright "$stage/usr/share/doc/koffer-server/copyright"
install -m 0644 LICENSE "$stage/usr/share/doc/koffer-server/LICENSE"
"$venv/bin/python" scripts/collect-licenses.py "$stage/usr/share/doc/koffer-server/licenses"
for script in postinst prerm postrm; do
  install -m 0755 "packaging/server/$script" "$stage/DEBIAN/$script"
done
echo /etc/koffer-server/server.env > "$stage/DEBIAN/conffiles"
find "$stage" -name __pycache__ -prune -o -type d -exec chmod 0755 {} +
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
  -e "s/@PYTHON@/python3 (>= $pyminor~), python3 (<< $pynext~)/" \
  packaging/server/control.in > "$stage/DEBIAN/control"

echo "== dpkg-deb"
rm -f build/koffer-server_*.deb
nice dpkg-deb --root-owner-group -Zzstd -z9 --build "$stage" "$deb" >/dev/null
ls -l "$deb"
