#!/bin/sh
# Scoring beyond the weighted sum: several raters, self beside the score,
# disagreement, gaps beyond k standard errors, persons not assessed, a Lua
# score function (and hostile ones), minimums, --what-if and explain.
# Every expected number below was worked out by hand from
# t/fixtures/scoring (the working is in the comments), not taken from
# merit's output.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
echo 1..22

cp -r "$srcdir/t/fixtures/scoring" "$tmp/ag"
# check(NAME, PYTHON-EXPR): the expression over r (results by person id)
# must hold for the JSON in $tmp/out
check() {
	if ${PYTHON3:-python3} - "$tmp/out" "$2" <<'PY'
import json, sys
r = {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    r[o["person"]] = o
near = lambda a, b: a is not None and abs(a - b) < 1e-6
# "setup; condition": the part before the last ';' runs first
code = sys.argv[2].rsplit(";", 1)
if len(code) == 2:
    exec(code[0])
sys.exit(0 if eval(code[-1]) else 1)
PY
	then ok "$1"; else nok "$1"; show "$tmp/out"; show "$tmp/err"; fi
}

run assess "$tmp/ag" --db "$tmp/m.db" --no-export --format json
[ $status -eq 0 ] && ok "T1: assessed, exit 0" || { nok "T1 exit $status"; show "$tmp/err"; }
# P1 (post 3, level D). manager: planning D 2+2 of 4 -> 1.0, ethics 4 ->
# 0.75; peer: planning (1 + 1)/4 = 0.5, ethics 2 -> 0.25; self: 1.0, 1.0.
# weighted mean by role (0.6, 0.4): planning 0.8, ethics 0.55;
# B_KF = 0.675; B_FS = 8/10; K = 0.6*0.675 + 0.4*0.8 = 0.725 -> pass.
check "T1: P1's K is 0.725, band pass" \
	'near(r["P1"]["K"], 0.725) and r["P1"]["band"] == "pass" and near(r["P1"]["elements"]["qualities"], 0.675)'
# raters' SD of (1, 0.5) = sqrt(0.125) = 0.353553; se = SD * sqrt(0.6^2 + 0.4^2)
check "T1: P1 planning 0.8, se 0.254951, two raters, spread 0.353553" \
	'c = r["P1"]["competencies"]["planning"]; near(c["value"], 0.8) and near(c["se"], 0.254951) and c["raters"] == 2 and near(c["spread"], 0.353553)'
check "T1: disagreement flagged (0.3536 > 0.3); self 1.0 reported beside, not in, the score" \
	'c = r["P1"]["competencies"]; c["planning"]["disagreement"] and c["ethics"]["disagreement"] and near(c["ethics"]["self"], 1.0) and near(r["P1"]["self_qualities"], 1.0)'
# The raters' values are combined, then placed on the scale once. P1's
# ethics 0.55 stands at 0 + min(1, 0.55/0.5) = 1 = D: no gap (placing each
# rater first gave 1 and 0.5, combined 0.8, a gap). P2 (post 8, level C):
# ethics 0.5 and 0.25 -> 0.6*0.5 + 0.4*0.25 = 0.4, SD 0.176777, se
# 0.176777 * sqrt(0.52) = 0.127475; position 1 + 0.4/0.5 = 1.8, se 0.254951;
# required C = 2; gap 0.2 > k 0.5 * 0.254951
check "T1: combined, then placed: P1 no gap; P2's one gap is ethics, required 2 (C), measured 1.8, priority 1" \
	'g = r["P2"]["gaps"]; r["P1"]["gaps"] == [] and near(r["P1"]["competencies"]["ethics"]["position"], 1.0) and len(g) == 1 and g[0]["competency"] == "ethics" and g[0]["required_level"] == "C" and near(g[0]["measured"], 1.8) and near(g[0]["se"], 0.254951) and near(g[0]["gap"], 0.2) and g[0]["priority"] == 1 and g[0]["status"] == "gap"'
# P2: planning (1.0, 0.75) -> 0.9; B_KF (0.9 + 0.4)/2 = 0.65, B_FS 1,
# K = 0.39 + 0.4 = 0.79
check "T1: P2's K is 0.79, no self-rating" \
	'near(r["P2"]["K"], 0.79) and "self_qualities" not in r["P2"] and not r["P2"]["competencies"]["planning"]["disagreement"]'
check "T1: P3 on leave and P4 hired six weeks before as_of are not assessed, with the reason" \
	'r["P3"]["status"] == "not-assessed" and r["P3"]["K"] is None and "on leave" in r["P3"]["reason"] and r["P4"]["status"] == "not-assessed" and "first 3 months" in r["P4"]["reason"]'
check "T1: every result explains itself" \
	'all(len(o["explanation"]) > (2 if o["status"] == "assessed" else 0) for o in r.values()) and any("GAP" in l for l in r["P2"]["explanation"])'

# the register keeps all four, and explain shows how P1's score came about
run assess "$tmp/ag" --db "$tmp/m.db" --no-export
[ $status -eq 0 ] && [ "$(sqlite3 "$tmp/m.db" "select count(*) from result where status = 'not-assessed' and k is null")" = 2 ] &&
	[ "$(sqlite3 "$tmp/m.db" "select competency || ' ' || priority from gap")" = "ethics 1" ] &&
	ok "register: two not assessed without K, P2's gap" || { nok "register"; show "$tmp/err"; }
run explain P1 --db "$tmp/m.db"
[ $status -eq 0 ] && grep -q '^K = 0.7250, band pass' "$tmp/out" && grep -q 'ethics: measured 1.000 >= required 1: no gap' "$tmp/out" &&
	grep -q 'RATERS DISAGREE' "$tmp/out" && grep -q 'weighted mean by role of 2 rater' "$tmp/out" &&
	ok "explain P1: K, band, no gap, the raters and the how" || { nok "explain"; show "$tmp/out"; show "$tmp/err"; }
run explain NOBODY --db "$tmp/m.db"
[ $status -eq 1 ] && grep -q 'no result for NOBODY' "$tmp/err" && ok "explain: an unknown person, exit 1" || nok "explain unknown ($status)"

# T2: K = (B_KF + B_FS)/2 by the Lua function: P1 (0.675 + 0.8)/2 = 0.7375,
# P2 (0.65 + 1)/2 = 0.825
run assess "$tmp/ag" --db "$tmp/m.db" --no-export --format json --assessment T2
check "T2: the Lua score function gives P1 0.7375 and P2 0.825" \
	'near(r["P1"]["K"], 0.7375) and r["P1"]["band"] == "pass" and near(r["P2"]["K"], 0.825)'
# T3: P1's qualities 0.675 < 0.7 and P2's ethics 0.4 < floor 0.6: both
# fail whatever K
run assess "$tmp/ag" --db "$tmp/m.db" --no-export --format json --assessment T3
check "T3: minimums put both in fail_band though K would pass" \
	'r["P1"]["band"] == "fail" and near(r["P1"]["K"], 0.725) and r["P2"]["band"] == "fail" and any("NOT met" in l for l in r["P2"]["explanation"])'

# T4: median with self included. P1 planning: median(1.0, 0.5, 1.0) = 1.0,
# sample SD of the three 0.288675; the median of 3 normal values has the
# variance 1 - sqrt(3)/pi (closed form), so se = sqrt(0.448671) * 0.288675
# = 0.193363; ethics median(0.75, 0.25, 1.0) = 0.75; B_KF 0.875,
# K = 0.6*0.875 + 0.4*0.8 = 0.845. P2 (no self): planning median(1, 0.75)
# = 0.875, ethics median(0.5, 0.25) = 0.375, K = 0.6*0.625 + 0.4 = 0.775
run assess "$tmp/ag" --db "$tmp/m.db" --no-export --format json --assessment T4
check "T4: median with self included: P1 0.845 (3 raters), P2 0.775" \
	'c = r["P1"]["competencies"]["planning"]; near(r["P1"]["K"], 0.845) and near(c["value"], 1.0) and near(c["se"], 0.193363) and c["raters"] == 3 and near(r["P2"]["K"], 0.775)'

# --what-if: T3 against a register holding T1 results, nothing written
run assess "$tmp/ag" --db "$tmp/w.db" --no-export
before=$(sqlite3 "$tmp/w.db" 'select count(*) from result')
run assess "$tmp/ag" --db "$tmp/w.db" --what-if --assessment T3
[ $status -eq 0 ] && grep -Eq '^P1 +pass -> fail +0.7250 -> 0.7250$' "$tmp/out" &&
	grep -q '^2 band change(s) among 4 person(s)' "$tmp/out" &&
	[ "$(sqlite3 "$tmp/w.db" 'select count(*) from result')" = "$before" ] &&
	ok "--what-if: the persons whose band changes, old and new K, 2 changes, nothing written" || { nok "what-if"; show "$tmp/out"; show "$tmp/err"; }

# receipts: the same inputs give the same receipt; a changed model line
# (here a comment in types.lua) gives another
run assess "$tmp/ag" --db "$tmp/m.db" --no-export --format json
r1=$(sed -n '1s/.*"receipt":"\([0-9a-f]*\)".*/\1/p' "$tmp/out")
run assess "$tmp/ag" --db "$tmp/m.db" --no-export --format json
r2=$(sed -n '1s/.*"receipt":"\([0-9a-f]*\)".*/\1/p' "$tmp/out")
echo "-- one more line" >>"$tmp/ag/types.lua"
run assess "$tmp/ag" --db "$tmp/m.db" --no-export --format json
r3=$(sed -n '1s/.*"receipt":"\([0-9a-f]*\)".*/\1/p' "$tmp/out")
cp "$srcdir/t/fixtures/scoring/types.lua" "$tmp/ag/types.lua"
# a plugin's settings are part of the receipt too
sed -i 's/as_of: 2025-12-31/as_of: 2025-12-31, late_penalty: 0.5/' "$tmp/ag/agency.yaml"
run assess "$tmp/ag" --db "$tmp/m.db" --no-export --format json
r4=$(sed -n '1s/.*"receipt":"\([0-9a-f]*\)".*/\1/p' "$tmp/out")
cp "$srcdir/t/fixtures/scoring/agency.yaml" "$tmp/ag/agency.yaml"
[ -n "$r1" ] && [ "$r1" = "$r2" ] && [ "$r1" != "$r3" ] && [ -n "$r4" ] &&
	[ "$r4" != "$r1" ] && [ "$r4" != "$r3" ] &&
	ok "receipts: stable across runs, changed by a model line and by a plugin setting" ||
	nok "receipts $r1 $r2 $r3 $r4"

# hostile score functions: stopped per person with the reason, no crash,
# in bounded time; the others' exit status is 1 (persons not scored)
hostile() { # NAME BODY EXPECTED-MESSAGE
	cp "$srcdir/t/fixtures/scoring/types.lua" "$tmp/ag/types.lua"
	cat >>"$tmp/ag/types.lua" <<EOF
assessment "H" {
  title = { en = "hostile" },
  elements = elements, bands = bands, raters = raters,
  score = function(e)
$2
  end,
}
EOF
	start=$(date +%s)
	run assess "$tmp/ag" --db "$tmp/h.db" --no-export --assessment H
	took=$(($(date +%s) - start))
	if [ $status -eq 1 ] && grep -qF "$3" "$tmp/out" && [ $took -le 30 ]; then
		ok "hostile score function, $1: stopped ($3)"
	else
		nok "hostile score function, $1: exit $status in ${took}s"
		show "$tmp/out"; show "$tmp/err"
	fi
}
hostile "endless loop" "    while true do end" "instruction budget"
hostile "loop that catches its own error" \
	"    while true do pcall(function() while true do end end) end" "instruction budget"
hostile "memory bomb" \
	"    local s = 'x' for i = 1, 1e9 do s = s .. s end" "memory"
hostile "K outside [0, 1]" "    return 2" "returned a number outside [0, 1]"
hostile "a band it does not have" "    return 0.5, 'stellar'" "returned band 'stellar'"
hostile "io" "    return io.open('/etc/passwd') and 1 or 0" "io"
