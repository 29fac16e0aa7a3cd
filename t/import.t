#!/bin/sh
# merit import: every kind in every format, text byte-exact, personal
# fields apart, re-import a no-op, a bad row deep in a file reported at its
# line with the register untouched, courses taken from the model.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
PYTHON3=${PYTHON3:-python3}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
q() { sqlite3 "$db" "$1"; }
echo 1..22

F=$srcdir/t/fixtures/import
KZ=$srcdir/examples/kz-digital
QZ=$srcdir/examples/kz-quiz

# kz-digital's own files import as they are: 36 persons, 36 x 3 evidence
db=$tmp/kz.db
run import --db "$db" "$KZ" "$KZ/roster.yaml" "$KZ/evidence.yaml"
[ $status -eq 0 ] && [ "$(q 'select count(*) from person')" = 36 ] &&
	[ "$(q 'select count(*) from evidence')" = 108 ] &&
	grep -q 'roster.yaml: kind roster, 36 rows: 36 new, 0 changed, 0 unchanged' "$tmp/out" &&
	ok "kz-digital roster.yaml + evidence.yaml: 36 persons, 108 evidence rows" ||
	{ nok "kz-digital ($status)"; show "$tmp/err"; }

# one audit entry per file, its digest the BLAKE2b-256 of the file
"$PYTHON3" -c 'import hashlib,sys; print(hashlib.blake2b(open(sys.argv[1],"rb").read(), digest_size=32).hexdigest())' \
	"$KZ/roster.yaml" >"$tmp/want"
[ "$(q "select count(*) from audit where action = 'import'")" = 2 ] &&
	[ "$(q "select digest from audit where detail like '%roster.yaml: kind roster, 36 rows: 36 new%'")" = "$(cat "$tmp/want")" ] &&
	ok "two audit entries; the roster's digest is the file's BLAKE2b-256" ||
	{ nok "audit"; q 'select * from audit' | sed 's/^/# /'; }

# evidence stored as canonical JSON: sorted keys, compact, equal to what
# python makes of the same YAML entry
q "select data from evidence where person = 'KZ-0002' and element = 'qualification'" >"$tmp/got"
cat >"$tmp/want" <<'EOF'
{"certifications":["state-language-b2","anti-corruption-basics","data-protection"],"education":"bachelor","service_years":3.5,"training_hours":66}
EOF
cmp -s "$tmp/got" "$tmp/want" && [ "$(q "select distinct period from evidence")" = 2025 ] &&
	ok "evidence element as canonical JSON, period from agency.yaml" ||
	{ nok "canonical evidence"; show "$tmp/got"; }

# re-import: nothing changes, not even updated_at, and no audit entry
sqlite3 "$db" .dump >"$tmp/before"
run import --db "$db" "$KZ" "$KZ/roster.yaml" "$KZ/evidence.yaml"
sqlite3 "$db" .dump >"$tmp/after"
[ $status -eq 0 ] && cmp -s "$tmp/before" "$tmp/after" &&
	grep -q 'roster.yaml: kind roster, 36 rows: 0 new, 0 changed, 36 unchanged' "$tmp/out" &&
	grep -q 'evidence.yaml: kind evidence, 36 rows: 0 new, 0 changed, 36 unchanged' "$tmp/out" &&
	ok "re-import: 0 new, 0 changed, 36 unchanged; .dump identical" ||
	{ nok "re-import ($status)"; show "$tmp/out"; diff "$tmp/before" "$tmp/after" | head | sed 's/^/# /'; }

# one changed value: one changed row, one more audit entry
sed 's/KZ-0001, post_level: 14/KZ-0001, post_level: 13/' "$KZ/roster.yaml" >"$tmp/roster.yaml"
run import --db "$db" "$KZ" "$tmp/roster.yaml"
[ $status -eq 0 ] && grep -q 'kind roster, 36 rows: 0 new, 1 changed, 35 unchanged' "$tmp/out" &&
	[ "$(q "select post_level from person where id = 'KZ-0001'")" = 13 ] &&
	[ "$(q "select count(*) from audit where action = 'import'")" = 3 ] &&
	ok "one value changed: 1 changed, 35 unchanged, one audit entry more" ||
	{ nok "change ($status)"; show "$tmp/out"; show "$tmp/err"; }

# every kind in every format, in one command, into the kz-quiz agency
# (whose model declares the course "public-speaking" and "negotiation")
db=$tmp/all.db
run import --db "$db" "$QZ" "$F/roster.csv" "$F/roster-uz.csv" "$F/roster.jsonl" \
	"$F/roster.yaml" "$F/evidence.csv" "$F/evidence.jsonl" "$F/evidence.yaml" \
	"$F/courses.yaml" "$F/courses.csv" "$F/courses.jsonl" "$F/enrolments.yaml" \
	"$F/enrolments.csv" "$F/enrolments.jsonl" "$F/completions.yaml" \
	"$F/completions.csv" "$F/completions.jsonl"
[ $status -eq 0 ] && [ "$(grep -c ': kind ' "$tmp/out")" = 16 ] &&
	ok "16 files, each kind in YAML, CSV and JSON Lines: exit 0" ||
	{ nok "all kinds ($status)"; show "$tmp/err"; }
# counts worked from the fixtures: roster 4 + 2 + 2 + 2 persons; evidence
# rows hold 3 + 1, 2 + 1, 2 elements; courses 1 + 1 + 1 and the two the
# model gave; enrolments 2 + 2 + 1; completions 1 + 2 + 1
[ "$(q 'select count(*) from person')" = 10 ] &&
	[ "$(q 'select count(*) from evidence')" = 9 ] &&
	[ "$(q 'select count(*) from course')" = 5 ] &&
	[ "$(q 'select count(*) from enrolment')" = 5 ] &&
	[ "$(q 'select count(*) from completion')" = 4 ] &&
	ok "rows: 10 persons, 9 evidence, 5 courses, 5 enrolments, 4 completions" ||
	{ nok "row counts"; q 'select count(*) from person; select count(*) from evidence; select count(*) from course; select count(*) from enrolment; select count(*) from completion' | sed 's/^/# /'; }

# text round-trips byte for byte: what sqlite3 returns equals the bytes
# python reads from the fixtures (Kazakh and Russian Cyrillic, Latin
# Uzbek with U+2018, a quoted line break, doubled quotes, BOM and CRLF)
cat >"$tmp/bytes.py" <<'EOF'
import csv, json, sqlite3, sys
db, fx = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
con.text_factory = bytes
def cell(path, enc, pid, col):
    with open(path, newline="", encoding=enc) as f:
        for row in csv.DictReader(f):
            if row["id"] == pid:
                return row[col].encode("utf-8")
want = {
    ("IM-0001", "position"): cell(fx + "/roster.csv", "utf-8", "IM-0001", "position"),
    ("IM-0002", "position"): cell(fx + "/roster.csv", "utf-8", "IM-0002", "position"),
    ("IM-0003", "position"): cell(fx + "/roster.csv", "utf-8", "IM-0003", "position"),
    ("IM-0004", "position"): cell(fx + "/roster.csv", "utf-8", "IM-0004", "position"),
    ("UZ-0001", "position"): cell(fx + "/roster-uz.csv", "utf-8-sig", "UZ-0001", "position"),
    ("UZ-0002", "position"): cell(fx + "/roster-uz.csv", "utf-8-sig", "UZ-0002", "position"),
}
for line in open(fx + "/roster.jsonl", encoding="utf-8"):
    o = json.loads(line)
    want[(o["id"], "position")] = o["position"].encode("utf-8")
bad = 0
for (pid, col), b in want.items():
    got = con.execute("select position from person where id = ?", (pid,)).fetchone()[0]
    if got != b:
        print("# %s %s: %r != %r" % (pid, col, got, b)); bad += 1
names = {"IM-0001": cell(fx + "/roster.csv", "utf-8", "IM-0001", "name"),
         "IM-0003": cell(fx + "/roster.csv", "utf-8", "IM-0003", "name"),
         "UZ-0001": cell(fx + "/roster-uz.csv", "utf-8-sig", "UZ-0001", "name")}
for pid, b in names.items():
    got = con.execute("select name from person_detail where person = ?", (pid,)).fetchone()[0]
    if got != b:
        print("# name %s: %r != %r" % (pid, got, b)); bad += 1
t = json.loads(con.execute("select title from course where id = 'data-literacy'").fetchone()[0])
if t != {"en": "Data literacy", "kk": "Деректер сауаттылығы", "uz": "Ma\u2018lumotlar savodxonligi"}:
    print("# title %r" % t); bad += 1
print(bad)
EOF
[ "$("$PYTHON3" "$tmp/bytes.py" "$db" "$F" | tee "$tmp/py" | tail -1)" = 0 ] &&
	ok "Cyrillic and Latin Kazakh/Uzbek text byte-exact (CSV with and without BOM, CRLF, JSONL, YAML)" ||
	{ nok "byte-exact text"; show "$tmp/py"; }

# personal fields only in person_detail: never in person, nor the audit log
[ "$(q "select name from person_detail where person = 'YM-0001'")" = "Әлібек Қанатұлы Ғабитов" ] &&
	[ "$(q "select fields from person_detail where person = 'IM-0001'")" = '{"phone":"+7 701 000 0001"}' ] &&
	[ "$(q "select fields from person_detail where person = 'JL-0001'")" = '{"birth_year":1984}' ] &&
	[ "$(q 'select count(*) from person_detail')" = 5 ] &&
	! sqlite3 "$db" "select * from person; select * from audit; select * from evidence" | grep -q -e 'Әлібек' -e 'Shoxrux' -e '+7 70' &&
	ok "names and personal.* only in person_detail (5 rows), not in person, evidence or audit" ||
	{ nok "personal fields"; q 'select * from person_detail' | sed 's/^/# /'; }

# dates, flags and defaults: on_leave true from CSV and YAML, hired kept,
# class empty is NULL; enrolment status defaults to enrolled
[ "$(q "select on_leave, hired, class_level is null from person where id = 'IM-0002'")" = "1||1" ] &&
	[ "$(q "select on_leave, hired from person where id = 'YM-0002'")" = "1|2025-01-20" ] &&
	[ "$(q "select status from enrolment where person = 'JL-0001'")" = enrolled ] &&
	[ "$(q "select status from enrolment where person = 'YM-0002'")" = withdrawn ] &&
	ok "on_leave, hired, empty class, enrolment status" || nok "flags and defaults"

# a completion without hours takes the course's: project-basics has 24
# (courses.csv), data-literacy 16 (courses.yaml); given hours win (20)
[ "$(q "select hours from completion where course = 'project-basics'")" = 24.0 ] &&
	[ "$(q "select hours, score, certificate from completion where course = 'data-literacy'")" = "16.0|87.5|APA-2025-0001" ] &&
	[ "$(q "select hours from completion where course = 'negotiation'")" = 20.0 ] &&
	ok "completion hours default to the course's" || nok "completion hours"

# a completion naming a course only the model declares puts the course in
# the register from the model: public-speaking is 36 hours in quiz.lua
[ "$(q "select hours, format, source like 'model:%quiz.lua:48' from course where id = 'public-speaking'")" = "36.0|blended|1" ] &&
	[ "$(q "select hours from completion where course = 'public-speaking'")" = 36.0 ] &&
	grep -q 'completions.jsonl: kind completions, 1 rows: 1 new.*(1 course added from the model)' "$tmp/out" &&
	ok "a model course named by a completion is inserted from the model" ||
	{ nok "model course"; show "$tmp/out"; }

# re-import of all 16 files: a no-op
sqlite3 "$db" .dump >"$tmp/before"
run import --db "$db" "$QZ" "$F/roster.csv" "$F/roster-uz.csv" "$F/roster.jsonl" \
	"$F/roster.yaml" "$F/evidence.csv" "$F/evidence.jsonl" "$F/evidence.yaml" \
	"$F/courses.yaml" "$F/courses.csv" "$F/courses.jsonl" "$F/enrolments.yaml" \
	"$F/enrolments.csv" "$F/enrolments.jsonl" "$F/completions.yaml" \
	"$F/completions.csv" "$F/completions.jsonl"
sqlite3 "$db" .dump >"$tmp/after"
[ $status -eq 0 ] && cmp -s "$tmp/before" "$tmp/after" &&
	[ "$(grep -c ' 0 new, 0 changed, ' "$tmp/out")" = 16 ] &&
	ok "re-import of every kind and format: .dump identical, all unchanged" ||
	{ nok "re-import all ($status)"; show "$tmp/out"; }

# an unknown course is a row error; nothing of the file stays
cp "$db" "$tmp/keep.db"
sqlite3 "$db" .dump >"$tmp/before"
run import --db "$db" "$QZ" "$F/completions-unknown.jsonl"
sqlite3 "$db" .dump >"$tmp/after"
[ $status -eq 2 ] && cmp -s "$tmp/before" "$tmp/after" &&
	grep -q "completions-unknown.jsonl:2: course: 'underwater-basket-weaving' is neither in the register nor declared" "$tmp/err" &&
	ok "unknown course: path:2: course: ..., exit 2, register unchanged" ||
	{ nok "unknown course ($status)"; show "$tmp/err"; }

# a bad row deep in a large CSV: 3000 good rows, the 2500th record broken;
# with the header on line 1 it starts on line 2501 (no quoted line breaks)
"$PYTHON3" - "$tmp/roster-big.csv" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,post_level,category,term\n")
    for i in range(1, 3001):
        f.write("BG-%05d,%d,%s,indefinite\n" % (i, 1 + i % 15, "official" if i != 2500 else "chief"))
EOF
sqlite3 "$db" .dump >"$tmp/before"
run import --db "$db" "$QZ" "$F/roster.csv" "$tmp/roster-big.csv"
sqlite3 "$db" .dump >"$tmp/after"
[ $status -eq 2 ] && cmp -s "$tmp/before" "$tmp/after" &&
	grep -q "roster-big.csv:2501: category: category must be one of official, operational, auxiliary (got 'chief')" "$tmp/err" &&
	grep -q "nothing imported, the register is as it was" "$tmp/err" &&
	ok "bad row at line 2501 of 3001: path:2501: category:, exit 2, .dump identical" ||
	{ nok "deep bad row ($status)"; show "$tmp/err"; }

# line numbers count physical lines: roster.csv's third record spans two
sed 's/^IM-0004,9,/IM-0004,0,/' "$F/roster.csv" >"$tmp/roster-ml.csv"
run import --db "$db" "$QZ" "$tmp/roster-ml.csv"
[ $status -eq 2 ] && grep -q "roster-ml.csv:6: post_level: person IM-0004: 'post_level' must be a whole number" "$tmp/err" &&
	ok "a quoted line break: the next record is reported at its physical line (6)" ||
	{ nok "physical lines ($status)"; show "$tmp/err"; }

# more than 50 problems: 50 shown, then "... and N more"
"$PYTHON3" -c 'import sys
print("id,post_level,category,term")
for i in range(120): print("X-%d,9999,official,fixed" % i)' >"$tmp/roster-many.csv"
run import --db "$db" "$QZ" "$tmp/roster-many.csv"
[ $status -eq 2 ] && [ "$(grep -c 'roster-many.csv:[0-9]*: post_level:' "$tmp/err")" = 50 ] &&
	grep -q '\.\.\. and 70 more' "$tmp/err" &&
	ok "120 bad rows: 50 shown, then '... and 70 more'" || { nok "cap ($status)"; tail -3 "$tmp/err" | sed 's/^/# /'; }

# strictness and UTF-8: an unknown column, invalid bytes with the column
# (the JSONL line: 76 bytes before the position's text, then 2 for "б",
# so the bad byte is the 79th),
# a person not in the register, a duplicate key
printf 'id,post_level,category,term,colour\nZ-1,3,official,fixed,red\n' >"$tmp/roster-col.csv"
printf '{"id":"Z-2","post_level":3,"category":"official","term":"fixed","position":"\320\261\377"}\n' >"$tmp/roster-utf.jsonl"
printf 'person,qualification\nNOBODY,"{""education"":""master""}"\n' >"$tmp/evidence-who.csv"
printf 'id,post_level,category,term,position\nZ-3,3,official,fixed,ok\nZ-4,3,official,fixed,"\303\050"\n' >"$tmp/roster-utf.csv"
run import --db "$db" "$QZ" "$tmp/roster-col.csv" "$tmp/roster-utf.jsonl" "$tmp/evidence-who.csv" "$tmp/roster-utf.csv"
[ $status -eq 2 ] && grep -q "roster-col.csv:1: colour: not a column of roster" "$tmp/err" &&
	grep -q "roster-utf.jsonl:1: row: invalid UTF-8 at column 79" "$tmp/err" &&
	grep -q "evidence-who.csv:2: person: 'NOBODY' is not in the register of agency kz-quiz" "$tmp/err" &&
	grep -q "roster-utf.csv:3: position: invalid UTF-8 at byte 1 of the cell" "$tmp/err" &&
	ok "unknown column, invalid UTF-8 (JSONL column, CSV cell), unknown person" ||
	{ nok "strict ($status)"; show "$tmp/err"; }

# usage and input errors: exit 2 with a clear message
run import --db "$db" nosuch-agency "$F/roster.csv"; s1=$status
grep -q "nosuch-agency" "$tmp/err"; g1=$?
run import --db "$db" "$QZ" "$tmp/no-such-file.csv"; s2=$status
grep -q "no-such-file.csv: cannot open" "$tmp/err"; g2=$?
run import --db "$db" "$QZ" --kind roster "$F/evidence.yaml"; s3=$status
grep -q "evidence.yaml: the file lists 'evidence:', not 'persons:'" "$tmp/err"; g3=$?
cp "$F/roster.csv" "$tmp/staff.csv"
run import --db "$db" "$QZ" "$tmp/staff.csv"; s4=$status
grep -q "staff.csv: cannot tell what the file holds; give --kind" "$tmp/err"; g4=$?
[ "$s1$s2$s3$s4" = 2222 ] && [ "$g1$g2$g3$g4" = 0000 ] &&
	ok "unknown agency, unreadable file, wrong kind, unnamed kind: exit 2" ||
	nok "input errors ($s1$s2$s3$s4 $g1$g2$g3$g4)"

# the agency can be named by its id once the register knows it, and
# --kind with --period files evidence under another period
run import --db "$db" kz-quiz --kind evidence --period 2024-H2 "$F/evidence.jsonl"
[ $status -eq 0 ] && [ "$(q "select count(*) from evidence where period = '2024-H2'")" = 1 ] &&
	[ "$(q "select count(*) from evidence where period = '2025' and person = 'JL-0001'")" = 2 ] &&
	ok "agency by id; --period only for rows without a period" ||
	{ nok "by id ($status)"; show "$tmp/err"; }

# an agency without a roster file is scored from the register: merit items
# on kz-quiz's persons and evidence imported gives the statistics of the
# same files read directly, byte for byte
mkdir "$tmp/quiz"
cp "$srcdir/examples/kz-quiz/"* "$tmp/quiz/"
grep -v '^roster:\|^evidence:' "$srcdir/examples/kz-quiz/agency.yaml" >"$tmp/quiz/agency.yaml"
run import --db "$tmp/q.db" "$tmp/quiz" "$srcdir/examples/kz-quiz/roster.yaml" "$srcdir/examples/kz-quiz/evidence.yaml"
s1=$status
"$MERIT" items "$srcdir/examples/kz-quiz" >"$tmp/items-files" 2>"$tmp/err"
run items "$tmp/quiz" --db "$tmp/q.db"
[ $s1 -eq 0 ] && [ $status -eq 0 ] && [ -s "$tmp/items-files" ] && cmp -s "$tmp/out" "$tmp/items-files" &&
	ok "merit items from the register equals merit items from the files" ||
	{ nok "items from the register ($s1 $status)"; show "$tmp/err"; diff "$tmp/out" "$tmp/items-files" | head | sed 's/^/# /'; }

# --help
run import --help
[ $status -eq 0 ] && grep -q 'usage: merit import' "$tmp/out" && ok "--help" || nok "--help"
