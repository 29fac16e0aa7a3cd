#!/bin/sh
# Training policies, merit compliance and merit forecast on the fixture
# agency t/fixtures/compliance (21 persons, one policy of each shape),
# whose completions, plans and gaps come from completions.sql. Every
# expected status, due date and count is worked by hand below.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
fx="$srcdir/t/fixtures/compliance"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
echo 1..21

db="$tmp/c.db"
run assess "$fx" --db "$db" --no-export -q
[ $status -eq 0 ] && sqlite3 "$db" <"$fx/completions.sql" 2>"$tmp/err" &&
	ok "register filled: merit assess, then completions, plans and gaps" ||
	{ nok "fill the register ($status)"; show "$tmp/err"; }

# As of 2026-02-15. D = due date; overdue when D < as-of, due soon when
# D - as-of <= remind_before days.
# ce-3y (official; 2 different courses in (D - 3y, D]; remind 90):
#  A1 lead 2024-03-01, comm 2025-06-10: 2nd most recent + 3y = 2027-03-01
#  A2 comm 2020-01-10, lead 2023-04-20: 2020-01-10 + 3y = 2023-01-10 < as-of
#  A3 lead 2023-03-01, comm 2023-04-10: 2026-03-01, 14 days away <= 90
#  A4 no hired date, nothing done (2026-06-01 is after as-of): overdue, no D
#  A5 hired 2024-06-01, nothing done: first D = hired + 3y = 2027-06-01
#  A6 comm twice: one different course, never two: D = hired 2005-01-01 + 3y
# hours-cal (operational; 40 h per calendar year; remind 60):
#  B1 2025: 24 + 20 = 44 met; 2026: 20 h, short 20: D = 2026-12-31 (319 d)
#  B2 2025: 24 h < 40, 2026 nothing: overdue since 2025-12-31
#  B3 hired 2025-07-01: first due 2026-07-01, so 2025 (ending 2026-01-01)
#     is not required; 2026 is: D = 2026-12-31
#  B4 2026: 24 + 20 = 44 met already: next D = end of 2027
# ethics-yearly (posts 10-15; only 'ethics' counts; remind 30):
#  C1 ethics 2025-06-01: D = 2026-06-01 (106 days); lead does not count
#  C2 ethics 2024-12-01: D = 2025-12-01 < as-of (lead 2025-10 does not count)
#  C3 ethics 2025-03-01: D = 2026-03-01, 14 days <= 30
#  C4 post 3, auxiliary, indefinite: no policy covers them
# law-rotate (fixed term; years from hired; set k mod 2; remind 30):
#  D1 hired 2024-04-01: k=1 [2025-04-01, 2026-04-01) wants {law-c}: done
#     2025-05-10; next period k=2 ends 2027-03-31
#  D2 hired 2023-03-01: k=2 [2025-03-01, 2026-03-01) wants {law-a, law-b},
#     only law-a; k=1 {law-c} met 2024-05-01: D = 2026-02-28, 13 days
#  D3 same periods: k=1 {law-c} not met, k=2 not met: overdue, D = 2025-02-28
# probation-2y (probation; grace 6 months; remind 30):
#  E1 hired 2025-09-01: first D = hired + 6 months = 2026-03-01, 14 days
#  E2 hired 2025-06-01: first D = 2025-12-01 < as-of
#  E3 comm 2025-11-01: D = max(2025-12-01, 2025-11-01 + 2y) = 2027-11-01
# F1 on leave: not covered.
cat >"$tmp/want" <<'EOF'
A1 ce-3y compliant 2027-03-01
A2 ce-3y overdue 2023-01-10
A3 ce-3y due-soon 2026-03-01
A4 ce-3y overdue -
A5 ce-3y compliant 2027-06-01
A6 ce-3y overdue 2008-01-01
B1 hours-cal compliant 2026-12-31
B2 hours-cal overdue 2025-12-31
B3 hours-cal compliant 2026-12-31
B4 hours-cal compliant 2027-12-31
C1 ethics-yearly compliant 2026-06-01
C2 ethics-yearly overdue 2025-12-01
C3 ethics-yearly due-soon 2026-03-01
C4 - not-covered
D1 law-rotate compliant 2027-03-31
D2 law-rotate due-soon 2026-02-28
D3 law-rotate overdue 2025-02-28
E1 probation-2y due-soon 2026-03-01
E2 probation-2y overdue 2025-12-01
E3 probation-2y compliant 2027-11-01
F1 - on-leave
EOF
run compliance --db "$db" --as-of 2026-02-15
awk '/^  [A-F][0-9]/ { print $1, $2, $3, $4 }' "$tmp/out" | sed 's/ *$//' >"$tmp/got"
if diff "$tmp/want" "$tmp/got" >"$tmp/diff"; then
	ok "every person's status and due date as worked by hand"
else
	nok "statuses"; show "$tmp/diff"; show "$tmp/err"
fi
[ $status -eq 1 ] && ok "exit status 1: someone is overdue" || nok "exit $status, want 1"
# worst per person: compliant A1 A5 B1 B3 B4 C1 D1 E3 = 8; due soon A3 C3
# D2 E1 = 4; overdue A2 A4 A6 B2 C2 D3 E2 = 7; not covered C4 F1 = 2
grep -q 'summary: 21 persons: 8 compliant, 4 due soon, 7 overdue, 2 not covered' "$tmp/out" &&
	ok "summary per agency" || { nok "summary"; show "$tmp/out"; }
# what is done and missing: B1 has 20 h of 40 in 2026; A2's window
# (2023-02-15, 2026-02-15] holds lead only: one course of two missing
grep -Eq '^  B1 +hours-cal +compliant +2026-12-31 +1 course, 20 h +20 h$' "$tmp/out" &&
	grep -Eq '^  A2 +ce-3y +overdue +2023-01-10 +1 course, 24 h +1 course$' "$tmp/out" &&
	ok "done and missing in the current window" || { nok "done/missing"; show "$tmp/out"; }

run compliance --db "$db" --as-of 2026-02-15 --format json
cat >"$tmp/check.py" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
a = d["agencies"][0]
rows = {(p["person"], p["policy"]): p for p in a["persons"]}
b1 = rows[("B1", "hours-cal")]
d2 = rows[("D2", "law-rotate")]
a4 = rows[("A4", "ce-3y")]
checks = [
    d["as_of"] == "2026-02-15",
    a["id"] == "cmp",
    a["summary"] == {"persons": 21, "compliant": 8, "due_soon": 4,
                     "overdue": 7, "not_covered": 2},
    len(a["persons"]) == 21,
    b1["status"] == "compliant" and b1["due"] == "2026-12-31",
    b1["done"] == {"from": "2026-01-01", "courses": 1, "hours": 20},
    b1["missing"] == {"courses": 0, "hours": 20},
    d2["set"] == ["law-a", "law-b"] and d2["missing"]["courses"] == 1,
    a4["status"] == "overdue" and a4["due"] is None,
    rows[("F1", None)]["status"] == "on-leave",
]
bad = [i for i, c in enumerate(checks) if not c]
print("failed checks:", bad) if bad else None
sys.exit(1 if bad else 0)
EOF
[ $status -eq 1 ] && python3 "$tmp/check.py" "$tmp/out" >"$tmp/py" 2>&1 &&
	ok "JSON: as_of, summary, rows with due, done, missing, set" || { nok "json ($status)"; show "$tmp/py"; }

run compliance --db "$db" --as-of 2026-02-15 --persons overdue
[ "$(grep -c '^  [A-F][0-9]' "$tmp/out")" -eq 7 ] && ! grep -q ' due-soon ' "$tmp/out" &&
	grep -q '7 overdue' "$tmp/out" &&
	ok "--persons overdue lists the 7 overdue, the summary still counts all" ||
	{ nok "--persons overdue"; show "$tmp/out"; }
run compliance --db "$db" --as-of 2026-02-15 --persons due-soon
[ "$(grep -c '^  [A-F][0-9]' "$tmp/out")" -eq 11 ] &&
	ok "--persons due-soon: 4 due soon + 7 overdue" || { nok "--persons due-soon"; show "$tmp/out"; }

# Calendar, late in the year: on 2026-11-15 B1 still has 20 h of 40 for
# 2026, due 2026-12-31, 46 days away <= 60: due soon. B4 met 2026: its
# next due date is 2027-12-31.
run compliance --db "$db" --as-of 2026-11-15
grep -Eq '^  B1 +hours-cal +due-soon +2026-12-31' "$tmp/out" &&
	grep -Eq '^  B4 +hours-cal +compliant +2027-12-31' "$tmp/out" &&
	ok "calendar period: due soon near the year's end" || { nok "calendar late"; show "$tmp/out"; }

# No one overdue: exit 0 (only A1, compliant, left)
cp "$db" "$tmp/one.db"
sqlite3 "$tmp/one.db" "DELETE FROM person WHERE id <> 'A1'"
run compliance --db "$tmp/one.db" --as-of 2026-02-15
[ $status -eq 0 ] && grep -q '1 persons: 1 compliant' "$tmp/out" &&
	ok "exit status 0 when no one is overdue" || { nok "exit $status, want 0"; show "$tmp/out"; }

# The agency by its id in the register, and without --agency
run compliance --db "$db" --agency cmp --as-of 2026-02-15 --persons overdue
cp "$tmp/out" "$tmp/by-id"
run compliance --db "$db" --as-of 2026-02-15 --persons overdue
[ $status -eq 1 ] && cmp -s "$tmp/out" "$tmp/by-id" && grep -q 'agency cmp' "$tmp/out" &&
	ok "--agency ID and every agency of the register agree" || { nok "by id"; show "$tmp/out"; }

# The ready-made policies of merit's data, from scripts: policies/uz.lua
# (one course in 3 rolling years, remind 90) and policies/sg.lua (100 h a
# calendar year): A2's latest course lead 2023-04-20 + 3y = 2026-04-20,
# 64 days away: due soon; A1's comm 2025-06-10 + 3y = 2028-06-10; B1 had
# 44 h in 2025 < 100: overdue since 2025-12-31.
run compliance --db "$db" --agency "$fx/shipped" --as-of 2026-02-15
grep -Eq '^  A2 +uz-ce-3y +due-soon +2026-04-20' "$tmp/out" &&
	grep -Eq '^  A1 +uz-ce-3y +compliant +2028-06-10' "$tmp/out" &&
	grep -Eq '^  B1 +sg-100h +overdue +2025-12-31 +1 course, 20 h +80 h' "$tmp/out" &&
	ok "scripts/policies/uz.lua and sg.lua usable from an agency" || { nok "shipped ($status)"; show "$tmp/out"; show "$tmp/err"; }

# An id the model does not declare: an error at its line of agency.yaml
run compliance --db "$db" --agency "$fx/unknown"
[ $status -eq 2 ] && grep -q "unknown/agency.yaml:12:.*no policy 'no-such-policy'" "$tmp/err" &&
	[ ! -s "$tmp/out" ] &&
	ok "unknown policy id: file:line of agency.yaml, exit 2" || { nok "unknown id ($status)"; show "$tmp/err"; }
run check "$fx/unknown"
[ $status -ne 0 ] && grep -q "unknown/agency.yaml:12:.*no-such-policy" "$tmp/err" &&
	ok "merit check finds it too" || { nok "check unknown ($status)"; show "$tmp/err"; }

# Bad declarations: each at its line of the file
run check "$fx/bad-policies"
f=bad-policies/bad.lua
for want in "$f:11: policy 'bad-calendar': a calendar policy" \
	"$f:17: unknown key 'grades' in applies" \
	"$f:22: policy 'bad-category': unknown category 'clerical'" \
	"$f:27: policy 'bad-grace': 'months' must be a whole number" \
	"$f:32: policy 'bad-rotate': rotate must be a list of course sets" \
	"$f:36: policy 'both': give either courses or rotate" \
	"$f:42: policy 'too-many': require.courses = 2, but set 1" \
	"$f:46: policy 'no-require': missing required field 'require'"; do
	grep -qF "$want" "$tmp/err" || { echo "# missing: $want"; status=99; }
done
grep -qF "policy 'unknown-course': unknown course 'etics'" "$tmp/err" || status=99
[ $status -eq 2 ] && ok "bad policy declarations: file:line findings" || { nok "bad declarations ($status)"; show "$tmp/err"; }

# Usage and input errors: exit 2, nothing on stdout
run compliance --db "$db" --persons some
s1=$status
run compliance --db "$db" --as-of 2026-02-30
s2=$status
run compliance --db "$tmp/none.db"
s3=$status
[ $s1 -eq 2 ] && [ $s2 -eq 2 ] && [ $s3 -eq 2 ] && [ ! -e "$tmp/none.db" ] &&
	ok "bad --persons, --as-of, missing register: exit 2" || nok "usage ($s1 $s2 $s3)"
run compliance --help
[ $status -eq 0 ] && grep -q -- '--persons' "$tmp/out" && ok "--help" || nok "--help"

# A malformed date in the register: exit 2 with where it is; nothing changes
cp "$db" "$tmp/bad.db"
sqlite3 "$tmp/bad.db" "UPDATE completion SET completed_on = '2025-13-01' WHERE person = 'C1' AND course = 'ethics'"
before=$(sqlite3 "$tmp/bad.db" "select count(*) from audit")
run compliance --db "$tmp/bad.db" --as-of 2026-02-15
[ $status -eq 2 ] && grep -q "completion of ethics by C1 of cmp: completed_on '2025-13-01'" "$tmp/err" &&
	[ "$(sqlite3 "$tmp/bad.db" "select count(*) from audit")" = "$before" ] &&
	ok "bad completion date: exit 2, named; read-only" || { nok "bad date ($status)"; show "$tmp/err"; }

# Forecast from 2026-02-15, quarters Q1..Q4 of 2026; worked by hand:
# compliance (due in the quarter, or overdue: Q1):
#  ce-3y any: A2 A4 A6 overdue, A3 due 2026-03-01: Q1 4 persons, 0 h
#    (a course count, any course: no hours to tell); A1, A5 due in 2027
#  hours-cal any: B2 overdue, needs 40 h: Q1; B1 (20 h) and B3 (40 h)
#    due 2026-12-31: Q4 2 persons 60 h; B4 due 2027
#  ethics-yearly ethics (4 h): C2 overdue, C3 due 03-01: Q1 2 persons 8 h;
#    C1 due 2026-06-01: Q2 1 person 4 h
#  law-rotate: D2 (due 02-28) and D3 (overdue) both in set {law-a, law-b}:
#    Q1 law-a 2 persons 16 h, law-b 2 persons 16 h; D1 due 2027
#  probation-2y any: E1 due 03-01, E2 overdue: Q1 2 persons; E3 due 2027
# plan (approved, open items): B1 comm target 2025-12-01, past: Q1 20 h;
#  A1 lead 2026-05-15: Q2 24 h; A1 plan-basics 2026-11-30: Q4 12 h; A1's
#  done item and A5's proposed plan do not count
# gap (latest result, no approved open item for it; Q1): A1 planning has
#  an item; A3's latest result has no gap; A2 planning -> lead,
#  plan-basics, comm; A2 ethics -> ethics (comm counted once); B2 ethics
#  -> ethics, comm: comm 2 persons 40 h, ethics 2 persons 8 h, lead 1 24 h,
#  plan-basics 1 12 h
cat >"$tmp/want" <<'EOF'
2026-Q1 cmp compliance ce-3y any 4 0
2026-Q1 cmp compliance ethics-yearly ethics 2 8
2026-Q1 cmp compliance hours-cal any 1 40
2026-Q1 cmp compliance law-rotate law-a 2 16
2026-Q1 cmp compliance law-rotate law-b 2 16
2026-Q1 cmp compliance probation-2y any 2 0
2026-Q1 cmp plan - comm 1 20
2026-Q1 cmp gap - comm 2 40
2026-Q1 cmp gap - ethics 2 8
2026-Q1 cmp gap - lead 1 24
2026-Q1 cmp gap - plan-basics 1 12
2026-Q2 cmp compliance ethics-yearly ethics 1 4
2026-Q2 cmp plan - lead 1 24
2026-Q4 cmp compliance hours-cal any 2 60
2026-Q4 cmp plan - plan-basics 1 12
EOF
run forecast --db "$db" --as-of 2026-02-15
tail -n +2 "$tmp/out" | awk '{ print $1, $2, $3, $4, $5, $6, $7 }' >"$tmp/got"
if [ $status -eq 0 ] && diff "$tmp/want" "$tmp/got" >"$tmp/diff"; then
	ok "forecast: demand per quarter, course and source as worked by hand"
else
	nok "forecast ($status)"; show "$tmp/diff"; show "$tmp/err"
fi
# two quarters: Q4 rows drop out; JSON carries the same numbers
run forecast --db "$db" --as-of 2026-02-15 --quarters 2 --format json
cat >"$tmp/fc.py" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
qs = [q["quarter"] for q in d["quarters"]]
tot = {}
for r in d["demand"]:
    k = (r["quarter"], r["source"])
    tot[k] = tot.get(k, 0) + r["persons"]
# Q1 compliance 4+2+1+2+2+2 = 13, plan 1, gap 2+2+1+1 = 6; Q2 1 + 1
ok = (qs == ["2026-Q1", "2026-Q2"] and d["as_of"] == "2026-02-15" and
      tot == {("2026-Q1", "compliance"): 13, ("2026-Q1", "plan"): 1,
              ("2026-Q1", "gap"): 6, ("2026-Q2", "compliance"): 1,
              ("2026-Q2", "plan"): 1})
print(tot) if not ok else None
sys.exit(0 if ok else 1)
EOF
[ $status -eq 0 ] && python3 "$tmp/fc.py" "$tmp/out" >"$tmp/py" 2>&1 &&
	ok "forecast JSON, --quarters 2" || { nok "forecast json ($status)"; show "$tmp/py"; }
run forecast --db "$db" --quarters 0
s1=$status
run forecast --help
[ $s1 -eq 2 ] && [ $status -eq 0 ] && ok "forecast: bad --quarters exit 2, --help" || nok "forecast usage ($s1 $status)"
