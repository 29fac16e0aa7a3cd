#!/bin/sh
# Golden check: the bundled examples' scores against an independent
# recomputation (t/golden/recompute.py: its own hand-copied tables of the
# seeds' weights and indicator counts, not merit's code), plus the
# register's idempotence and the stability of receipts.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
PYTHON3=${PYTHON3:-python3}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
echo 1..9

check() { # agency dir, assessment or "", label
	out="$tmp/$(basename "$1")-$2.jsonl"
	set -- "$1" "$2" "$3" "$out"
	if [ -n "$2" ]; then over="--assessment $2"; else over=""; fi
	# shellcheck disable=SC2086
	if ! "$MERIT" assess "$1" --db "$tmp/golden.db" --no-export $over \
	    --format json -o "$4" 2>"$tmp/err"; then
		nok "$3: merit assess failed"; sed 's/^/# /' "$tmp/err"; return
	fi
	# shellcheck disable=SC2086
	if "$PYTHON3" "$srcdir/t/golden/recompute.py" --strict $over "$1" "$4" \
	    >"$tmp/tap" 2>&1; then
		ok "$3: K, band, elements and competencies of $(grep -c '^ok' "$tmp/tap") checks agree"
	else
		nok "$3: disagreement with the independent recomputation"
		grep -v '^ok' "$tmp/tap" | sed 's/^/# /'
	fi
}
check "$srcdir/examples/kz-digital" "" "kz-digital A1"
check "$srcdir/examples/uz-adps" "" "uz-adps A5"
# switching the type changes K exactly as the weights predict
check "$srcdir/examples/kz-digital" A5 "kz-digital switched to A5"
check "$srcdir/examples/kz-digital" A3 "kz-digital switched to A3 (no performance element)"

# A1 -> A5: K changes by exactly 0.1*(B_KF - B_FS) for every person
"$PYTHON3" - "$tmp/kz-digital-.jsonl" "$tmp/kz-digital-A5.jsonl" >"$tmp/delta" 2>&1 <<'PY'
import json, sys
a = {r["person"]: r for r in map(json.loads, open(sys.argv[1]))}
b = {r["person"]: r for r in map(json.loads, open(sys.argv[2]))}
bad = [p for p in a if abs((b[p]["K"] - a[p]["K"]) -
       0.1 * (a[p]["elements"]["qualities"] - a[p]["elements"]["performance"])) > 1e-12]
print("%d persons, %d off" % (len(a), len(bad)))
sys.exit(1 if bad or len(a) != len(b) else 0)
PY
if [ $? -eq 0 ]; then ok "A1 to A5 moves each K by 0.1*(B_KF - B_FS) ($(cat "$tmp/delta"))"
else nok "A1 to A5 delta"; sed 's/^/# /' "$tmp/delta"; fi

# the register: a second identical run adds nothing
before=$(sqlite3 "$tmp/golden.db" "select count(*) from result")
"$MERIT" assess "$srcdir/examples/kz-digital" --db "$tmp/golden.db" --no-export \
    --format json -o "$tmp/again.jsonl" 2>/dev/null
after=$(sqlite3 "$tmp/golden.db" "select count(*) from result")
[ "$before" = "$after" ] && [ "$before" -eq $((36 + 32 + 36 + 36)) ] &&
	ok "a second run adds no result ($after rows)" || nok "results $before -> $after"

# receipts are the same across runs ...
sed 's/.*"receipt":"\([0-9a-f]*\)".*/\1/' "$tmp/kz-digital-.jsonl" >"$tmp/r1"
sed 's/.*"receipt":"\([0-9a-f]*\)".*/\1/' "$tmp/again.jsonl" >"$tmp/r2"
cmp -s "$tmp/r1" "$tmp/r2" && [ "$(sort -u "$tmp/r1" | wc -l)" -eq 36 ] &&
	ok "receipts are stable across runs and distinct per person" || nok "receipts differ between runs"

# ... and change when one input changes (one KPI actual of one person)
cp -r "$srcdir/examples/kz-digital" "$tmp/kz"
chmod -R u+w "$tmp/kz"
sed -i '0,/actual: /s/actual: \([0-9.]*\)/actual: 0.5/' "$tmp/kz/evidence.yaml"
"$MERIT" assess "$tmp/kz" --db "$tmp/other.db" --no-export --format json \
    -o "$tmp/changed.jsonl" 2>"$tmp/err"
sed 's/.*"receipt":"\([0-9a-f]*\)".*/\1/' "$tmp/changed.jsonl" >"$tmp/r3"
changed=$(paste "$tmp/r1" "$tmp/r3" | awk '$1 != $2' | wc -l)
[ "$changed" -eq 1 ] && ok "changing one input changes exactly one receipt" ||
	{ nok "changing one input changed $changed receipts"; sed 's/^/# /' "$tmp/err"; }

# and when the model changes (a weight), every receipt changes (the
# changed script in the agency's folder, where agency.yaml may name it)
sed -e '0,/qualities     = { weight = 0.3,/s//qualities     = { weight = 0.31,/' \
    -e '0,/performance   = { weight = 0.5,/s//performance   = { weight = 0.49,/' \
    "$srcdir/scripts/assessments/seed-001.lua" >"$tmp/kz/seed-001.lua"
sed -i "s|scripts: \[assessments,|scripts: [./seed-001.lua,|" "$tmp/kz/agency.yaml"
"$MERIT" assess "$tmp/kz" --db "$tmp/other.db" --no-export --format json \
    -o "$tmp/reweighted.jsonl" 2>"$tmp/err"
sed 's/.*"receipt":"\([0-9a-f]*\)".*/\1/' "$tmp/reweighted.jsonl" >"$tmp/r4"
same=$(paste "$tmp/r3" "$tmp/r4" | awk '$1 == $2' | wc -l)
[ -s "$tmp/r4" ] && [ "$same" -eq 0 ] && ok "changing a weight changes every receipt" ||
	{ nok "changing a weight left $same receipts unchanged"; sed 's/^/# /' "$tmp/err"; }
exit $fail
