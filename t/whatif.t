#!/bin/sh
# merit assess --what-if on examples/kz-digital against the adopted A1:
# weights, mean K, band counts and the persons who change band, side by
# side, checked against t/golden/recompute.py (an independent
# recomputation from the YAML, sharing no code with merit); nothing is
# written.
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
PYTHONPATH="$srcdir/t:$srcdir/t/golden${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import os, re, tempfile
from apiclient import Tap, merit, dump
import recompute

t = Tap()
tmp = tempfile.mkdtemp()
db = os.path.join(tmp, "w.db")
ag = os.path.join(os.environ["srcdir"], "examples", "kz-digital")
merit("assess", ag, "--db", db, "--no-export", "-q")
before = dump(db)
old = {r["person"]: r for r in recompute.recompute(ag, "A1")["results"]}


def rows(out):
    """label -> (adopted, what if) from the side-by-side table."""
    got = {}
    for line in out.splitlines():
        m = re.match(r"^(\S.*?)\s{2,}(\S+)\s+(\S+)$", line)
        if m and not line.startswith("what if") and not re.match(r"^person\s", line):
            got[m.group(1)] = (m.group(2), m.group(3))
    return got


def changes(out):
    return {m.group(1): (m.group(2), m.group(3), m.group(4), m.group(5))
            for m in re.finditer(r"^(KZ-\d+)\s+(\S+) -> (\S+)\s+(\S+) -> (\S+)$", out, re.M)}


for typ in ("A3", "A5"):
    run = merit("assess", ag, "--db", db, "--what-if", "--assessment", typ, check=False)
    new = {r["person"]: r for r in recompute.recompute(ag, typ)["results"]}
    got = rows(run.stdout)
    w_old, w_new = recompute.WEIGHTS["A1"], recompute.WEIGHTS[typ]
    want_w = {"weight P_M (qualification)": "qualification", "weight P_KF (qualities)": "qualities",
              "weight P_FS (performance)": "performance"}
    fmt = lambda w: "-" if w is None else "%g" % w
    t.ok(run.returncode == 0 and all(got.get(k) == (fmt(w_old[e]), fmt(w_new[e])) for k, e in want_w.items()),
         "%s: the weights of A1 and %s side by side" % (typ, typ), (run.stderr, got))
    mean = lambda rs: "%.4f" % (sum(r["K"] for r in rs.values()) / len(rs))
    t.ok(got.get("mean K") == (mean(old), mean(new)) and got.get("persons") == ("36", "36"),
         "%s: mean K %s -> %s (recomputed)" % (typ, mean(old), mean(new)), got.get("mean K"))
    bands = {}
    for side, rs in ((0, old), (1, new)):
        for r in rs.values():
            bands.setdefault(r["band"], [0, 0])[side] += 1
    t.ok(all(got.get("band " + b) == (str(n[0]), str(n[1])) for b, n in bands.items()),
         "%s: the count in each band (recomputed: %s)" % (typ, bands), got)
    want = {p: (old[p]["band"], new[p]["band"], "%.4f" % old[p]["K"], "%.4f" % new[p]["K"])
            for p in old if old[p]["band"] != new[p]["band"]}
    t.ok(changes(run.stdout) == want and
         ("%d band change(s) among 36 person(s)" % len(want)) in run.stdout,
         "%s: the %d persons who change band, old -> new band and K (recomputed)" % (typ, len(want)),
         run.stdout[-1500:])
t.ok(dump(db) == before, "nothing was written to the register")
t.done()
PY
