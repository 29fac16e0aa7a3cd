#!/bin/sh
# A plugin is mapped only from a file that no one but root and the user
# merit runs as can change: the file and every folder above it owned by
# one of them and writable by no one else, a sticky folder excepted.
# The plugin here (t/plugins/constructor.c) leaves a mark when mapped,
# since mapping runs its constructor: a refused one must leave none.
# The ownership cases need root to give a file away (chown nobody); the
# suite runs as root, elsewhere they are skipped, and say so.
MERIT=${MERIT:-./merit}
PLUGDIR=${PLUGDIR:-t/plugins/.libs}
srcdir=${srcdir:-.}
tmp=$(mktemp -d) || exit 1
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
show() { sed 's/^/# /' "$1"; }
echo 1..12

MARK="$tmp/mark"
MERIT_TEST_MARKER=$MARK
export MERIT_TEST_MARKER

# place DIR MODE: a copy of the plugin in DIR (made with MODE)
place() {
	mkdir -p "$1" && cp "$PLUGDIR/constructor.so" "$1/" &&
		chmod 755 "$1/constructor.so" && chmod "$2" "$1" ||
		{ echo "Bail out! cannot place the plugin in $1"; exit 1; }
}

# refused DIR PHRASE WHAT: merit plugins refuses DIR's plugin with PHRASE
# in its reason, and its constructor never ran
refused() {
	rm -f "$MARK"
	"$MERIT" plugins --plugin-path "$1" >"$tmp/out" 2>&1
	status=$?
	if [ $status -ne 1 ]; then
		nok "$3: exit status $status, expected 1"; show "$tmp/out"
	elif ! grep -F "$1/constructor.so: " "$tmp/out" | grep -qF -- "$2"; then
		nok "$3: expected '$2'"; show "$tmp/out"
	elif [ -e "$MARK" ]; then
		nok "$3: refused, but its constructor ran first"
	else
		ok "$3: refused before mapping ($2)"
	fi
}

# The mark is left when the plugin loads: so its absence below means
# something. A sticky folder writable by all, as /tmp is, is allowed:
# no one but an entry's owner may rename or remove it there.
place "$tmp/sticky" 1777
rm -f "$MARK"
"$MERIT" plugins --plugin-path "$tmp/sticky" >"$tmp/out" 2>&1
if grep -qE "^constructor +engine .* $tmp/sticky/constructor\.so$" "$tmp/out" && [ -e "$MARK" ]; then
	ok "in a sticky world-writable folder the plugin loads, and its constructor leaves the mark"
else
	nok "plugin in a sticky folder"; show "$tmp/out"
fi

place "$tmp/world" 777
refused "$tmp/world" "its folder $tmp/world is writable by others, who could replace the plugin; fix with: chmod o-w $tmp/world" \
    "a plugin in a world-writable folder"
place "$tmp/group" 775
refused "$tmp/group" "its folder $tmp/group is writable by its group, who could replace the plugin; fix with: chmod g-w $tmp/group" \
    "a plugin in a group-writable folder"
place "$tmp/high/er/up" 755
chmod 777 "$tmp/high"
refused "$tmp/high/er/up" "its folder $tmp/high is writable by others" \
    "a plugin two folders below a world-writable one"
chmod 755 "$tmp/high"

# a link from a sound folder to a plugin in a world-writable one: what
# is checked is where the link leads
mkdir "$tmp/links" && ln -s "$tmp/world/constructor.so" "$tmp/links/constructor.so"
refused "$tmp/links" "its folder $tmp/world is writable by others" \
    "a link to a plugin in a world-writable folder"

# merit assess scans the plugin folders too: the plugin is not mapped,
# and the agency, which does not name it, is assessed
rm -f "$MARK"
"$MERIT" assess --quiet --db "$tmp/reg.db" --plugin-path "$tmp/world" \
    "$srcdir/examples/kz-digital" >"$tmp/out" 2>&1
status=$?
if [ $status -eq 0 ] && [ ! -e "$MARK" ]; then
	ok "merit assess with a world-writable plugin folder does not map the plugin"
else
	nok "merit assess: exit status $status, mark left: $([ -e "$MARK" ] && echo yes || echo no)"
	show "$tmp/out"
fi

# the rules are printed under the refusals
refused "$tmp/world" "writable by others" "a plugin in a world-writable folder, again"
grep -qF "owned by" "$tmp/out" && grep -qF "root or by the user merit runs as and no one else may write" "$tmp/out" &&
	ok "merit plugins states the rules under its refusals" ||
	{ nok "merit plugins does not state the rules"; show "$tmp/out"; }

# Owned by someone else: only root can make such a file.
if [ "$(id -u)" -ne 0 ] || ! id nobody >/dev/null 2>&1; then
	for what in "a plugin file owned by nobody" "a plugin folder owned by nobody" \
	    "a sticky folder owned by nobody" "a folder above owned by nobody"; do
		skip "$what: needs root and a user 'nobody'"
	done
	exit $fail
fi
nobody=$(id -u nobody)
place "$tmp/theirs-file" 755
chown nobody "$tmp/theirs-file/constructor.so"
refused "$tmp/theirs-file" "file $tmp/theirs-file/constructor.so is owned by nobody (uid $nobody), not by root, who runs merit: whoever owns it can change the code merit runs; fix with: chown root $tmp/theirs-file/constructor.so" \
    "a plugin file owned by nobody"
place "$tmp/theirs-dir" 755
chown nobody "$tmp/theirs-dir"
refused "$tmp/theirs-dir" "its folder $tmp/theirs-dir is owned by nobody (uid $nobody)" \
    "a plugin folder owned by nobody"
# the owner of a sticky folder may still remove what others put there
place "$tmp/theirs-sticky" 1777
chown nobody "$tmp/theirs-sticky"
refused "$tmp/theirs-sticky" "its folder $tmp/theirs-sticky is owned by nobody (uid $nobody)" \
    "a sticky folder owned by nobody"
place "$tmp/above/below" 755
chown nobody "$tmp/above"
refused "$tmp/above/below" "its folder $tmp/above is owned by nobody (uid $nobody)" \
    "a folder above owned by nobody"
exit $fail
