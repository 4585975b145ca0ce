#!/usr/bin/env bash
# `make install` puts the binary, fonts and layouts under PREFIX (inside DESTDIR), and the
# installed binary finds its fonts and layouts there, wherever it is run from.
set -u
cd "$(dirname "$0")/../.."
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
if make -s install DESTDIR="$dest" PREFIX=/opt/kr >/dev/null 2>&1; then echo "PASS install.make-install"; else echo "FAIL install.make-install"; fi
for f in bin/kaderrapport share/kaderrapport/fonts/inter/Inter-Regular.otf share/kaderrapport/layouts/standaard.ini share/man/man1/kaderrapport.1; do
    if [ -e "$dest/opt/kr/$f" ]; then echo "PASS install.has.$(basename "$f")"; else echo "FAIL install.has.$f"; fi
done
job=$(pwd)/inputs-example/hogeschool-klein/rapport.ini
if (cd / && "$dest/opt/kr/bin/kaderrapport" build "$job" -o "$dest/out" >/dev/null 2>&1) && ls "$dest"/out/*.pdf >/dev/null 2>&1; then
    echo "PASS install.runs-from-anywhere"
else
    echo "FAIL install.runs-from-anywhere"
fi
