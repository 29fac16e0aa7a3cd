#!/bin/sh
# merit raters: per competency ICC(1), ICC(1,k) and Krippendorff's alpha of
# the four examples with several raters, against an independent
# recomputation from their YAML (t/golden/recompute_agreement.py); an
# agency with one assessor per person and bad usage are input errors.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
PYTHON3=${PYTHON3:-python3}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
echo 1..8

if ! "$PYTHON3" -c 'import yaml' 2>/dev/null; then
	i=0; while [ $i -lt 8 ]; do i=$((i + 1)); echo "ok $i # SKIP PyYAML (python3-yaml) is not installed"; done
	exit 0
fi

for x in kz-360 kr-scs fi-senior uz-kpi; do
	if ! "$MERIT" raters "$srcdir/examples/$x" --format json \
	    --db "$tmp/none.db" >"$tmp/$x.json" 2>"$tmp/err"; then
		nok "$x: merit raters exits 0"; sed 's/^/# /' "$tmp/err"
		continue
	fi
	if "$PYTHON3" "$srcdir/t/golden/recompute_agreement.py" \
	    "$srcdir/examples/$x" "$tmp/$x.json" >"$tmp/tap" 2>&1; then
		ok "$x: ICC(1), ICC(1,k), k0, alpha, flags agree ($(grep -c '^ok' "$tmp/tap") checks)"
	else
		nok "$x: agreement statistics"; grep -v '^ok' "$tmp/tap" | head -30 | sed 's/^/# /'
	fi
done

# the text report names the statistics and reads them
"$MERIT" raters "$srcdir/examples/kr-scs" --db "$tmp/none.db" >"$tmp/out" 2>&1
if grep -q '^competency .*ICC(1) .*ICC(1,k) .*alpha' "$tmp/out" &&
    grep -q '^strategic-thinking .* 54 .*good; unreliable' "$tmp/out"; then
	ok "text report: one row per competency with its reading"
else
	nok "text report"; sed 's/^/# /' "$tmp/out"
fi

# no raters: exit 2 and say what is needed
"$MERIT" raters "$srcdir/examples/kz-digital" --db "$tmp/none.db" >"$tmp/out" 2>&1
st=$?
if [ $st -eq 2 ] && grep -q 'no persons rated by several raters' "$tmp/out"; then
	ok "kz-digital (one assessor each): exit 2, says raters are needed"
else
	nok "kz-digital: exit $st"; sed 's/^/# /' "$tmp/out"
fi

"$MERIT" raters "$srcdir/examples/kz-360" --format xml >"$tmp/out" 2>&1
st1=$?
"$MERIT" raters >"$tmp/out2" 2>&1
st2=$?
if [ $st1 -eq 2 ] && grep -q 'text or json' "$tmp/out" && [ $st2 -eq 2 ]; then
	ok "bad --format and no agency: exit 2"
else
	nok "usage errors: $st1 $st2"; sed 's/^/# /' "$tmp/out" "$tmp/out2"
fi

# the SD flag beside the statistics comes from the same run as merit assess
"$MERIT" assess "$srcdir/examples/kz-360" --db "$tmp/a.db" --no-export \
    --format json -o "$tmp/a.jsonl" 2>/dev/null
flags=$("$PYTHON3" - "$tmp/a.jsonl" "$tmp/kz-360.json" <<'PY'
import json, sys
res = [json.loads(l) for l in open(sys.argv[1])]
n = {}
for r in res:
    for c, v in (r.get("competencies") or {}).items():
        n[c] = n.get(c, 0) + bool(v.get("disagreement"))
got = {c["id"]: c["disagreement"] for c in json.load(open(sys.argv[2]))["competencies"]}
print("same" if got == n and sum(n.values()) > 0 else "differ %r %r" % (got, n))
PY
)
if [ "$flags" = same ]; then
	ok "kz-360: the disagreement counts are merit assess's flags"
else
	nok "kz-360: disagreement counts: $flags"
fi
exit $fail
