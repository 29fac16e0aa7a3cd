#!/bin/sh
# The plugin loader: a good plugin loads; each defect is refused with a
# reason that says what to do. Test plugins are built from
# t/plugins/testplug.c with one defect each.
MERIT=${MERIT:-./merit}
PLUGDIR=${PLUGDIR:-t/plugins/.libs}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
echo 1..12

# Copy the built test plugins, so that a file can be made writable
# without touching the build tree.
for p in good badmajor newminor misnamed badkind nosymbol failinit; do
	cp "$PLUGDIR/$p.so" "$tmp/$p.so" || { echo "Bail out! $p.so not built"; exit 1; }
	chmod 755 "$tmp/$p.so"
done
"$MERIT" plugins --plugin-path "$tmp" >"$tmp/out" 2>&1
status=$?
[ $status -eq 1 ] && ok "refusals make 'merit plugins' exit 1" || nok "exit status $status, expected 1"

expect() { # name, phrase
	if grep -F "$tmp/$1.so: " "$tmp/out" | grep -qF -- "$2"; then ok "$1: $2"
	else nok "$1: expected '$2'"; sed 's/^/# /' "$tmp/out"; fi
}
grep -qE "^good +engine +0\.0\.1 +1\.1 +$tmp/good\.so$" "$tmp/out" &&
	ok "the good plugin is listed with kind, version, ABI and path" ||
	{ nok "good plugin listed"; sed 's/^/# /' "$tmp/out"; }
expect badmajor "built for plugin ABI 2.1, but this merit speaks ABI 1.1: rebuild the plugin"
expect newminor "built for plugin ABI 1.99, newer than this merit's 1.1: upgrade merit"
expect misnamed "calls itself 'other' but its file is 'misnamed.so': name the file other.so"
expect badkind "unknown kind 7 (expected engine = 1, scorer = 2 or exporter = 3)"
expect nosymbol "no 'merit_plugin' symbol: not a merit plugin"
expect failinit "init failed: out of memory"

# group- and world-writable files are refused before they are loaded
chmod 775 "$tmp/good.so"
"$MERIT" plugins --plugin-path "$tmp" >"$tmp/out" 2>&1
expect good "file is writable by its group; fix with: chmod go-w $tmp/good.so"
chmod 757 "$tmp/good.so"
"$MERIT" plugins --plugin-path "$tmp" >"$tmp/out" 2>&1
expect good "file is writable by others"
chmod 755 "$tmp/good.so"

# a second plugin of the same name is refused, the first one kept
mkdir "$tmp/second" && cp "$tmp/good.so" "$tmp/second/good.so"
"$MERIT" plugins --plugin-path "$tmp:$tmp/second" >"$tmp/out" 2>&1
grep -qF "$tmp/second/good.so: a plugin named 'good' is already loaded from $tmp/good.so" "$tmp/out" &&
	ok "duplicate name refused" || { nok "duplicate name refused"; sed 's/^/# /' "$tmp/out"; }

# not a .so at all
printf 'not an ELF file\n' >"$tmp/second/junk.so"
"$MERIT" plugins --plugin-path "$tmp/second" >"$tmp/out" 2>&1
grep -qF "$tmp/second/junk.so: cannot load:" "$tmp/out" && ok "a file that is not a shared object is refused" ||
	{ nok "junk refused"; sed 's/^/# /' "$tmp/out"; }
exit $fail
