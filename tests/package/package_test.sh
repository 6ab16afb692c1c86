#!/bin/sh
# The Debian package, built from this build tree: its control data and
# contents, its systemd unit (systemd-analyze verify, when present), and
# the binary it carries, run from the extracted package: --version, and
# serving the packaged web UI with the packaged settings file.
#   package_test.sh BUILD_DIR VERSION
set -eu
build=$1
version=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/vafa_package_test.XXXXXX")
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

[ -f "$(dirname "$0")/../../web/dist/index.html" ] ||
  fail "web/dist/index.html is missing: run scripts/build-web first"
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb="$work/out/vafa_${version}_amd64.deb"
[ -f "$deb" ] || fail "no $deb (made: $(ls "$work/out"))"

info=$(dpkg-deb -I "$deb")
echo "$info" | grep -q "^ Package: vafa$" || fail "control: no Package: vafa"
echo "$info" | grep -q "^ Version: $version$" || fail "control: no Version: $version"
echo "$info" | grep -q "^ Architecture: amd64$" || fail "control: not amd64"
echo "$info" | grep "^ Depends:" | grep -q "adduser" || fail "control: Depends lacks adduser"
echo "$info" | grep "^ Depends:" | grep -q "libsqlite3" ||
  fail "control: Depends lacks the shared libraries (libsqlite3)"
[ "$(dpkg-deb -f "$deb" Package)" = vafa ] || fail "dpkg-deb -f Package"
mkdir "$work/control"
dpkg-deb -e "$deb" "$work/control"
grep -qx "/etc/vafa/vafa.conf" "$work/control/conffiles" ||
  fail "/etc/vafa/vafa.conf is not a conffile"
grep -q "adduser --system" "$work/control/postinst" ||
  fail "postinst creates no system user"
[ -x "$work/control/postinst" ] || fail "postinst is not executable"

contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/vafa ./usr/share/vafa/web/index.html \
    ./usr/share/man/man1/vafa.1.gz ./usr/share/man/man1/vafa-serve.1.gz \
    ./etc/vafa/vafa.conf ./lib/systemd/system/vafa.service \
    ./usr/share/doc/vafa/install.md; do
  echo "$contents" | grep -q " $path$" || fail "the package lacks $path"
done
echo "$contents" | grep " ./usr/bin/vafa$" | grep -q "^-rwxr-xr-x root/root" ||
  fail "/usr/bin/vafa is not an executable owned by root"

dpkg-deb -x "$deb" "$work/root"
root="$work/root"
unit="$root/lib/systemd/system/vafa.service"
for line in "User=vafa" "ExecStart=/usr/bin/vafa serve --config /etc/vafa/vafa.conf" \
    "ProtectSystem=strict" "ReadWritePaths=/var/lib/vafa" "NoNewPrivileges=true" \
    "PrivateTmp=true" "Restart=on-failure"; do
  grep -qx "$line" "$unit" || fail "vafa.service lacks $line"
done
if command -v systemd-analyze >/dev/null 2>&1; then
  # The unit's ExecStart must exist, so the check runs on a copy whose
  # binary path is the extracted one; the man page it names is checked
  # below, not installed here (--man=no).
  sed "s|^ExecStart=/usr/bin/vafa|ExecStart=$root/usr/bin/vafa|" "$unit" \
    >"$work/vafa.service"
  systemd-analyze verify --man=no "$work/vafa.service" >"$work/verify.log" 2>&1 ||
    { cat "$work/verify.log" >&2; fail "systemd-analyze verify"; }
  if grep -q . "$work/verify.log"; then
    cat "$work/verify.log" >&2; fail "systemd-analyze verify warned"
  fi
else
  echo "systemd-analyze is not installed: the unit is not verified"
fi

vafa="$root/usr/bin/vafa"
"$vafa" --version | head -n 1 | grep -qx "vafa $version" ||
  fail "the extracted binary's --version: $("$vafa" --version)"
man -l "$root/usr/share/man/man1/vafa-serve.1.gz" 2>/dev/null | grep -q -- "--config" ||
  fail "vafa-serve(1) does not describe --config"

# The packaged settings with the store in the scratch folder and any free
# port; the web UI from where the package put it.
sed -e "s|/var/lib/vafa|$work|" -e "s|^port = .*|port = 0|" \
  -e "s|^web = /usr/share/vafa/web|web = $root/usr/share/vafa/web|" \
  "$root/etc/vafa/vafa.conf" >"$work/vafa.conf"
grep -q "^web = $root" "$work/vafa.conf" || fail "vafa.conf names no web folder"
serve() {
  (cd "$work" && exec "$vafa" serve --config "$1" --no-loyalty-expiry \
    >"$work/stdout" 2>"$work/stderr") &
  server=$!
  for _ in $(seq 100); do
    grep -q "http://" "$work/stdout" 2>/dev/null && break
    sleep 0.1
  done
  url=$(grep -o "http://[^ ]*" "$work/stdout" | head -n 1) ||
    { cat "$work/stderr" >&2; fail "the server did not start"; }
  url=${url%/}
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }

serve "$work/vafa.conf"
curl -sf "$url/" | cmp -s - "$root/usr/share/vafa/web/index.html" ||
  fail "GET / is not the packaged index.html"
curl -sf "$url/api/v1/health" | grep -q "\"version\":\"$version\"" ||
  fail "the health route does not report version $version"
stop
[ -f "$work/vafa.db" ] || fail "the store is not where vafa.conf put it"

# Without a web line, the binary finds the UI installed beside it.
grep -v "^web = " "$work/vafa.conf" >"$work/no-web.conf"
serve "$work/no-web.conf"
curl -sf "$url/" | cmp -s - "$root/usr/share/vafa/web/index.html" ||
  fail "without --web, GET / is not the installed index.html"
stop
echo "ok: $deb"
