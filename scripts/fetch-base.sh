#!/usr/bin/env bash
# Download the base kernel source from Debian and check its hash.
. "$(dirname "$0")/lib.sh"

dl=$BUILD/dl
mkdir -p "$dl"
cd "$dl"
check() { echo "$BASE_ORIG_SHA256  $BASE_ORIG" | sha256sum --quiet -c - 2>/dev/null; }
if [ -f "$BASE_ORIG" ] && check; then
	exit 0
fi
rm -f "$BASE_ORIG"
note "downloading $BASE_PKG $BASE_DEB_VERSION from Debian"
# The apt user cannot write here; download as whoever we are.
apt-get source -q --download-only -o APT::Sandbox::User=root \
	"$BASE_PKG=$BASE_DEB_VERSION" >/dev/null 2>"$dl/apt.err" || {
	cat "$dl/apt.err" >&2
	die "could not download $BASE_PKG=$BASE_DEB_VERSION (is the mirror reachable, is apt/debian-sources.sources installed?)"
}
[ -f "$BASE_ORIG" ] || die "$BASE_ORIG not in the download"
if ! check; then
	echo "expected sha256 $BASE_ORIG_SHA256" >&2
	sha256sum "$BASE_ORIG" >&2
	mv "$BASE_ORIG" "$BASE_ORIG.bad"
	die "hash mismatch for $BASE_ORIG: refusing to build from it"
fi
