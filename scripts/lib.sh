# Common settings for the harness scripts. Source it; do not run it.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../config/project.env
. "$TOP/config/project.env"
BUILD=$TOP/build
TREE=$BUILD/linux            # the kernel work tree: base + series
BASE_TREE=$BUILD/linux-base  # a worktree at tag 'base', for the unpatched kernel
OBJ=$BUILD/obj               # out-of-tree build directories
RESULTS=${RESULTS:-$BUILD/results}
JOBS=${JOBS:-$(($(nproc) + 1))}
# Outside the checkout, so a fresh clone on the same machine reuses it.
export CCACHE_DIR=${CCACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-amx-ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
# Paths below build/ are hashed relative to the build directory, so clones
# in other places (CI) hit the same cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD}

die() { echo "error: $*" >&2; exit 1; }
note() { echo "== $*"; }

# need_packages PKG...: install the Debian packages that are missing.
need_packages() {
	local p missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]} (run as root)"
	note "installing: ${missing[*]}"
	apt-get update -q >/dev/null || die "apt-get update failed: is the Debian mirror reachable?"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
}
