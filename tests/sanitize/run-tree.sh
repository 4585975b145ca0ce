#!/usr/bin/env bash
# Runs the whole test suite (tests/run.sh) against the binaries of one build directory without
# touching ./kaderrapport: a private tree under BUILD_DIR/tree links the sources' tests, inputs,
# fonts and layouts, and holds that build's kaderrapport. Used by `make check`.
# A tree Makefile builds with the same flags, so tests that call make (install.sh) stay consistent.
# usage: run-tree.sh BUILD_DIR "OPT" "LDFLAGS" UNIT_BIN...
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$1" && pwd)
opt=$2
ldflags=$3
shift 3
tree=$build/tree
mkdir -p "$tree"
for item in tests inputs-example fonts layouts src; do
    ln -sfn "$root/$item" "$tree/$item"
done
rm -f "$tree/Makefile" # never write through an old link to the real Makefile
cat >"$tree/Makefile" <<MK
OPT := $opt
LDFLAGS := $ldflags
BUILD := $build
include $root/Makefile
MK
ln -sfn "$build" "$tree/build"              # scripts that look in build/ see this build
ln -sfn "$build/kaderrapport" "$tree/kaderrapport"
bins=()
for b in "$@"; do bins+=("$root/$b"); done
cd "$tree" && BUILD=build exec bash tests/run.sh "${bins[@]}"
