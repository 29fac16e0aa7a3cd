#!/bin/sh
# The API does not pass off a result edited outside merit as merit's:
# GET .../results marks it "tampered" (its rows no longer carry their
# seals), and leaves every other result unmarked. The edit is made with
# the sqlite3 shell, as merit audit verify's own tests make it.
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
PYTHONPATH="$srcdir/t${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import subprocess, tempfile
from apiclient import Tap, Server, merit, workspace, token

t = Tap()
tmp = tempfile.mkdtemp()
conf, db = workspace(tmp, ("kz-digital",))
A = "kz-digital"
tok = token(db, A, "reader")


def results(srv, person):
    st, h, b = srv.request("GET", "/v1/agencies/%s/persons/%s/results"
                           % (A, person), tok)
    return st, b.get("results", []) if isinstance(b, dict) else []


srv = Server(db, conf, "--no-watch")
st, rs = results(srv, "KZ-0002")
t.ok(st == 200 and len(rs) == 1 and rs[0].get("tampered") is False,
     "as merit wrote it: tampered is false", (st, rs and rs[0].get("tampered")))
srv.stop()

subprocess.run(["sqlite3", db, "UPDATE result SET k = 0.99 WHERE person = 'KZ-0002'"],
               check=True)
r = merit("audit", "verify", "--db", db, check=False)
t.ok(r.returncode == 1, "merit audit verify finds the edit (exit %d)" % r.returncode)

srv = Server(db, conf, "--no-watch")
st, rs = results(srv, "KZ-0002")
t.ok(st == 200 and len(rs) == 1 and rs[0].get("K") == 0.99 and
     rs[0].get("tampered") is True,
     "the edited result: K 0.99 shown as it is, and tampered is true",
     (st, rs and (rs[0].get("K"), rs[0].get("tampered"))))
st, rs = results(srv, "KZ-0003")
t.ok(st == 200 and len(rs) == 1 and rs[0].get("tampered") is False,
     "another person's result is not marked", (st, rs and rs[0].get("tampered")))
srv.stop()
t.done()
PY
