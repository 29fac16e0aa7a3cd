#!/bin/sh
# merit explain --diff, --result and --at on examples/kz-digital: A1, then
# A5 adopted (the weights moved K), then an evidence edit and a model edit
# (a score and a file moved K). Each element's Δ(w·B) and its split into
# Δw·B and w'·ΔB are checked against t/golden/recompute.py (an
# independent recomputation from the YAML); the terms sum to ΔK.
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
PYTHONPATH="$srcdir/t:$srcdir/t/golden${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import os, re, shutil, tempfile
import yaml
from apiclient import Tap, merit, sql
import recompute

t = Tap()
tmp = tempfile.mkdtemp()
ag = os.path.join(tmp, "kz-digital")
shutil.copytree(os.path.join(os.environ["srcdir"], "examples", "kz-digital"), ag)
db = os.path.join(tmp, "m.db")
P = "KZ-0002"


def expected(typ):
    return {r["person"]: r for r in recompute.recompute(ag, typ)["results"]}[P]


def terms(out):
    """element -> (Δ(w·B), Δw·B, w'·ΔB) as printed."""
    return {m.group(1): (m.group(2), m.group(3), m.group(4))
            for m in re.finditer(r"^(qualification|qualities|performance)\s+\S+ -> \S+\s+\S+ -> \S+\s+"
                                 r"([-+]\d\.\d{4})\s+([-+]\d\.\d{4})\s+([-+]\d\.\d{4})$", out, re.M)}


def want_terms(a, b):
    out = {}
    for e in recompute.ELEMENTS:
        w1, w2 = a["weights"][e] or 0, b["weights"][e] or 0
        b1, b2 = a["elements"][e] or 0, b["elements"][e] or 0
        by_w, by_b = (w2 - w1) * b1, w2 * (b2 - b1)
        out[e] = ("%+.4f" % (by_w + by_b), "%+.4f" % by_w, "%+.4f" % by_b)
    return out


merit("assess", ag, "--db", db, "--no-export", "-q")
merit("adopt", "kz-digital", "A5", "--db", db, "--by", "HR-0007", "--reason", "test-based")
merit("assess", ag, "--db", db, "--no-export", "-q")
a1, a5 = expected("A1"), expected("A5")

# the two latest: A1 -> A5, only the weights moved
run = merit("explain", P, "--db", db, "--diff", check=False)
out = run.stdout
t.ok(run.returncode == 0 and "K %.4f -> %.4f (ΔK %+.4f)" % (a1["K"], a5["K"], a5["K"] - a1["K"]) in out,
     "A1 -> A5: K and ΔK as recomputed (%.4f -> %.4f)" % (a1["K"], a5["K"]), out + run.stderr)
t.ok(terms(out) == want_terms(a1, a5),
     "A1 -> A5: each element's Δ(w·B), Δw·B and w'·ΔB as recomputed", (terms(out), want_terms(a1, a5)))
t.ok(re.search(r"^sum\s+%+.4f = ΔK$" % (a5["K"] - a1["K"]), out, re.M) is not None,
     "A1 -> A5: the terms sum to ΔK")
t.ok("weights: qualities 0.3 -> 0.4, performance 0.5 -> 0.4 (assessment A1 -> A5)" in out and
     "element scores: unchanged" in out and "inputs: unchanged" in out and "model: unchanged" in out,
     "A1 -> A5: the weights moved, nothing else", out)

# an evidence edit and a model edit, then A5 again
ev_path = os.path.join(ag, "evidence.yaml")
ev = yaml.safe_load(open(ev_path))
for e in ev["evidence"]:
    if e["person"] == P:
        e["performance"][0]["actual"] = 4
yaml.safe_dump(ev, open(ev_path, "w"), allow_unicode=True, sort_keys=False)
with open(os.path.join(ag, "requirements.lua"), "a") as f:
    f.write("\n-- reviewed\n")
merit("assess", ag, "--db", db, "--no-export", "-q")
a5b = expected("A5")
ids = sql(db, "select group_concat(id) from (select id from result where person = '%s' order by id)" % P).split(",")
run = merit("explain", P, "--db", db, "--diff", "--result", ids[1], "--result", ids[2], check=False)
out = run.stdout
t.ok(run.returncode == 0 and terms(out) == want_terms(a5, a5b) and
     "K %.4f -> %.4f (ΔK %+.4f)" % (a5["K"], a5b["K"], a5b["K"] - a5["K"]) in out,
     "evidence edit: only w'·ΔB of performance moves K (%+.4f), as recomputed" % (a5b["K"] - a5["K"]),
     out + run.stderr)
t.ok("element scores: B_FS %.4f -> %.4f" % (a5["elements"]["performance"], a5b["elements"]["performance"]) in out and
     "evidence.performance[0].actual: 3 -> 4" in out and "weights: unchanged" in out,
     "evidence edit: B_FS and the input that moved it", out)
t.ok(re.search(r"^  ~ \S*requirements\.lua changed \(content [0-9a-f]{16} -> [0-9a-f]{16}\)$", out, re.M)
     and "kz-2019.lua" not in out.split("model:")[1],
     "model edit: the one file changed is named, the others not", out.split("model:")[-1])

# --result and --at: an earlier result shown, the person's own only
run = merit("explain", P, "--db", db, "--result", ids[0], check=False)
t.ok(run.returncode == 0 and "assessment A1" in run.stdout and
     "not the current result (the adopted scheme: A5" in run.stdout,
     "--result: the A1 result, said not to be current", run.stdout + run.stderr)
# the shell back-dates both results: explain still picks by date, and
# warns that the row it shows was changed outside merit (exit 1)
sql(db, "update result set scored_at = '2025-03-01T10:00:00Z' where id = %s" % ids[0])
sql(db, "update result set scored_at = '2025-09-01T10:00:00Z' where id = %s" % ids[1])
run = merit("explain", P, "--db", db, "--at", "2025-06-30", check=False)
t.ok(run.returncode == 1 and "assessment A1" in run.stdout and "scored 2025-03-01T10:00:00Z" in run.stdout and
     "WARNING: this result was changed outside merit" in run.stdout,
     "--at 2025-06-30: the result scored by then", run.stdout + run.stderr)
run = merit("explain", P, "--db", db, "--diff", "--at", "2025-06-30", "--at", "2025-09-01", check=False)
t.ok(run.returncode == 0 and "from result %s: A1" % ids[0] in run.stdout and "to   result %s: A5" % ids[1] in run.stdout,
     "--diff --at D1 --at D2: the results scored by each date", run.stdout + run.stderr)
run = merit("explain", P, "--db", db, "--at", "2024-12-31", check=False)
t.ok(run.returncode == 1 and "no result for %s scored by 2024-12-31" % P in run.stderr,
     "--at before any result: exit 1", run.stderr)
other = sql(db, "select min(id) from result where person != '%s'" % P)
run = merit("explain", P, "--db", db, "--result", other, check=False)
t.ok(run.returncode == 1 and "is not one of %s's" % P in run.stderr, "--result of another person: exit 1", run.stderr)
run = merit("explain", P, "--db", db, "--diff", "--result", ids[0], check=False)
t.ok(run.returncode == 2, "--diff with one --result: exit 2", run.stderr)
run = merit("explain", P, "--db", db, "--at", "30/06/2025", check=False)
t.ok(run.returncode == 2 and "YYYY-MM-DD" in run.stderr, "--at with a malformed date: exit 2", run.stderr)
t.done()
PY
