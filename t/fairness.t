#!/bin/sh
# merit fairness: on examples/kr-scs (whose roster has sex and region) and
# uz-kpi (persons not assessed), every number against an independent
# recomputation (t/golden/recompute_fairness.py), the exit status the
# four-fifths rule asks for (0 by sex, 1 by region), and input errors.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
PYTHON3=${PYTHON3:-python3}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
echo 1..10

if ! "$PYTHON3" -c 'import yaml' 2>/dev/null; then
	i=0; while [ $i -lt 10 ]; do i=$((i + 1)); echo "ok $i # SKIP PyYAML (python3-yaml) is not installed"; done
	exit 0
fi

# example, field, expected exit status, label, [--pass BAND]
golden() {
	x=$1 by=$2 want=$3 label=$4; shift 4
	"$MERIT" fairness "$srcdir/examples/$x" --by "$by" "$@" --format json \
	    --db "$tmp/none.db" >"$tmp/out.json" 2>"$tmp/err"
	st=$?
	if ! "$PYTHON3" "$srcdir/t/golden/recompute_fairness.py" --by "$by" "$@" \
	    "$srcdir/examples/$x" "$tmp/out.json" >"$tmp/tap" 2>&1; then
		nok "$label: numbers"; grep -v '^ok' "$tmp/tap" | head -30 | sed 's/^/# /'
		sed 's/^/# /' "$tmp/err"
		return
	fi
	py=$(sed -n 's/^# exit //p' "$tmp/tap")
	if [ "$st" = "$want" ] && [ "$py" = "$want" ]; then
		ok "$label: $(grep -c '^ok' "$tmp/tap") checks agree, exit $st"
	else
		nok "$label: exit $st, recomputed $py, expected $want"
		sed 's/^/# /' "$tmp/err"
	fi
}
golden kr-scs sex 0 "kr-scs by sex (no group below four fifths)"
golden kr-scs region 1 "kr-scs by region (honam below four fifths)"
golden kr-scs post_level 1 "kr-scs by post_level, a number"
golden kr-scs region 0 "kr-scs by region, every band passing" --pass fail
golden uz-kpi term 0 "uz-kpi by term, persons not assessed left out"

"$MERIT" fairness "$srcdir/examples/kr-scs" --by region --db "$tmp/none.db" \
    >"$tmp/out" 2>&1
if grep -q '^honam .*ADVERSE IMPACT' "$tmp/out" &&
    ! grep -v '^honam' "$tmp/out" | grep -q 'ADVERSE IMPACT' &&
    grep -q "^pass: band 'pass' or above; reference group: capital" "$tmp/out" &&
    grep -q '^  honam .*pass 0.444  fail 0.556' "$tmp/out"; then
	ok "text report: honam marked, the reference and band rates shown"
else
	nok "text report"; sed 's/^/# /' "$tmp/out"
fi

"$MERIT" fairness "$srcdir/examples/kr-scs" --by gender --db "$tmp/none.db" \
    >"$tmp/out" 2>&1
st=$?
if [ $st -eq 2 ] && grep -q 'no person of the roster has the field gender' "$tmp/out" &&
    grep -q 'fields are: id, post_level, category, term, position, sex, region' "$tmp/out"; then
	ok "unknown field: exit 2, the roster's fields listed"
else
	nok "unknown field: exit $st"; sed 's/^/# /' "$tmp/out"
fi

"$MERIT" fairness "$srcdir/examples/kr-scs" --by sex --pass excellent \
    --db "$tmp/none.db" >"$tmp/out" 2>&1
st=$?
if [ $st -eq 2 ] && grep -q "pass excellent: not a band of assessment SCS-AC (its bands, highest first: 'pass', 'fail')" "$tmp/out"; then
	ok "unknown --pass band: exit 2, the bands listed"
else
	nok "unknown --pass: exit $st"; sed 's/^/# /' "$tmp/out"
fi

"$MERIT" fairness "$srcdir/examples/kr-scs" --db "$tmp/none.db" >"$tmp/out" 2>&1
st1=$?
"$MERIT" fairness "$srcdir/examples/kr-scs" --by sex --format xml >"$tmp/out2" 2>&1
st2=$?
if [ $st1 -eq 2 ] && grep -q 'takes one AGENCY and --by FIELD' "$tmp/out" &&
    [ $st2 -eq 2 ] && grep -q 'text or json' "$tmp/out2"; then
	ok "no --by, bad --format: exit 2"
else
	nok "usage errors: $st1 $st2"; sed 's/^/# /' "$tmp/out" "$tmp/out2"
fi

# a roster field of the wrong type is refused where it stands
cp -r "$srcdir/examples/kr-scs" "$tmp/kr" && chmod -R u+w "$tmp/kr"
sed -i '0,/sex: female/s/sex: female/sex: [female]/' "$tmp/kr/roster.yaml"
"$MERIT" fairness "$tmp/kr" --by sex --db "$tmp/none.db" >"$tmp/out" 2>&1
st=$?
if [ $st -eq 2 ] && grep -q "roster.yaml:[0-9]*:[0-9]*: .*'sex' must be text" "$tmp/out" &&
    [ ! -e "$tmp/none.db" ]; then
	ok "sex: [female] in the roster: file:line, exit 2, no register written"
else
	nok "bad roster field: exit $st"; sed 's/^/# /' "$tmp/out"
fi
exit $fail
