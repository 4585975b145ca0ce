#!/usr/bin/env bash
# Runs one bad-input case and prints what the golden file records: the exit code, then stderr.
# usage: run-case.sh CASE_DIR OUT_DIR   (run from anywhere)
case_dir=$1
out=$2
bin=$(cd "$(dirname "$0")/../.." && pwd)/kaderrapport
cd "$case_dir" || exit 99
timeout --kill-after=2 10 "$bin" build rapport.ini -o "$out" >/dev/null 2>"$out.stderr"
rc=$?
echo "exit $rc"
cat "$out.stderr"
rm -f "$out.stderr"
