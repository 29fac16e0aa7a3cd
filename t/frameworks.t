#!/bin/sh
# The shipped frameworks against counts written down by hand from their
# sources (FRAMEWORKS.md and the seeds), through `merit check --summary`;
# and every framework checked together with the assessment types of
# seed 001.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
# Run from the source tree, so that the paths merit prints are
# frameworks/... wherever the tree is.
case $MERIT in
/*) ;;
*/*) MERIT=$(pwd)/$MERIT ;;
esac
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$srcdir" || exit 1
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"; status=$?; }
seed=scripts/assessments/seed-001.lua

# file | framework id | version | levels | competencies | effective
# indicators | ineffective indicators (totals over every indicator set)
cat >"$tmp/expect" <<'EOF'
frameworks/ca/ca-klc-2015.lua|ca-klc-2015|2015|7|6|0|0
frameworks/fi/fi-senior-criteria.lua|fi-senior-criteria|undated|0|8|0|0
frameworks/kr/director/kr-director.lua|kr-director|undated|0|6|0|0
frameworks/kr/scs/kr-scs-2009.lua|kr-scs-2009|2009|0|6|0|0
frameworks/kz/kz-2019.lua|kz-2019|2019-04-24|3|13|13|13
frameworks/my/my-psd.lua|my-psd|undated|0|13|0|0
frameworks/ru/ru-79fz.lua|ru-79fz|2004-07-27|0|7|0|0
frameworks/sg/sg-core.lua|sg-core|undated|0|6|0|0
frameworks/uk/uk-success-profiles.lua|uk-success-profiles|2018|6|9|0|0
frameworks/us/ecq-2006/us-ecq-2006.lua|us-ecq-2006|2006|5|28|0|0
frameworks/us/ecq-2025/us-ecq-2025.lua|us-ecq-2025|2025|0|5|0|0
frameworks/uz/uz-management.lua|uz-management|2024|0|9|0|0
EOF
# Where the counts come from:
# ca-klc-2015  FRAMEWORKS.md, "Canada": six competencies (Create Vision and
#              Strategy ... Achieve Results); seven levels, Employee,
#              Supervisor, Manager, Director, Director General, Assistant
#              Deputy Minister, Deputy Minister; no behaviour text given,
#              so no indicators.
# fi-senior-criteria  FRAMEWORKS.md, "Finland": four selection criteria
#              (master's degree; versatile experience; leadership proven
#              in practice; development potential and usability in other
#              posts) and four qualities typical of adverts (cooperation,
#              interaction and organising skills; results orientation;
#              working in a broad fast-moving environment; language
#              skills); "No levels."
# kr-director  FRAMEWORKS.md, "South Korea": the director tier's six
#              (policy planning ... motivating others); 1-5 is a rating
#              scale, not levels.
# kr-scs-2009  FRAMEWORKS.md, "South Korea": "Six competencies since
#              2009", two per cluster (thinking, working, relating).
# kz-2019      Seed 002, Table 1: levels D (posts 1-6), C (7-9), B (10-12);
#              customer orientation, one set for posts 1-15 with 4
#              effective and 4 ineffective indicators; cooperation, 3
#              effective and 3 ineffective at each of the 3 levels. So
#              4 + 3 x 3 = 13 of each. FRAMEWORKS.md, "Kazakhstan": 11
#              other corps B competencies, recalled, no indicators
#              (managing activities, decision-making, initiative, stress
#              resistance, responsibility, results orientation, integrity,
#              self-development, developing staff, leadership, strategic
#              thinking / change management): 2 + 11 = 13.
# my-psd       FRAMEWORKS.md, "Malaysia": "Management group (12)", plus
#              Team Effectiveness for support groups: 13; scale levels
#              exist but are not given.
# ru-79fz      FRAMEWORKS.md, "Russia": four basic skills for all, three
#              more for managers of the highest and main groups: 7; the
#              five position groups are not levels.
# sg-core      FRAMEWORKS.md, "Singapore": the likely official six;
#              "Levels/indicators not found."
# uk-success-profiles  FRAMEWORKS.md, "UK": "Nine behaviours"; levels
#              1 AA/AO ... 6 Director: 6.
# us-ecq-2006  FRAMEWORKS.md, "USA": "5 ECQs with 22 competencies + 6
#              fundamental = 28"; proficiency scale 1 Awareness ... 5
#              Expert: 5 levels.
# us-ecq-2025  FRAMEWORKS.md, "USA": the five ECQs of 2025, no
#              competencies under them, no scale.
# uz-management  Seed 000, Table 1 (FRAMEWORKS.md, "Uzbekistan"): nine
#              competencies; "No levels or indicators found."

frameworks=$(wc -l <"$tmp/expect")
echo "1..$((frameworks * 3 + 4))"

tab=$(printf '\t')
while IFS='|' read -r file id version levels comps eff ineff; do
	want="$id$tab$version$tab$levels$tab$comps$tab$eff$tab$ineff$tab$file"
	if [ ! -f "$file" ]; then
		nok "$id: $file is missing"
		nok "$id: (not run)"
		nok "$id: (not run)"
		continue
	fi
	run check --summary "$file"
	if [ "$status" -eq 0 ] && [ "$(cat "$tmp/out")" = "$want" ]; then
		ok "$id: $levels levels, $comps competencies, $eff + $ineff indicators"
	else
		nok "$id: check --summary (exit $status)"
		echo "# want: $want"
		show "$tmp/out"
		show "$tmp/err"
	fi
	# as it is usually typed: each file is its own model set
	run check "$file" "$seed"
	if [ "$status" -eq 0 ] && [ "$(grep -c ': ok (' "$tmp/out")" -eq 2 ] &&
	    [ ! -s "$tmp/err" ]; then
		ok "$id: merit check $file $seed"
	else
		nok "$id: merit check $file $seed (exit $status)"
		show "$tmp/err"
	fi
	# one model set: a folder holding the framework and the assessment types
	rm -rf "$tmp/set"
	mkdir "$tmp/set" && cp "$file" "$seed" "$tmp/set/"
	run check --summary "$tmp/set"
	if [ "$status" -eq 0 ] &&
	    [ "$(cat "$tmp/out")" = "$id$tab$version$tab$levels$tab$comps$tab$eff$tab$ineff$tab$tmp/set" ]; then
		ok "$id: valid in one model set with the assessment types of seed 001"
	else
		nok "$id: in one model set with $seed (exit $status)"
		show "$tmp/out"
		show "$tmp/err"
	fi
done <"$tmp/expect"

# every shipped framework has its counts above
find frameworks -name '*.lua' | LC_ALL=C sort >"$tmp/shipped"
cut -d'|' -f1 "$tmp/expect" | LC_ALL=C sort >"$tmp/listed"
if cmp -s "$tmp/shipped" "$tmp/listed"; then
	ok "every framework file has hand-written counts here"
else
	nok "frameworks without counts here (>) or listed but missing (<)"
	diff "$tmp/listed" "$tmp/shipped" | grep '^[<>]' | sed 's/^/# /'
fi

# --summary: a shared ineffective list counts at each level that uses it
cat >"$tmp/shared.lua" <<'EOF'
framework { id = "t", country = "CA", version = "1", title = "T", source = "test",
  levels = { { id = "low" }, { id = "mid" }, { id = "high" } } }
competency "c" { title = "C", indicators = {
  ineffective = { "i1", "i2" },
  low = { effective = { "e1" } },
  mid = { effective = { "e2", "e3" } },
  high = { effective = { "e4" }, ineffective = { "own" } } } }
EOF
run check --summary "$tmp/shared.lua"
[ "$status" -eq 0 ] && [ "$(cat "$tmp/out")" = "t${tab}1${tab}3${tab}1${tab}4${tab}5${tab}$tmp/shared.lua" ] &&
	ok "--summary: a shared ineffective list counts once per level using it" ||
	{ nok "--summary with a shared ineffective list ($status)"; show "$tmp/out"; show "$tmp/err"; }

# --summary: a set without a framework
run check --summary "$seed"
[ "$status" -eq 0 ] && [ "$(cat "$tmp/out")" = "-$tab-${tab}0${tab}0${tab}0${tab}0$tab$seed" ] &&
	ok "--summary: a set without a framework prints - and zeros" ||
	{ nok "--summary without a framework ($status)"; show "$tmp/out"; }

# without --summary, the usual line
run check frameworks/kz
[ "$status" -eq 0 ] && [ "$(cat "$tmp/out")" = "frameworks/kz: ok (framework kz-2019: 13 competencies, 3 levels; 0 assessment types, 0 requirements, 0 courses, 0 policies)" ] &&
	ok "without --summary the output is as before" ||
	{ nok "check without --summary ($status)"; show "$tmp/out"; }
exit $fail
