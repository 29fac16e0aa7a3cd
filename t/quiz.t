#!/bin/sh
# The quiz engine and merit items: examples/kz-quiz against an independent
# recomputation (t/golden/quiz_recompute.py, from the bank and the evidence
# alone), item statistics on a case worked out by hand, forms, and the
# file:line:column of every kind of bad bank and bad answer.
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
recompute="$srcdir/t/golden/quiz_recompute.py"
ex="$srcdir/examples/kz-quiz"
echo 1..22

# ---- (a) the example's quiz scores, recomputed from the bank and evidence
run assess "$ex" --db "$tmp/q.db" --no-export --format json -o "$tmp/q.jsonl"
[ $status -eq 0 ] && [ "$(wc -l <"$tmp/q.jsonl")" -eq 60 ] &&
	ok "assess kz-quiz: 60 persons scored" || { nok "assess kz-quiz ($status)"; show "$tmp/err"; }
if "$PYTHON3" "$recompute" --register "$tmp/q.db" "$ex" "$tmp/q.jsonl" >"$tmp/tap" 2>&1; then
	ok "B_KF, competencies, courses, K, se and recommendations of $(grep -c '^ok' "$tmp/tap") checks agree"
else
	nok "disagreement with the independent recomputation"; grep -v '^ok' "$tmp/tap" | sed 's/^/# /'
fi
grep -q '"courses":{"public-speaking":{"value":' "$tmp/q.jsonl" &&
	ok "the json exporter writes the course subscores" || nok "no courses in the JSON"

# ---- (b) merit items against the same recomputation, to 1e-6
run items --format json "$ex"
cp "$tmp/out" "$tmp/items.json"
if [ $status -eq 0 ] && "$PYTHON3" "$recompute" --items "$ex" "$tmp/items.json" >"$tmp/tap" 2>&1; then
	ok "item statistics: $(tail -1 "$tmp/tap" | sed 's/^ok [0-9]* - //')"
else
	nok "item statistics disagree ($status)"; grep -v '^ok' "$tmp/tap" | sed 's/^/# /'; show "$tmp/err"
fi
run items "$ex"
[ $status -eq 0 ] && grep -qE '^CO-05 .*easy, low discrimination$' "$tmp/out" &&
	grep -qE '^CP-12 .*hard$' "$tmp/out" && grep -qE '^CP-04 .*low discrimination$' "$tmp/out" &&
	grep -q "^reliability: Cronbach's alpha 0\.[0-9]* (items with more" "$tmp/out" &&
	ok "the table flags the too easy, too hard and flat items built into the example" ||
	{ nok "items table ($status)"; show "$tmp/out"; show "$tmp/err"; }

# ---- a case worked out by hand: 3 persons x 3 one-point items
#
#            Q1 Q2 Q3  total          p = 1, 2/3, 1/3
#   H-1       1  1  1    3             sum p(1-p) = 0 + 2/9 + 2/9 = 4/9
#   H-2       1  1  0    2             totals 3, 2, 1: mean 2,
#   H-3       1  0  0    1             variance (1 + 0 + 1)/3 = 2/3, SD 1
#
#   KR-20 = 3/2 * (1 - (4/9)/(2/3)) = 3/2 * 1/3 = 0.5
#   Q2 against the rest score (total - Q2 = 2, 1, 1): deviations
#   (1/3, 1/3, -2/3) and (2/3, -1/3, -1/3), products sum to 1/3, squares
#   to 2/3 each: r = (1/3)/(2/3) = 0.5; Q3 likewise 0.5; Q1 does not vary:
#   r undefined, and p = 1 > 0.9 flags it easy.
h="$tmp/hand"
mkdir "$h"
cat >"$h/agency.yaml" <<EOF
agency: hand
framework: kz
scripts: [./t.lua]
assessment: T
period: "2025"
plugins:
  quiz: { bank: bank.yaml }
roster: roster.yaml
evidence: evidence.yaml
EOF
cat >"$h/t.lua" <<'EOF'
assessment "T" { title = "test only", elements = { qualities = { weight = 1, engine = "quiz" } } }
EOF
cat >"$h/bank.yaml" <<'EOF'
bank: hand
title: three items
items:
  - { id: Q1, competency: cooperation, type: single, options: { A: a, B: b }, key: A }
  - { id: Q2, competency: cooperation, type: single, options: { A: a, B: b }, key: A }
  - { id: Q3, competency: customer-orientation, type: numeric, key: 0.3, tolerance: 0.1 }
forms:
  short: [Q1, Q3]
EOF
cat >"$h/roster.yaml" <<'EOF'
persons:
  - { id: H-1, post_level: 5, category: official, term: indefinite }
  - { id: H-2, post_level: 5, category: official, term: indefinite }
  - { id: H-3, post_level: 8, category: official, term: indefinite }
EOF
cat >"$h/evidence.yaml" <<'EOF'
evidence:
  - { person: H-1, qualities: { answers: { Q1: A, Q2: A, Q3: 0.4 } } }
  - { person: H-2, qualities: { answers: { Q1: A, Q2: A, Q3: 0.41 } } }
  - { person: H-3, qualities: { answers: { Q1: A, Q3: ~ } } }
EOF
run items --format json "$h"
cp "$tmp/out" "$tmp/hand.json"
"$PYTHON3" - "$tmp/hand.json" >"$tmp/chk" 2>&1 <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
it = {i["id"]: i for i in j["items"]}
t = j["test"]
near = lambda a, b: a is not None and abs(a - b) < 1e-12
bad = []
if not (near(it["Q1"]["p"], 1) and near(it["Q2"]["p"], 2 / 3) and near(it["Q3"]["p"], 1 / 3)):
    bad.append("p")
if not (it["Q1"]["r_rest"] is None and near(it["Q2"]["r_rest"], 0.5) and near(it["Q3"]["r_rest"], 0.5)):
    bad.append("r_rest")
if not (t["reliability_method"] == "KR-20" and near(t["reliability"], 0.5)):
    bad.append("KR-20")
if not (near(t["mean"], 2) and near(t["sd"], 1) and t["complete"] == 3):
    bad.append("totals")
if not (it["Q1"]["flags"] == ["easy", "low-discrimination"] and not it["Q2"]["flags"]
        and not it["Q3"]["flags"] and t["flagged"] == 1):
    bad.append("flags")
print(" ".join(bad) or "all as worked out")
sys.exit(1 if bad else 0)
PY
py=$?
if [ $status -eq 0 ] && [ $py -eq 0 ]; then
	ok "3x3 by hand: p 1, 2/3, 1/3; r -, 0.5, 0.5; KR-20 0.5; mean 2, SD 1"
else
	nok "3x3 by hand ($status): $(cat "$tmp/chk")"; show "$tmp/err"
fi
"$PYTHON3" "$recompute" --items "$h" "$tmp/hand.json" >"$tmp/tap" 2>&1 &&
	ok "3x3: the recomputation agrees too" || { nok "3x3 recomputation"; show "$tmp/tap"; }

# numeric tolerance: 0.4 is within 0.3 +- 0.1 as written, 0.41 is not
run assess "$h" --db "$tmp/h.db" --no-export --format json -o "$tmp/hand.jsonl"
e=$(sqlite3 "$tmp/h.db" "select explanation from latest_result where person = 'H-1'")
e3=$(sqlite3 "$tmp/h.db" "select explanation from latest_result where person = 'H-3'")
echo "$e" | grep -qF 'Q3 (numeric): 0.4, key 0.3 ± 0.1: 1/1' &&
	echo "$e3" | grep -qF 'Q2 (single): not answered: 0/1' &&
	echo "$e3" | grep -qF '2 items not answered, scored 0: Q2, Q3' &&
	grep -q '"person":"H-2".*"qualities":0.666666666666667' "$tmp/hand.jsonl" &&
	ok "tolerance at its edge, and unanswered items explained and scored 0" ||
	{ nok "tolerance / unanswered"; echo "$e"; echo "$e3"; show "$tmp/err"; }

# forms: a named form of the bank, and a list of item ids
cat >"$h/evidence.yaml" <<'EOF'
evidence:
  - { person: H-1, qualities: { form: short, answers: { Q1: A, Q3: 0.3 } } }
  - { person: H-2, qualities: { form: [Q2], answers: { Q2: B } } }
  - { person: H-3, qualities: { answers: { Q1: A, Q2: A, Q3: 0.3 } } }
EOF
run assess "$h" --db "$tmp/h.db" --no-export --format json -o "$tmp/forms.jsonl"
if [ $status -eq 0 ] && "$PYTHON3" "$recompute" "$h" "$tmp/forms.jsonl" >"$tmp/tap" 2>&1 &&
	grep -q '"person":"H-1".*"qualities":1\.0.*"competencies":{"cooperation":{"level":null,"value":1\.0,"se":0\.0,[^}]*},"customer-orientation"' "$tmp/forms.jsonl" &&
	grep -q '"person":"H-2".*"qualities":0\.0.*"competencies":{"cooperation"' "$tmp/forms.jsonl" &&
	! grep -q '"person":"H-2".*customer-orientation' "$tmp/forms.jsonl"; then
	ok "forms: only the form's items and competencies count"
else
	nok "forms ($status)"; grep -v '^ok' "$tmp/tap" | sed 's/^/# /'; show "$tmp/err"
fi
run items "$h"
[ $status -eq 0 ] && grep -q '^test: 3 items, 3 points; 1 of 3 persons took every item$' "$tmp/out" &&
	grep -qE '^Q2 +2 ' "$tmp/out" && ok "items over forms: n per item, the test over complete persons" ||
	{ nok "items over forms ($status)"; show "$tmp/out"; show "$tmp/err"; }

# ---- (c) a bad bank: every problem with file:line:column, exit 2
b="$tmp/bad"
cp -r "$ex" "$b"
chmod -R u+w "$b"
sed -i -e '0,/type: single/s//type: singel/' -e '0,/key: \[A, B, D\]/s//key: [A, E]/' \
    -e '0,/    points: 2/s//    points: -2/' -e '0,/  - id: CO-02/s//  - id: CO-01/' "$b/bank.yaml"
at() { # file pattern column -> file:line:column of the first line matching
	printf '%s:%s:%s' "$(basename "$1")" "$(grep -n -m1 -- "$2" "$1" | cut -d: -f1)" "$3"
}
run check "$b"
[ $status -eq 2 ] &&
	grep -qF "$(at "$b/bank.yaml" 'type: singel' 11): plugin quiz: item CO-01: 'type:' must be single, multiple or numeric" "$tmp/err" &&
	grep -qF "$(at "$b/bank.yaml" 'key: \[A, E\]' 14): plugin quiz: item CO-03: key 'E' is not one of its options (A, B, C, D)" "$tmp/err" &&
	grep -qF "$(at "$b/bank.yaml" 'points: -2' 13): plugin quiz: item CO-12: points must be a number above 0" "$tmp/err" &&
	grep -qF "bank.yaml:$(grep -n -- '- id: CO-01' "$b/bank.yaml" | sed -n '2s/:.*//p'):9: plugin quiz: item id 'CO-01' is used twice" "$tmp/err" &&
	[ "$(grep -c 'plugin quiz' "$tmp/err")" -eq 4 ] &&
	ok "a bad bank: all four problems at file:line:column, check exits 2" || { nok "bad bank ($status)"; show "$tmp/err"; }
run assess "$b" --db "$tmp/bad.db" --no-export
[ $status -eq 2 ] && [ ! -s "$tmp/out" ] && ok "assess refuses a bad bank before scoring anyone: exit 2" ||
	{ nok "assess with a bad bank ($status)"; show "$tmp/err"; }

printf 'bank: x\ntitle: y\nitems:\n  - id: Q1\n    competency: cooperation\n    type: multiple\n    key: B\n    tolerance: 1\n' >"$b/bank.yaml"
run check "$b"
[ $status -eq 2 ] &&
	grep -qF "bank.yaml:7:10: plugin quiz: item Q1: the key of a multiple-choice item is a non-empty list of options, e.g. [A, C]" "$tmp/err" &&
	grep -qF "bank.yaml:8:16: plugin quiz: item Q1: 'tolerance:' is only for type numeric" "$tmp/err" &&
	ok "keys and settings that do not fit the item type" || { nok "type mismatch ($status)"; show "$tmp/err"; }

# a bank that does not fit the model fails each person, pointing into the bank
cp "$ex/bank.yaml" "$b/bank.yaml"
sed -i -e '0,/competency: cooperation/s//competency: teamwork/' "$b/bank.yaml"
run check "$b"
[ $status -eq 2 ] &&
	grep -qF "$(at "$b/bank.yaml" 'competency: teamwork' 17): bank kz-service-2025: competency 'teamwork' is not in framework kz-2019 (it has customer-orientation, cooperation, managing-activities, decision-making, initiative, stress-resistance, responsibility, results-orientation, integrity, self-development, developing-staff, leadership, strategic-thinking); fix the bank" "$tmp/err" &&
	ok "a competency the framework lacks: the place in the bank" || { nok "unknown competency ($status)"; show "$tmp/err"; }
cp "$ex/bank.yaml" "$b/bank.yaml"
sed -i -e '0,/course: negotiation/s//course: chess/' "$b/bank.yaml"
run check "$b"
[ $status -eq 2 ] &&
	grep -qF "$(at "$b/bank.yaml" 'course: chess' 13): bank kz-service-2025: course 'chess' is not declared in the model (it has public-speaking, crisis-communication, conflict-management, negotiation); declare it with course \"chess\" { ... } or fix the bank" "$tmp/err" &&
	ok "a course the model does not declare: the place in the bank" || { nok "unknown course ($status)"; show "$tmp/err"; }

# settings
cp "$ex/bank.yaml" "$b/bank.yaml"
sed -i 's/quiz: { bank: bank.yaml, pass: 0.6 }/quiz: { bank: nowhere.yaml, pas: 0.6 }/' "$b/agency.yaml"
run check "$b"
[ $status -eq 2 ] && grep -qF "agency.yaml:14:36: plugin quiz: unknown setting 'pas' (expected bank, pass)" "$tmp/err" &&
	ok "an unknown setting at file:line:column" || { nok "unknown setting ($status)"; show "$tmp/err"; }
sed -i 's/pas: 0.6/pass: 0.6/' "$b/agency.yaml"
run check "$b"
[ $status -eq 2 ] && grep -qE "agency.yaml:14:17: cannot read .*nowhere.yaml: " "$tmp/err" &&
	ok "a missing bank is reported at the setting that names it" || { nok "missing bank ($status)"; show "$tmp/err"; }

# ---- bad answers: file:line:column of the answer; check and items exit 2
a="$tmp/ans"
mkdir "$a"
sed 's/^agency: hand/agency: answers/' "$h/agency.yaml" >"$a/agency.yaml"
cp "$h/t.lua" "$a/"
cat >"$a/bank.yaml" <<'EOF'
bank: answers
title: { en: one of each type }
items:
  - { id: Q1, competency: cooperation, type: single, options: { A: a, B: b, C: c, D: d }, key: A }
  - { id: Q2, competency: cooperation, type: multiple, options: { A: a, B: b, C: c, D: d }, key: [A, C] }
  - { id: Q3, competency: cooperation, type: numeric, key: 42.5 }
EOF
{
	echo persons:
	for i in 1 2 3 4 5 6 7 8 9; do echo "  - { id: P$i, post_level: 5, category: official, term: indefinite }"; done
} >"$a/roster.yaml"
cat >"$a/evidence.yaml" <<'EOF'
evidence:
  - { person: P1, qualities: { answers: { Q9: A } } }
  - { person: P2, qualities: { answers: { Q1: [A] } } }
  - { person: P3, qualities: { answers: { Q1: E } } }
  - { person: P4, qualities: { answers: { Q2: A } } }
  - { person: P5, qualities: { answers: { Q2: [A, A] } } }
  - { person: P6, qualities: { answers: { Q3: forty } } }
  - { person: P7, qualities: { answer: { Q1: A } } }
  - { person: P8, qualities: { form: long, answers: {} } }
  - { person: P9, qualities: { form: [Q1], answers: { Q2: [A] } } }
EOF
run check "$a"
[ $status -eq 2 ] &&
	grep -qF "P1: $a/evidence.yaml:2:47: 'Q9' is not an item of bank answers" "$tmp/err" &&
	grep -qF "P2: $a/evidence.yaml:3:47: item Q1: the answer to a single-choice item is one option, e.g. B" "$tmp/err" &&
	grep -qF "P3: $a/evidence.yaml:4:47: item Q1: 'E' is not one of its options (A, B, C, D)" "$tmp/err" &&
	grep -qF "P4: $a/evidence.yaml:5:47: item Q2: the answer to a multiple-choice item is a list of options, e.g. [A, C] ([] for none chosen)" "$tmp/err" &&
	grep -qF "P5: $a/evidence.yaml:6:51: item Q2: option A is chosen twice" "$tmp/err" &&
	grep -qF "P6: $a/evidence.yaml:7:47: item Q3: the answer to a numeric item is a number" "$tmp/err" &&
	grep -qF "P7: $a/evidence.yaml:8:40: unknown key 'answer' in qualities (expected answers, form)" "$tmp/err" &&
	grep -qF "P8: $a/evidence.yaml:9:38: form 'long' is not a form of bank answers (it declares none; give the form as a list of item ids)" "$tmp/err" &&
	grep -qF "P9: $a/evidence.yaml:10:59: item Q2 is not on the form this person was given" "$tmp/err" &&
	ok "bad answers: an unknown item, malformed answers, keys and forms at file:line:column" ||
	{ nok "bad answers ($status)"; show "$tmp/err"; }
run items "$a"
[ $status -eq 2 ] && [ ! -s "$tmp/out" ] && grep -qF "no statistics until the problems above are fixed (every person must be scored)" "$tmp/err" &&
	ok "items prints nothing and exits 2 when a person cannot be scored" || { nok "items on bad answers ($status)"; show "$tmp/err"; }
run assess "$a" --db "$tmp/ans.db" --no-export
[ $status -eq 1 ] && grep -qF "P1 not scored: $a/evidence.yaml:2:47:" "$tmp/err" &&
	[ "$(sqlite3 "$tmp/ans.db" "select count(*) from result" 2>/dev/null || echo 0)" = 0 ] &&
	ok "assess: each person listed as not scored, nothing recorded, exit 1" || { nok "assess on bad answers ($status)"; show "$tmp/err"; }

# ---- (d) merit check passes the example, and the generator reproduces it
run check "$ex"
[ $status -eq 0 ] && grep -q 'kz-quiz/agency.yaml: ok (agency kz-quiz, framework kz-2019, assessment A5-quiz: 60 persons' "$tmp/out" &&
	ok "merit check passes examples/kz-quiz" || { nok "check kz-quiz ($status)"; show "$tmp/err"; }
"$PYTHON3" "$srcdir/examples/generate_quiz.py" --check >"$tmp/gen" 2>&1 &&
	ok "examples/generate_quiz.py reproduces the example byte for byte" || { nok "generator drift"; show "$tmp/gen"; }
exit $fail
