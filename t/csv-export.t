#!/bin/sh
# The csv exporter against person ids a spreadsheet would run as
# formulas: every text cell starting with = + - @, tab or CR is written
# with a leading single quote, while the scores stay plain numbers. An id
# starting with a tab never gets that far: input refuses control
# characters in ids, which is checked here too.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
echo 1..8

# kz-digital with four persons renamed to formulas
cp -r "$srcdir/examples/kz-digital" "$tmp/ag"
chmod -R u+w "$tmp/ag"
sed -i 's/KZ-0002/"=HYPERLINK(\\"http:\/\/x\\",\\"y\\")"/; s/KZ-0003/"@SUM(1+1)"/;
	s/KZ-0004/"-2+3"/; s/KZ-0005/"+2"/' \
	"$tmp/ag/roster.yaml" "$tmp/ag/evidence.yaml"
"$MERIT" assess "$tmp/ag" --db "$tmp/m.db" --format csv -o "$tmp/out.csv" \
	>/dev/null 2>"$tmp/err"
status=$?
if [ "$status" -eq 0 ] && [ "$(wc -l <"$tmp/out.csv")" -eq 37 ]; then
	ok "assessed, a header and 36 rows"
else
	nok "assess: exit status $status"
	show "$tmp/err"
fi
# row ROWPREFIX: the row whose first cell is exactly ROWPREFIX
row() { awk -v p="$1," 'index($0, p) == 1' "$tmp/out.csv"; }
for cell in "'-2+3" "'+2" "'@SUM(1+1)"; do
	if [ -n "$(row "$cell")" ]; then
		ok "person $cell is written as text"
	else
		nok "no row starts with $cell"
		show "$tmp/out.csv"
	fi
done
# quoted, since it holds commas and quotes: the quote goes inside
if grep -q "^\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"," "$tmp/out.csv"; then
	ok "a quoted formula gets its single quote inside the quotes"
else
	nok "the HYPERLINK person is not neutralised"
	grep -F HYPERLINK "$tmp/out.csv" | show /dev/stdin
fi
cp -r "$srcdir/examples/kz-digital" "$tmp/tab"
chmod -R u+w "$tmp/tab"
sed -i 's/KZ-0006/"\\tTAB"/' "$tmp/tab/roster.yaml" "$tmp/tab/evidence.yaml"
"$MERIT" assess "$tmp/tab" --db "$tmp/tab.db" --format csv -o "$tmp/tab.csv" \
	>/dev/null 2>"$tmp/err"
status=$?
if [ "$status" -eq 2 ] && grep -q 'roster.yaml:[0-9]*:[0-9]*: id .*control character' "$tmp/err" &&
	[ ! -e "$tmp/tab.csv" ]; then
	ok "an id starting with a tab is refused at input, before any export"
else
	nok "the tab person: exit $status"
	show "$tmp/err"
fi
# no cell of any row starts a formula: a crude split on commas is enough
# here, since no neutralised cell holds a comma after its quote
if awk -F, 'NR > 1 { sub(/\r$/, ""); for (i = 1; i <= NF; i++) { c = $i; sub(/^"/, "", c);
	if (c ~ /^[=+@\t\r-]/) { print NR ": " $i; bad = 1 } } } END { exit bad }' \
	"$tmp/out.csv" >"$tmp/bad"; then
	ok "no cell starts with = + - @, tab or CR"
else
	nok "cells that a spreadsheet would run:"
	show "$tmp/bad"
fi
# the scores of a neutralised row are still numbers
if row "'-2+3" | awk -F, '{ seen = 1; if (!($6 ~ /^[0-9.]+$/ && $12 ~ /^0\.[0-9]+$/)) bad = 1 }
	END { exit !seen || bad }'; then
	ok "the scores beside a neutralised id stay plain numbers"
else
	nok "scores of the '-2+3 row"
	row "'-2+3" | show /dev/stdin
fi
