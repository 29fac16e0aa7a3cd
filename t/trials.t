#!/bin/sh
# Trials decide nothing. On the register of examples/kz-register, scored
# under its adopted scheme A1-360, a trial run under A1-360-ANCHORED
# (other competency values, so other gaps and K) leaves every reader that
# decides -- recommend, plan, forecast, pool, show's gaps, rank and the
# API's gaps, recommendations, forecast and pool -- answering exactly as
# on a copy of the register without the trial. Once A1-360-ANCHORED is
# adopted and scored, they follow it: their gaps and ranking are those
# of the new results, read from the register with sqlite3.
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
if ! command -v "$PY" >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 and sqlite3 are needed"; exit 0
fi
PYTHONPATH="$srcdir/t${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import json, os, re, shutil, tempfile
from apiclient import Tap, Server, merit, token, sql, SRCDIR

t = Tap()
tmp = tempfile.mkdtemp()
ex = os.path.join(SRCDIR, "examples", "kz-register")
k3 = os.path.join(SRCDIR, "examples", "kz-360")
A, P, D = "kz-register", "KZ-1002", "2025-12-31"
TRIAL = "A1-360-ANCHORED"
base = os.path.join(tmp, "base.db")   # never sees the trial
db = os.path.join(tmp, "r.db")        # the trial, then the adoption
merit("import", ex, os.path.join(k3, "roster.yaml"), os.path.join(k3, "evidence.yaml"),
      os.path.join(ex, "completions.csv"), os.path.join(ex, "enrolments.jsonl"), "--db", base)
merit("assess", ex, "--db", base, "--no-export", "-q")
shutil.copy(base, db)
r = merit("assess", ex, "--db", db, "--no-export", "-q", "--assessment", TRIAL)
n_trial = sql(db, "SELECT count(*) FROM result WHERE assessment = '%s' AND trial = 1" % TRIAL)
t.ok("trial" in r.stderr and n_trial.strip() == "56",
     "the run under %s is kept as a trial for all 56 persons" % TRIAL, (r.stderr, n_trial))
# the trial does move what a reader of the latest result would see
t.ok(sql(db, "SELECT group_concat(competency) FROM (SELECT competency FROM gap WHERE result_id ="
         " (SELECT max(id) FROM result WHERE person = '%s') ORDER BY competency)" % P) !=
     sql(db, "SELECT group_concat(competency) FROM (SELECT competency FROM gap WHERE result_id ="
         " (SELECT id FROM current_result WHERE person = '%s') ORDER BY competency)" % P),
     "the trial's gaps for %s differ from those of the current result" % P)

# each command, on the register with the trial and on the one without
COMMANDS = [
    ("recommend", ["recommend", P, "--agency", A, "--format", "json"]),
    ("plan", ["plan", P, "--agency", A, "--start", "2026-01-01", "--format", "json"]),
    ("forecast", ["forecast", "--as-of", D, "--format", "json"]),
    ("pool", ["pool", "--as-of", D, "--agency", A, "--format", "json"]),
    ("pool grid", ["pool", "--as-of", D, "--agency", A, "--grid"]),
    ("show", ["show", P, "--agency", A, "--format", "json"]),
    ("rank", ["rank", A, "--format", "json"]),
]


def answer(name, args, path):
    p = merit(*args, "--db", path, check=False)
    out = p.stdout
    # a plan is stamped when proposed
    out = re.sub(r'"(created_at|scored_at)": "[^"]*"', '"\\1": "-"', out)
    if name == "show":
        o = json.loads(out)
        # the history lists every result, the trial marked; it alone differs
        o["timeline"] = [e for e in o["timeline"] if "(trial)" not in e["what"]]
        out = json.dumps(o, sort_keys=True)
    return p.returncode, out


for name, args in COMMANDS:
    want, got = answer(name, args, base), answer(name, args, db)
    t.ok(want == got and want[1].strip(), "%s answers as without the trial" % name,
         "without:\n%s\nwith:\n%s" % (want[1][:1500], got[1][:1500]))

o = json.loads(merit("show", P, "--agency", A, "--format", "json", "--db", db).stdout)
t.ok(sum("(trial)" in e["what"] for e in o["timeline"]) == 1,
     "show lists the trial in the history, marked", o["timeline"])

# the API, one server on each register
tok = {}
srv = {}
for path in (base, db):
    tok[path] = token(path, A, "reader")
    srv[path] = Server(path, None, "--no-watch", log=path + ".log")
ROUTES = ["/v1/agencies/%s/persons/%s/gaps" % (A, P),
          "/v1/agencies/%s/persons/%s/gaps?assessment=A1-360" % (A, P),
          "/v1/agencies/%s/persons/%s/recommendations" % (A, P),
          "/v1/agencies/%s/forecast?as_of=%s" % (A, D),
          "/v1/agencies/%s/pool?as_of=%s" % (A, D)]
for route in ROUTES:
    a = srv[base].request("GET", route, tok[base])
    b = srv[db].request("GET", route, tok[db])
    t.ok(a[0] == 200 and (a[0], a[2]) == (b[0], b[2]), "GET %s answers as without the trial" % route,
         (a[0], b[0], json.dumps(a[2])[:600], json.dumps(b[2])[:600]))
st, h, b = srv[db].request("GET", "/v1/agencies/%s/persons/%s/results" % (A, P), tok[db])
t.ok(st == 200 and sorted((x.get("assessment"), x.get("trial")) for x in b["results"]) ==
     [("A1-360", False), (TRIAL, True)],
     "GET .../results lists both, the trial marked", (st, b if st != 200 else [
         (x.get("assessment"), x.get("trial")) for x in b.get("results", [])]))
for path in (base, db):
    srv[path].stop()

# adopted and scored, the readers follow the new scheme
merit("adopt", ex, TRIAL, "--by", "HR-0007", "--reason", "anchored scale", "--db", db)
merit("assess", ex, "--db", db, "--no-export", "-q")
cur = sql(db, "SELECT id FROM current_result WHERE agency = '%s' AND person = '%s'" % (A, P)).strip()
trial_gaps = sorted(sql(db, "SELECT competency FROM gap WHERE status = 'gap' AND result_id = %s"
                        % cur).split())
t.ok(sql(db, "SELECT assessment || ' ' || trial FROM result WHERE id = %s" % cur).strip() ==
     TRIAL + " 0" and trial_gaps,
     "after the adoption the trial's result is %s's current result, with gaps" % P, trial_gaps)
o = json.loads(merit("show", P, "--agency", A, "--format", "json", "--db", db).stdout)
t.ok(sorted(g["competency"] for g in o["gaps"]) == trial_gaps,
     "show gives the gaps of the %s result" % TRIAL, o["gaps"])
rec = merit("recommend", P, "--agency", A, "--format", "json", "--db", db).stdout
base_rec = merit("recommend", P, "--agency", A, "--format", "json", "--db", base).stdout
t.ok(rec != base_rec and all(c in rec for c in trial_gaps),
     "recommend now answers from the %s gaps" % TRIAL, rec[:1500])
# rank, by default the adopted type: persons by K of its results
ranked = json.loads(merit("rank", A, "--format", "json", "--db", db).stdout)
by_k = sql(db, "SELECT person, k FROM current_result WHERE agency = '%s' AND k IS NOT NULL" % A)
ks = {l.split("|")[0]: float(l.split("|")[1]) for l in by_k.split()}
order = [c["person"] for c in ranked["candidates"]]
t.ok(ranked["assessment"] == TRIAL and sorted(order) == sorted(ks) and
     all(ks[x] >= ks[y] - 1e-12 for x, y in zip(order, order[1:])),
     "rank ranks by the %s results" % TRIAL, (ranked.get("assessment"), order[:5]))

# a trial of the very type a reader names: A1-360, no longer adopted,
# scored again on evidence in which nobody reached any goal
import yaml
ev = yaml.safe_load(open(os.path.join(k3, "evidence.yaml")))
for e in ev["evidence"]:
    for g in e.get("performance") or []:
        g["actual"] = 0
zero = os.path.join(tmp, "evidence.yaml")
with open(zero, "w") as f:
    yaml.safe_dump(ev, f, allow_unicode=True)
merit("import", ex, zero, "--db", db)
base2 = os.path.join(tmp, "base2.db")
shutil.copy(db, base2)
r = merit("assess", ex, "--db", db, "--no-export", "-q", "--assessment", "A1-360")
t.ok("trial" in r.stderr and sql(db, "SELECT count(*) FROM result r WHERE assessment = 'A1-360'"
     " AND trial = 1 AND k < (SELECT q.k FROM result q WHERE q.person = r.person AND"
     " q.assessment = 'A1-360' AND q.trial = 0)").strip() != "0",
     "a trial under A1-360 with every goal missed: lower K", r.stderr)
NAMED = [
    ("pool", ["pool", "--as-of", D, "--agency", A, "--format", "json"]),
    ("pool grid", ["pool", "--as-of", D, "--agency", A, "--grid"]),
    ("rank --assessment A1-360", ["rank", A, "--assessment", "A1-360", "--format", "json"]),
]
for name, args in NAMED:
    want, got = answer(name, args, base2), answer(name, args, db)
    t.ok(want == got and want[1].strip(), "%s (the type named) answers as without the trial" % name,
         "without:\n%s\nwith:\n%s" % (want[1][:1500], got[1][:1500]))
for path in (base2, db):
    srv[path] = Server(path, None, "--no-watch", log=path + ".log2")
route = "/v1/agencies/%s/persons/%s/gaps?assessment=A1-360" % (A, P)
a = srv[base2].request("GET", route, tok[db])  # base2 is a copy of db
b = srv[db].request("GET", route, tok[db])
t.ok(a[0] == 200 and (a[0], a[2]) == (b[0], b[2]), "GET %s answers as without the trial" % route,
     (a[0], b[0], json.dumps(a[2])[:600], json.dumps(b[2])[:600]))
for path in (base2, db):
    srv[path].stop()

# adopted but not yet scored under it: nobody has a current result, and
# the results of the scheme replaced decide nothing either
fresh = os.path.join(tmp, "fresh.db")
shutil.copy(base, fresh)
merit("adopt", ex, "A5-360", "--by", "HR-0007", "--reason", "test", "--db", fresh)
r = merit("recommend", P, "--agency", A, "--db", fresh, check=False)
t.ok(r.returncode == 1 and not r.stdout and "no current result" in r.stderr,
     "recommend after an adoption not yet scored: exit 1, says there is no current result",
     (r.returncode, r.stdout[:300], r.stderr))
t.done()
PY
