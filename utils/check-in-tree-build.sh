#!/usr/bin/env bash
# Checks that the module builds in-tree, as contrib/digital-twin of the ns-3 3.37 source tree
# (build_lib path of CMakeLists.txt). Slow (builds part of ns-3): run it by hand or in a
# nightly job, not on every CI run.
#   utils/check-in-tree-build.sh [WORKDIR]     (default: a new temporary directory)
# Needs: a Debian 12 machine with deb-src access to bookworm main (a private sources file is
# used, the system's apt configuration is not changed).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}"
mkdir -p "$work/apt/lists/partial"
cd "$work"

# Private apt state: only the source index of bookworm main.
cat >apt/sources.list <<'LIST'
deb-src http://deb.debian.org/debian bookworm main
LIST
aptopts=(-o "Dir::Etc::sourcelist=$work/apt/sources.list" -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$work/apt/lists" -o "APT::Get::List-Cleanup=0")
if ! ls ns3_3.37.orig.tar.* >/dev/null 2>&1; then
    apt-get "${aptopts[@]}" update -qq
    apt-get "${aptopts[@]}" source --download-only ns3=3.37-2 >/dev/null
fi
[ -d ns-allinone-3.37 ] || tar xf ns3_3.37.orig.tar.*
tree=ns-allinone-3.37/ns-3.37
echo "ns-3 tree: $work/$tree"
rm -rf "$tree/contrib/digital-twin"
mkdir -p "$tree/contrib/digital-twin"
# Copy the tracked files only (no build directories).
git -C "$repo" ls-files -z | (cd "$repo" && xargs -0 cp --parents -t "$work/$tree/contrib/digital-twin")

cd "$tree"
./ns3 configure --enable-examples --disable-tests --disable-python-bindings \
    --enable-modules="digital-twin" -- -DNS3_WARNINGS_AS_ERRORS=OFF
./ns3 build -j "${JOBS:-$(nproc)}" digital-twin twin-minimal twin-custom-app
# Run the minimal example in-tree against the bundled sample.
cd contrib/digital-twin
"$(find "$work/$tree/build" -name '*twin-minimal*' -type f -executable | head -n 1)" \
    --db="$work/in-tree.db"
echo "in-tree build OK"
