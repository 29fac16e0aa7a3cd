#!/bin/sh
# merit rank: a competition's candidates by K. The fixture t/fixtures/rank
# (A3, K = 0.8 B_M + 0.2 B_KF) is worked out by hand below; kr-scs and
# fi-senior are ranked again by an independent recomputation from the
# register's K and se_K; then the errors.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
PYTHON3=${PYTHON3:-python3}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
fx="$srcdir/t/fixtures/rank"
db="$tmp/r.db"
echo 1..13

# ---- the fixture, by hand
#
# B_M = min(1, service years / 4); planning = v of 5 indicators with
# se = sqrt(v (1 - v) / 5); B_KF = planning; B_M is exact (se 0), so
# se_K = 0.2 se.
#
#   C1  B_M 1     v 1.0  K 1.00  se_K 0
#   C2  B_M 1     v 0.8  K 0.96  se_K 0.2 sqrt(0.16/5) = 0.0357771
#   C3  as C2            K 0.96  se_K 0.0357771          tie with C2: 2=, 2=
#   C4  B_M 1     v 0.6  K 0.92  se_K 0.2 sqrt(0.24/5) = 0.0438178
#   C5  B_M 0.75  v 0.4  K 0.68  se_K 0.0438178
#   C6  B_M 0.5   v 0.2  K 0.44  se_K 0.0357771
#
# C1-C2: 0.04 >= sqrt(0 + 0.0357771^2) = 0.0358: distinguishable.
# C3-C4: 0.04 <  sqrt(0.0357771^2 + 0.0438178^2) = 0.0566: not.
# C4-C5, C5-C6: 0.24: distinguishable.
# C5: |0.68 - 0.70| = 0.02 < 0.0438: borderline at the cut 0.7 (good);
# C4: |0.92 - 0.85| = 0.07 > 0.0438: not.
cat >"$tmp/want.json" <<'JSON'
[["C1", 1, false, false, 1.00, 0.0,       null],
 ["C2", 2, true,  true,  0.96, 0.0357771, null],
 ["C3", 2, true,  true,  0.96, 0.0357771, null],
 ["C4", 4, false, false, 0.92, 0.0438178, null],
 ["C5", 5, false, false, 0.68, 0.0438178, [0.7, "good"]],
 ["C6", 6, false, null,  0.44, 0.0357771, null]]
JSON
check_fixture() { # json file, assessment
	"$PYTHON3" - "$1" "$2" "$tmp/want.json" <<'PY'
import json, sys
got = json.load(open(sys.argv[1]))
want = json.load(open(sys.argv[3]))
bad = []
if got["assessment"] != sys.argv[2] or got["agency"] != "rank":
    bad.append("agency %s assessment %s" % (got["agency"], got["assessment"]))
rows = got["candidates"]
if [c["person"] for c in rows] != [w[0] for w in want]:
    bad.append("order %s" % [c["person"] for c in rows])
for c, (p, rank, tie, nxt, k, se, bl) in zip(rows, want):
    b = c["borderline"]
    if (c["rank"], c["tie"], c["indistinct_from_next"]) != (rank, tie, nxt) \
            or abs(c["K"] - k) > 1e-9 or abs(c["se_K"] - se) > 5e-8 \
            or (bl is None) != (b is None) \
            or (b and (abs(b["cut"] - bl[0]) > 1e-12 or b["band"] != bl[1])):
        bad.append("%s: %s" % (p, c))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}

run assess "$fx" --db "$db" --no-export
[ $status -eq 0 ] && ok "the fixture assessed as A3" || { nok "assess ($status)"; show "$tmp/err"; }
run rank "$fx" --db "$db" --format json
cp "$tmp/out" "$tmp/a3.json"
if [ $status -eq 0 ] && check_fixture "$tmp/a3.json" A3 >"$tmp/why"; then
	ok "A3: ranks 1, 2=, 2=, 4, 5, 6, the tie, C3-C4 not distinguishable, C5 borderline (by hand)"
else
	nok "A3 ranking ($status)"; show "$tmp/why"; show "$tmp/out"; show "$tmp/err"
fi
run rank rank --db "$db"
if [ $status -eq 0 ] && grep -qE '^ +2= +C2 +0\.960 +0\.036 +excellent +tie; not distinguishable from the next$' "$tmp/out" &&
    grep -qE '^ +2= +C3 .*tie; not distinguishable from the next$' "$tmp/out" &&
    grep -qE '^ +4 +C4 +0\.920 +0\.044 +excellent *$' "$tmp/out" &&
    grep -qE '^ +5 +C5 .*borderline: within one se of the cut 0\.7 \(good\)$' "$tmp/out"; then
	ok "the text table, by the agency's id in the register"
else
	nok "text table ($status)"; show "$tmp/out"; show "$tmp/err"
fi

# A4, filling a vacancy: the same weights in seed 001, the same ranking.
# Scored while the agency has A3 adopted, the A4 results are trials and
# rank nobody, though A4 is asked for; once A4 is adopted, the run under
# it takes the trials' receipts as its own and they rank.
run assess "$fx" --db "$db" --no-export --assessment A4
run rank "$fx" --db "$db" --assessment A4 --format json
if [ $status -eq 2 ] && [ ! -s "$tmp/out" ] &&
	grep -q '6 person(s) have only trial results of A4' "$tmp/err" &&
	grep -q 'merit adopt' "$tmp/err"; then
	ok "A4 trials: nobody ranked, exit 2, says to adopt A4"
else
	nok "A4 trials ranked ($status)"; show "$tmp/out"; show "$tmp/err"
fi
"$MERIT" adopt "$fx" A4 --db "$db" --by HR-0001 --reason "a vacancy" >/dev/null 2>&1
run assess "$fx" --db "$db" --no-export
run rank "$fx" --db "$db" --assessment A4 --format json
cp "$tmp/out" "$tmp/a4.json"
if [ $status -eq 0 ] && check_fixture "$tmp/a4.json" A4 >"$tmp/why"; then
	ok "A4: the same ranking from the A4 results"
else
	nok "A4 ranking ($status)"; show "$tmp/why"; show "$tmp/err"
fi

# ---- kr-scs and fi-senior: ranked again from the register by Python
for x in kr-scs fi-senior; do
	"$MERIT" assess "$srcdir/examples/$x" --db "$tmp/$x.db" --no-export >/dev/null 2>&1
	run rank "$srcdir/examples/$x" --db "$tmp/$x.db" --format json
	if [ $status -eq 0 ] && "$PYTHON3" - "$tmp/$x.db" "$tmp/out" >"$tmp/why" 2>&1 <<'PY'
import json, math, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("select person, k, k_se, band, borderline_cut,"
                  " borderline_band from latest_result where k is not null"
                  ).fetchall()
rows.sort(key=lambda r: (-r[1], r[0]))
got = json.load(open(sys.argv[2]))["candidates"]
bad, ties, indistinct, border = [], 0, 0, 0
for i, (p, k, se, band, cut, cband) in enumerate(rows):
    # standard competition ranking: 1 + how many have a larger K
    rank = 1 + sum(1 for r in rows if r[1] > k + 1e-9)
    tie = sum(1 for r in rows if abs(r[1] - k) <= 1e-9) > 1
    if i + 1 == len(rows):
        nxt = None
    else:
        k2, se2 = rows[i + 1][1], rows[i + 1][2]
        if abs(k - k2) <= 1e-9:
            nxt = True
        elif se is None or se2 is None:
            nxt = None
        else:
            nxt = abs(k - k2) < math.sqrt(se * se + se2 * se2)
    bl = {"cut": cut, "band": cband} if cband else None
    want = {"rank": rank, "person": p, "K": k, "se_K": se, "band": band,
            "tie": tie, "indistinct_from_next": nxt, "borderline": bl}
    if i >= len(got) or got[i] != want:
        bad.append("%s: %s, expected %s" % (p, got[i] if i < len(got)
                                           else None, want))
    ties += tie
    indistinct += nxt is True
    border += bl is not None
if len(got) != len(rows):
    bad.append("%d candidates, expected %d" % (len(got), len(rows)))
print("\n".join(bad) or "%d candidates, %d tied, %d not distinguishable from"
      " the next, %d borderline" % (len(rows), ties, indistinct, border))
sys.exit(1 if bad or not ties or not indistinct or not border else 0)
PY
	then
		ok "$x: as recomputed from the register ($(cat "$tmp/why"))"
	else
		nok "$x: ranking ($status)"; show "$tmp/why"; show "$tmp/err"
	fi
done

# ---- errors: exit 2, a message saying what to do, the register untouched
sum=$(sha256sum "$db" | cut -d' ' -f1)
run rank "$fx" --db "$db" --assessment A2
[ $status -eq 2 ] && [ ! -s "$tmp/out" ] &&
	grep -q "holds no assessed result of agency rank, assessment A2, period 2025; score the candidates first: merit assess .* --assessment A2" "$tmp/err" &&
	ok "no results of the type: exit 2, says to assess first" || { nok "no results ($status)"; show "$tmp/err"; }
run rank "$fx" --db "$db" --assessment A9
[ $status -eq 2 ] && grep -q "declares no assessment type 'A9'" "$tmp/err" &&
	ok "an assessment type the model does not declare: exit 2" || { nok "unknown type ($status)"; show "$tmp/err"; }
run rank nowhere --db "$db"
[ $status -eq 2 ] && grep -q "'nowhere' is neither an agency folder nor file" "$tmp/err" &&
	ok "an agency neither on disk nor in the register: exit 2" || { nok "unknown agency ($status)"; show "$tmp/err"; }
run rank "$fx" --db "$db" --format xml
[ $status -eq 2 ] && grep -q "use text or json" "$tmp/err" &&
	ok "--format xml: exit 2" || { nok "--format ($status)"; show "$tmp/err"; }
run rank --db "$db"
[ $status -eq 2 ] && grep -q "rank takes one AGENCY" "$tmp/err" &&
	ok "no AGENCY: exit 2 with the usage" || { nok "no AGENCY ($status)"; show "$tmp/err"; }
[ "$(sha256sum "$db" | cut -d' ' -f1)" = "$sum" ] &&
	ok "the register is untouched by rank" || nok "rank changed the register"
exit $fail
