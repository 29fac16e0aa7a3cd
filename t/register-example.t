#!/bin/sh
# The bundled development register (examples/kz-register) end to end:
# import, assess, compliance, pool, plan, show and audit verify on a
# temporary register, each checked against values worked out here from
# the example's files, not from merit's own output.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
ex="$srcdir/examples/kz-register"
k3="$srcdir/examples/kz-360"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
if ! command -v python3 >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 and sqlite3 are needed"; exit 0
fi
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
db="$tmp/r.db"
q() { sqlite3 "$db" "$1"; }
AS_OF=2025-12-31
PERSON=KZ-1002
echo 1..12

# 1. import the persons and evidence of kz-360 and the course history
files="$k3/roster.yaml $k3/evidence.yaml $ex/completions.csv $ex/enrolments.jsonl"
run import "$ex" $files --db "$db"
n_persons=$(grep -c '^  - { id: KZ-1' "$k3/roster.yaml")
n_evidence=$(grep -c '^  - person: KZ-1' "$k3/evidence.yaml")
n_compl=$(($(wc -l <"$ex/completions.csv") - 1))
n_enrol=$(grep -c . "$ex/enrolments.jsonl")
if [ $status -eq 0 ] && [ "$n_persons" -eq 56 ] &&
	grep -q "roster.yaml: kind roster, 56 rows: 56 new, 0 changed" "$tmp/out" &&
	grep -q "evidence.yaml: kind evidence, $n_evidence rows: $n_evidence new" "$tmp/out" &&
	grep -q "completions.csv: kind completions, $n_compl rows: $n_compl new" "$tmp/out" &&
	grep -q "enrolments.jsonl: kind enrolments, $n_enrol rows: $n_enrol new" "$tmp/out" &&
	[ "$(q "select count(*) from person where agency = 'kz-register'")" -eq 56 ] &&
	[ "$(q "select count(*) from completion")" -eq "$n_compl" ] &&
	[ "$(q "select count(*) from enrolment")" -eq "$n_enrol" ]; then
	ok "import: 56 persons, $n_evidence evidence rows, $n_compl completions, $n_enrol enrolments"
else
	nok "import ($status)"; show "$tmp/out"; show "$tmp/err"
fi

# 2. importing again changes nothing, not even the audit log
sqlite3 "$db" .dump >"$tmp/dump1"
a1=$(q "select count(*) from audit")
run import "$ex" $files --db "$db"
sqlite3 "$db" .dump >"$tmp/dump2"
[ $status -eq 0 ] && [ "$(grep -c ': 0 new, 0 changed' "$tmp/out")" -eq 4 ] &&
	cmp -s "$tmp/dump1" "$tmp/dump2" && [ "$(q "select count(*) from audit")" -eq "$a1" ] &&
	ok "a second import changes nothing" || { nok "re-import ($status)"; show "$tmp/out"; diff "$tmp/dump1" "$tmp/dump2" | head -20 | sed 's/^/# /'; }

# 3. assess from the register: the same K as the roster-based kz-360
run assess "$ex" --db "$db" --no-export -q
s1=$status
run assess "$k3" --db "$tmp/k3.db" --no-export -q
kq="select person, printf('%.12f', k), band from result where status = 'assessed' order by person"
sqlite3 "$db" "$kq" >"$tmp/k-reg"
sqlite3 "$tmp/k3.db" "$kq" >"$tmp/k-360"
[ $s1 -eq 0 ] && [ $status -eq 0 ] && [ "$(wc -l <"$tmp/k-reg")" -eq 56 ] && cmp -s "$tmp/k-reg" "$tmp/k-360" &&
	ok "assess: the register's 56 results have the K of merit assess examples/kz-360" ||
	{ nok "assess ($s1 $status)"; diff "$tmp/k-reg" "$tmp/k-360" | head -20 | sed 's/^/# /'; }

# 4-5. compliance on 2025-12-31, worked out from completions.csv and the
# roster's categories (persons without a hired date: no first due date;
# without any qualifying course they are overdue)
cat >"$tmp/compliance.py" <<'PY'
import csv, datetime, json, sqlite3, sys
db, csvfile, as_of, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
as_of = datetime.date.fromisoformat(as_of)
def plus_years(d, n):
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)
persons = dict(sqlite3.connect(db).execute(
    "select id, category from person where agency = 'kz-register'").fetchall())
done = {}
with open(csvfile, encoding="utf-8-sig", newline="") as f:
    for row in csv.DictReader(f):
        done.setdefault(row["person"], []).append(
            (row["course"], datetime.date.fromisoformat(row["completed_on"])))
policies = [("kz-ce-3y", 3, None, 90, None),
            ("kz-integrity-1y", 1, {"kz-integrity"}, 60, "official")]
with open(out, "w") as o:
    for p in sorted(persons):
        for pid, years, courses, remind, category in policies:
            if category and persons[p] != category:
                continue
            dates = [d for c, d in done.get(p, [])
                     if d <= as_of and (courses is None or c in courses)]
            if not dates:
                status = "overdue"
            else:
                due = plus_years(max(dates), years)
                status = ("overdue" if due < as_of else
                          "due-soon" if (due - as_of).days <= remind else "compliant")
            o.write("%s %s %s\n" % (p, pid, status))
PY
# (if the script fails, "want" is missing and the comparison below fails)
python3 "$tmp/compliance.py" "$db" "$ex/completions.csv" $AS_OF "$tmp/want" || rm -f "$tmp/want"
run compliance --db "$db" --as-of $AS_OF --format json
s=$status
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for p in d["agencies"][0]["persons"]:
    print(p["person"], p["policy"], p["status"])' "$tmp/out" | sort >"$tmp/got"
sort -o "$tmp/want" "$tmp/want"
n_over=$(grep -c ' overdue$' "$tmp/want")
n_soon=$(grep -c ' due-soon$' "$tmp/want")
n_ok=$(grep -c ' compliant$' "$tmp/want")
cmp -s "$tmp/want" "$tmp/got" && [ "$n_over" -gt 0 ] && [ "$n_soon" -gt 0 ] && [ "$n_ok" -gt $((n_over + n_soon)) ] &&
	ok "compliance: $n_ok compliant, $n_soon due soon, $n_over overdue, as worked out from completions.csv" ||
	{ nok "compliance statuses ($n_ok $n_soon $n_over)"; diff "$tmp/want" "$tmp/got" | head -20 | sed 's/^/# /'; show "$tmp/err"; }
grep -q ' kz-ce-3y overdue$' "$tmp/want" && grep -q ' kz-ce-3y due-soon$' "$tmp/want" &&
	[ $s -eq 1 ] && ok "  ... exit status 1: someone is overdue" || nok "compliance exit status $s"

# 6. forecast runs on the register
run forecast --db "$db" --as-of $AS_OF
[ $status -eq 0 ] && grep -q 'kz-register *compliance *kz-ce-3y' "$tmp/out" &&
	ok "forecast: demand from the compliance of kz-ce-3y" || { nok "forecast ($status)"; show "$tmp/out"; show "$tmp/err"; }

# 7-8. the management reserve on 2025-12-31: officials at posts 7-15
# whose latest A1-360 K is at least 0.75
run pool --db "$db" --as-of $AS_OF
s=$status
python3 - "$db" >"$tmp/pool-want" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("""select p.id, p.post_level, p.category, r.k from person p
    join result r on r.agency = p.agency and r.person = p.id
    where p.agency = 'kz-register' and r.assessment = 'A1-360'
      and r.id = (select max(id) from result q where q.agency = r.agency
                  and q.person = r.person and q.assessment = r.assessment)""").fetchall()
for pid, post, cat, k in sorted(rows):
    if cat == "official" and 7 <= post <= 15 and k is not None and k >= 0.75:
        print(pid)
PY
q "select person from pool_member where pool = 'kz-management-reserve' and exited_on is null
   and entered_on = '$AS_OF' and expires_on = '2028-12-31' order by person" >"$tmp/pool-got"
[ $s -eq 0 ] && [ -s "$tmp/pool-want" ] && cmp -s "$tmp/pool-want" "$tmp/pool-got" &&
	ok "pool: $(wc -l <"$tmp/pool-want") members for 36 months, as worked out from K, post and category" ||
	{ nok "pool ($s)"; diff "$tmp/pool-want" "$tmp/pool-got" | sed 's/^/# /'; show "$tmp/err"; }
run pool --db "$db" --as-of $AS_OF --grid
[ $status -eq 0 ] && grep -q '9-box of 56 person' "$tmp/out" &&
	ok "pool --grid: all 56 persons on the 9-box" || { nok "grid ($status)"; show "$tmp/out"; }

# 9-10. a plan proposed and approved; the audit log intact
run recommend $PERSON --db "$db"
s=$status
run plan $PERSON --db "$db" --start 2026-01-01
s2=$status
run plan $PERSON --db "$db" --approve --by HR-0007
[ $s -eq 0 ] && [ $s2 -eq 0 ] && [ $status -eq 0 ] &&
	[ "$(q "select status || ' ' || decided_by from plan where person = '$PERSON'")" = "approved HR-0007" ] &&
	[ "$(q "select count(*) from plan_item i join plan p on p.id = i.plan_id where p.person = '$PERSON'")" -gt 0 ] &&
	ok "plan of $PERSON proposed and approved by HR-0007" || { nok "plan ($s $s2 $status)"; show "$tmp/out"; show "$tmp/err"; }
run audit verify --db "$db"
[ $status -eq 0 ] && grep -q 'audit log intact' "$tmp/out" &&
	ok "audit verify: intact" || { nok "audit verify ($status)"; show "$tmp/err"; }

# 11. merit show lists the person's completions
run show $PERSON --db "$db"
want=$(grep -c "^$PERSON," "$ex/completions.csv")
got=$(grep -c ' completion  kz-' "$tmp/out")
[ $status -eq 0 ] && [ "$want" -gt 0 ] && [ "$got" -eq "$want" ] &&
	ok "show $PERSON: its $want completions" || { nok "show ($status, $got of $want)"; show "$tmp/out"; }

# 12. the generator reproduces the example's files
python3 "$srcdir/examples/generate_register.py" --check >"$tmp/out" 2>&1 &&
	ok "examples/generate_register.py --check: the files are as generated" || { nok "generator check"; show "$tmp/out"; }
