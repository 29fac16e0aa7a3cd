#!/bin/sh
# A score function stopped for one person fails that person only: the
# sandbox is revived for the next, in merit assess and in merit serve.
# The assessment type's K is B_FS, which the kpi engine makes
# actual / target (one goal, capped at 1), so every expected K is
# worked out from the evidence below; the function loops forever for a
# person who reached exactly half of the target (P01, and P05 in serve).
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
PYTHONPATH="$srcdir/t${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import json, os, shutil, subprocess, tempfile
from apiclient import Tap, Server, merit, token, SRCDIR

t = Tap()
tmp = tempfile.mkdtemp()
conf = os.path.join(tmp, "conf")
ag = os.path.join(conf, "spin")
os.makedirs(ag)
shutil.copy(os.path.join(SRCDIR, "t", "fixtures", "scoring", "framework.lua"), ag)
with open(os.path.join(ag, "types.lua"), "w") as f:
    f.write("""
assessment "S1" {
  title = { en = "A score function that spins on one input" },
  elements = { performance = { weight = 1, engine = "kpi" } },
  bands = { { min = 0.5, label = "pass" }, { min = 0, label = "fail" } },
  score = function(e)
    if e.performance == 0.5 then
      while true do end
    end
    return e.performance
  end,
}
""")
with open(os.path.join(ag, "agency.yaml"), "w") as f:
    f.write("""agency: spin
framework: ./framework.lua
scripts: [./types.lua]
assessment: S1
period: "2025"
roster: roster.yaml
evidence: evidence.yaml
plugins:
  kpi: { as_of: 2025-12-31 }
""")
# P01 reached 5 of 10: it spins; P02..P12 reached 2, 3, ..., 12 of 10,
# but P05 4.5 (5 would spin)
actual = {"P%02d" % i: i for i in range(1, 13)}
actual.update(P01=5, P05=4.5)
with open(os.path.join(ag, "roster.yaml"), "w") as f:
    f.write("persons:\n" + "".join(
        "  - { id: %s, post_level: 3, category: official, term: indefinite }\n" % p
        for p in sorted(actual)))


def goal(a):
    return [{"goal": "Reports filed", "target": 10, "actual": a}]


with open(os.path.join(ag, "evidence.yaml"), "w") as f:
    f.write("evidence:\n" + "".join(
        "  - { person: %s, performance: %s }\n" % (p, json.dumps(goal(a)))
        for p, a in sorted(actual.items())))

db = os.path.join(tmp, "r.db")
r = merit("assess", ag, "--db", db, "--no-export", "--format", "json", "-q",
          check=False)
got = {o["person"]: o for o in map(json.loads, r.stdout.splitlines())}
# by hand: K = min(actual / 10, 1); band pass from 0.5
want = {p: min(a / 10, 1.0) for p, a in actual.items() if p != "P01"}
t.ok(r.returncode == 1, "assess: exit 1, one person not scored", (r.returncode, r.stderr))
t.ok(sorted(got) == sorted(want) and all(
    abs(got[p]["K"] - k) < 1e-9 and got[p]["band"] == ("pass" if k >= 0.5 else "fail")
    for p, k in want.items()),
    "assess: the eleven others are scored, K = actual / target capped at 1",
    {p: o.get("K") for p, o in got.items()})
t.ok("P01 not scored" in r.stderr and "instruction budget" in r.stderr
     and r.stderr.count("not scored") == 1,
     "assess: P01's failure is reported, and only P01's", r.stderr)

# serve, on a register of its own that knows the persons: the bad
# person's evidence fails, the next good one is scored
db = os.path.join(tmp, "s.db")
merit("import", ag, os.path.join(ag, "roster.yaml"), "--db", db)
tok = token(db, "spin", "assessor")
srv = Server(db, conf)


def post(person, a):
    return srv.request("POST", "/v1/agencies/spin/persons/%s/evidence" % person,
                       tok, {"evidence": {"performance": goal(a)}})


st, h, b = post("P05", 5)
t.ok(st is not None and st >= 400 and "instruction budget" in json.dumps(b),
     "serve: evidence that makes the score function spin is refused", (st, b))
# three more in a row: within one run that would give the function up,
# but each request is a run of its own
for _ in range(3):
    post("P05", 5)
st, h, b = post("P06", 7)
t.ok(st in (200, 201) and isinstance(b, dict) and abs(b.get("K", -1) - 0.7) < 1e-9,
     "serve: the next person's evidence is scored, K 7/10 = 0.7", (st, b))
st, h, b = post("P05", 8)
t.ok(st in (200, 201) and isinstance(b, dict) and abs(b.get("K", -1) - 0.8) < 1e-9,
     "serve: and the bad person's corrected evidence too, K 0.8", (st, b))
t.ok(srv.stop(timeout=20) == 0, "serve: stops cleanly", srv.read_log()[-800:])
t.done()
PY
