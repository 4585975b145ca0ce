#!/usr/bin/env bash
# Rewrites every case's expected.txt from the current binary. Review the diff before committing:
# the golden files are the specification of the diagnostics.
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in */; do
    name=${dir%/}
    [ "$name" = _base ] && continue
    ./run-case.sh "$name" "$tmp/$name" >"$name/expected.txt"
done
