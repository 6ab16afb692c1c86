#!/bin/sh
# The Debian package installed by dpkg into a scratch root made from this
# machine's own files (no network, no package downloaded): its maintainer
# scripts create the vafa system user and /var/lib/vafa, the installed
# binary runs (--version), and `vafa serve --config /etc/vafa/vafa.conf`
# runs as that user inside the root with the packaged settings (only the
# port changed to a free one), serves the health route and writes its store
# in /var/lib/vafa. Removing and purging the package keeps the store.
# Needs root (dpkg --root runs the maintainer scripts in a chroot); skipped
# (exit 77) otherwise.
#   install_test.sh BUILD_DIR VERSION
set -eu
build=$1
version=$2
if [ "$(id -u)" != 0 ]; then
  echo "skipped: installing into a chroot needs root"
  exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/vafa_install_test.XXXXXX")
root="$work/root"
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
[ -f "$deb" ] || fail "no $deb"

# The root: what the maintainer scripts run (a shell, coreutils, adduser
# with perl, useradd and PAM), copied from the installed Debian packages,
# with every shared library those programs load. /bin, /lib, ... are the
# same symbolic links as on this (merged /usr) system.
mkdir -p "$root/usr/bin" "$root/usr/sbin" "$root/usr/lib" "$root/usr/lib64"
for dir in bin sbin lib lib64; do
  [ -L "/$dir" ] && ln -s "$(readlink "/$dir")" "$root/$dir"
done
mkdir -p "$root/etc" "$root/tmp" "$root/run" "$root/dev" \
  "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" \
  "$root/var/lib/dpkg/triggers"
copy_packages() {
  for package in "$@"; do
    dpkg -L "$package" | while read -r file; do
      if [ -f "$file" ] || [ -L "$file" ]; then
        cp -a --parents "$file" "$root" 2>/dev/null || true
      fi
    done
  done
}
copy_libraries() {
  for program in "$@"; do
    ldd "$program" 2>/dev/null | grep -o '/[^ ]*' | while read -r library; do
      cp -aL --parents "$library" "$root" 2>/dev/null || true
    done
  done
}
copy_packages dash coreutils libc-bin passwd login adduser perl-base \
  libpam0g libpam-modules libpam-modules-bin libpam-runtime
copy_libraries $(find "$root/usr/bin" "$root/usr/sbin" "$root/usr/lib" \
  -type f \( -perm -u+x -o -name '*.so*' \) | sed "s|^$root||")
cp -a /etc/pam.d /etc/security "$root/etc/"
for file in login.defs adduser.conf nsswitch.conf; do
  [ -f "/etc/$file" ] && cp "/etc/$file" "$root/etc/"
done
echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"
echo "root:*:19000:0:99999:7:::" >"$root/etc/shadow"
echo "root:*::" >"$root/etc/gshadow"
chmod 0640 "$root/etc/shadow" "$root/etc/gshadow"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
# cp --parents makes the folders it needs private to root: open them.
find "$root" -type d -exec chmod 0755 {} +
chmod 1777 "$root/tmp"

# The shared libraries the package depends on are this machine's: the
# dependencies are not installed as packages, hence --force-depends.
dpkg --root="$root" --force-depends -i "$deb" >"$work/dpkg.log" 2>&1 ||
  { cat "$work/dpkg.log" >&2; fail "dpkg -i"; }
status=$(dpkg --root="$root" -s vafa | grep "^Status:")
[ "$status" = "Status: install ok installed" ] ||
  fail "the package is not installed and configured: $status"
copy_libraries "$root/usr/bin/vafa"
find "$root/usr/lib" -type d -exec chmod 0755 {} +

in_root() { chroot "$root" "$@"; }
user=$(in_root getent passwd vafa) || fail "postinst made no vafa user"
uid=$(echo "$user" | cut -d: -f3)
gid=$(echo "$user" | cut -d: -f4)
[ "$uid" -lt 1000 ] || fail "the vafa user is not a system user: $user"
echo "$user" | grep -q ":/var/lib/vafa:/usr/sbin/nologin$" ||
  fail "the vafa user's home or shell: $user"
[ "$(stat -c '%u:%g %a' "$root/var/lib/vafa")" = "$uid:$gid 750" ] ||
  fail "/var/lib/vafa: $(stat -c '%u:%g %a' "$root/var/lib/vafa")"
[ "$(stat -c '%u:%g %a' "$root/etc/vafa/vafa.conf")" = "0:$gid 640" ] ||
  fail "/etc/vafa/vafa.conf: $(stat -c '%u:%g %a' "$root/etc/vafa/vafa.conf")"

in_root /usr/bin/vafa --version | head -n 1 | grep -qx "vafa $version" ||
  fail "the installed binary's --version: $(in_root /usr/bin/vafa --version)"

# The service's command as the service's user, with the packaged settings
# on any free port.
sed -i "s|^port = .*|port = 0|" "$root/etc/vafa/vafa.conf"
(exec chroot --userspec="$uid:$gid" "$root" /bin/sh -c \
  "cd /var/lib/vafa && exec /usr/bin/vafa serve --config /etc/vafa/vafa.conf \
  --no-loyalty-expiry" >"$work/stdout" 2>"$work/stderr") &
server=$!
for _ in $(seq 100); do
  grep -q "http://" "$work/stdout" 2>/dev/null && break
  sleep 0.1
done
url=$(grep -o "http://[^ ]*" "$work/stdout" | head -n 1) ||
  { cat "$work/stderr" >&2; fail "the installed service did not start"; }
url=${url%/}
health=$(curl -sS "$url/api/v1/health" 2>&1) || true
echo "$health" | grep -q "\"version\":\"$version\"" ||
  { cat "$work/stderr" >&2; fail "the health route ($url) does not report version $version: $health"; }
curl -sf "$url/" | cmp -s - "$root/usr/share/vafa/web/index.html" ||
  fail "GET / is not the installed index.html"
kill "$server"
wait "$server" 2>/dev/null || true
server=""
store="$root/var/lib/vafa/vafa.db"
[ -f "$store" ] || fail "the service wrote no store at /var/lib/vafa/vafa.db"
[ "$(stat -c '%u' "$store")" = "$uid" ] || fail "the store is not the vafa user's"

dpkg --root="$root" -P vafa >>"$work/dpkg.log" 2>&1 ||
  { cat "$work/dpkg.log" >&2; fail "dpkg -P"; }
[ ! -e "$root/usr/bin/vafa" ] || fail "purge left /usr/bin/vafa"
[ -f "$store" ] || fail "purging the package removed the store"
echo "ok: $deb installed, served and purged in $root"
