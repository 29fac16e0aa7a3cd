#!/bin/sh
# A plugin built outside the tree against the installed headers and
# merit.pc alone, then loaded by the already-built merit.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
top_builddir=${top_builddir:-.}
MAKE=${MAKE:-make}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
echo 1..3
if $MAKE -C "$top_builddir" install-meritincludeHEADERS install-pkgconfigDATA \
    DESTDIR="$tmp/stage" >"$tmp/log" 2>&1; then
	echo "ok 1 - headers and merit.pc staged with make install"
else
	echo "not ok 1 - staged install"; sed 's/^/# /' "$tmp/log"
fi
pc=$(find "$tmp/stage" -name merit.pc | head -1)
cp "$srcdir/examples/plugins/hello/hello.c" "$srcdir/examples/plugins/hello/GNUmakefile" "$tmp/"
# --define-prefix relocates the staged merit.pc to where it was staged
if PKG_CONFIG="pkg-config --define-prefix" PKG_CONFIG_PATH=$(dirname "$pc") \
    $MAKE -C "$tmp" >"$tmp/log" 2>&1 && [ -f "$tmp/hello.so" ]; then
	echo "ok 2 - hello.so built from the installed headers only"
else
	echo "not ok 2 - out-of-tree build"; sed 's/^/# /' "$tmp/log"
fi
mkdir "$tmp/plugins" && cp "$tmp/hello.so" "$tmp/plugins/" 2>/dev/null
if "$MERIT" assess --plugin-path "$tmp/plugins" --format hello --no-export \
    --db "$tmp/m.db" "$srcdir/examples/kz-digital" >"$tmp/out" 2>"$tmp/err" &&
    grep -q '^| person | assessment | K | band |$' "$tmp/out" &&
    [ "$(grep -c '^| KZ-' "$tmp/out")" -eq 36 ]; then
	echo "ok 3 - merit loads it without being rebuilt and exports through it"
else
	echo "not ok 3 - loading the out-of-tree plugin"; sed 's/^/# /' "$tmp/err"
fi
