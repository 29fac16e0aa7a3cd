#!/bin/sh
# The development routes of merit serve on the bundled examples/kz-register:
# recommendations, plans (propose, edit, approve, reject), compliance,
# forecast and pools. Each answer is compared with what the command line
# answers for the same register and day (merit recommend, plan,
# compliance, forecast, pool --dry-run), parsed; a decision is never made
# twice; GET .../pool writes nothing.
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
if ! command -v "$PY" >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 and sqlite3 are needed"; exit 0
fi
PYTHONPATH="$srcdir/t${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import json, os, shutil, tempfile
from apiclient import Tap, Server, merit, token, sql, dump, SRCDIR

t = Tap()
tmp = tempfile.mkdtemp()
db = os.path.join(tmp, "r.db")
ex = os.path.join(SRCDIR, "examples", "kz-register")
k3 = os.path.join(SRCDIR, "examples", "kz-360")
A = "kz-register"
D = "2025-12-31"  # the day the example is worked out for
merit("import", ex, os.path.join(k3, "roster.yaml"), os.path.join(k3, "evidence.yaml"),
      os.path.join(ex, "completions.csv"), os.path.join(ex, "enrolments.jsonl"), "--db", db)
merit("assess", ex, "--db", db, "--no-export", "-q")
admin = token(db, A, "admin")
meth = token(db, A, "methodologist")
reader = token(db, A, "reader")
tid = {tok: tok.split("_")[1] for tok in (admin, meth, reader)}
srv = Server(db, None, "--no-watch")
V = "/v1/agencies/%s" % A
P = V + "/persons/"


def get(path, tok=reader):
    return srv.request("GET", path, tok)


def post(path, body=None, tok=admin):
    return srv.request("POST", path, tok, body)


def cli_json(*args, status=0):
    p = merit(*args, "--db", db, "--format", "json", check=False)
    if p.returncode != status:
        raise SystemExit("Bail out! merit %s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr))
    return json.loads(p.stdout), p.stderr


def same(a, b):
    """Parsed JSON equal; numbers to 1e-9 relative (the command line
    prints some reports with 10 significant digits)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and \
            not isinstance(a, bool) and not isinstance(b, bool):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


def audit(action, subject):
    return sql(db, "select actor || '|' || detail from audit where action = '%s' and subject = '%s'"
               " order by seq" % (action, subject)).splitlines()


# -- recommendations -----------------------------------------------------
for person, extra, opts in (("KZ-1002", "", ()), ("KZ-1001", "&years=0", ("--years", "0")),
                            ("KZ-1033", "", ())):
    st, h, b = get(P + person + "/recommendations?as_of=" + D + extra)
    want, _ = cli_json("recommend", person, "--as-of", D, *opts)
    t.ok(st == 200 and same(b, want) and b["recommendations"],
         "GET %s/recommendations%s = merit recommend (%d courses)" % (person, extra, len(want["recommendations"])),
         (st, b, want))
st, h, b = get(P + "KZ-1002/recommendations")
want, _ = cli_json("recommend", "KZ-1002")
t.ok(st == 200 and same(b, want), "without as_of: today, as merit recommend without --as-of", (st, b))
st, h, b = get(P + "NOBODY/recommendations")
t.ok(st == 404 and "NOBODY" in b["message"], "a person not on the agency's roster: 404", (st, b))
st, h, b = get(P + "KZ-1002/recommendations?years=abc")
t.ok(st == 400 and "years" in b["message"], "years not a number: 400", (st, b))

# -- plans: propose --------------------------------------------------------
S = "2026-01-01"
st, h, b = get(P + "KZ-1002/plan")
t.ok(st == 404 and "POST" in b["message"], "no plan yet: 404 saying POST .../plan proposes one", (st, b))
a0 = int(sql(db, "select count(*) from audit"))
st, h, b = post(P + "KZ-1002/plan", {"as_of": D, "start": S}, tok=meth)
plan2 = b
t.ok(st == 201 and b["status"] == "proposed" and b["person"] == "KZ-1002" and b["items"],
     "POST plan by a methodologist: 201, proposed, %d items" % len(b.get("items", [])), (st, b))
want, err = cli_json("plan", "KZ-1002", "--as-of", D, "--start", S)
t.ok(same(b, want) and "have not changed" in err,
     "merit plan with the same day finds the API's plan standing and prints it, identical", (b, want, err))
t.ok(int(sql(db, "select count(*) from audit")) == a0 + 1 and
     audit("plan-propose", A + "/KZ-1002")[0].startswith("token:%s|" % tid[meth]),
     "one plan-propose audit entry, its actor the token")
before = dump(db)
st, h, b = post(P + "KZ-1002/plan", {"as_of": D, "start": S}, tok=meth)
t.ok(st == 200 and same(b, plan2) and dump(db) == before,
     "proposed again with the same recommendations: 200, the same plan, nothing written", (st, b))
st, h, b = get(P + "KZ-1002/plan")
t.ok(st == 200 and same(b, plan2), "GET plan: the current plan", (st, b))
# the other way: proposed on the command line, found by the API
want, _ = cli_json("plan", "KZ-1007", "--as-of", D, "--start", S)
st, h, b = post(P + "KZ-1007/plan", {"as_of": D, "start": S}, tok=meth)
t.ok(st == 200 and same(b, want), "a plan proposed by merit plan stands for the API: 200, identical", (st, b, want))
st, h, b = post(P + "KZ-1007/plan", {"as_of": D}, tok=reader)
t.ok(st == 403, "a reader cannot propose: 403", (st, b))

# -- plans: decide ---------------------------------------------------------
st, h, b = post(P + "KZ-1002/plan/approve")
t.ok(st == 200 and b["status"] == "approved" and b["decided_by"] == "token:" + tid[admin] and
     b["plan"] == plan2["plan"], "approve without a body: 200, decided by token:ID", (st, b))
entry = audit("plan-approve", A + "/KZ-1002")
t.ok(len(entry) == 1 and entry[0].startswith("token:%s|" % tid[admin]) and
     json.loads(entry[0].split("|", 1)[1])["by"] == "token:" + tid[admin],
     "one plan-approve audit entry by the token", entry)
before = dump(db)
st, h, b = post(P + "KZ-1002/plan/approve", {"by": "HR-0007"})
t.ok(st == 409 and "approved" in b["message"] and dump(db) == before,
     "approve twice: 409, nothing written", (st, b))
st, h, b = post(P + "KZ-1002/plan/reject", {"reason": "too late"})
t.ok(st == 409 and dump(db) == before, "reject an approved plan: 409", (st, b))
p = merit("plan", "KZ-1002", "--db", db, "--approve", "--by", "HR-0007", check=False)
t.ok(p.returncode == 1 and "is approved" in p.stderr, "merit plan --approve agrees: exit 1", p.stderr)
want, _ = cli_json("plan", "KZ-1002", "--as-of", D, "--start", S)
st, h, b = get(P + "KZ-1002/plan")
t.ok(st == 200 and same(b, want) and b["status"] == "approved", "GET plan after approval = merit plan", (st, b))

st, h, b = post(P + "KZ-1007/plan/reject")
t.ok(st == 400 and "reason" in b["message"], "reject without a body: 400 asking for a reason", (st, b))
st, h, b = post(P + "KZ-1007/plan/reject", {"by": "HR-9"})
t.ok(st == 400 and sql(db, "select status from plan where person = 'KZ-1007'") == "proposed",
     "reject without a reason: 400, the plan still proposed", (st, b))
st, h, b = post(P + "KZ-1007/plan/reject", {"reason": "budget year closed", "by": "HR-9"})
t.ok(st == 200 and b["status"] == "rejected" and b["decided_by"] == "HR-9" and
     b["reason"] == "budget year closed", "reject with a reason and by: 200, recorded as given", (st, b))
entry = audit("plan-reject", A + "/KZ-1007")
t.ok(len(entry) == 1 and entry[0].startswith("token:%s|" % tid[admin]) and
     json.loads(entry[0].split("|", 1)[1]) == {"by": "HR-9", "plan": b["plan"], "reason": "budget year closed"},
     "the plan-reject entry: actor the token, by as given", entry)
st, h, b = post(P + "KZ-1007/plan/reject", {"reason": "again"})
t.ok(st == 409, "reject twice: 409", (st, b))
st, h, b = post(P + "KZ-1010/plan/approve")
t.ok(st == 404 and "POST" in b["message"], "approve without any plan: 404", (st, b))
st, h, b = post(P + "KZ-1002/plan/approve", tok=meth)
t.ok(st == 403, "a methodologist cannot decide: 403", (st, b))

# -- plans: a proposal with edits equals merit plan's edits -------------------
cp = os.path.join(tmp, "cli.db")
shutil.copy(db, cp)
first = get(P + "KZ-1033/recommendations?as_of=" + D)[2]["recommendations"]
drop, move = first[0]["course"], first[1]["course"]
add = [c for c in sql(db, "select id from course order by id").splitlines()
       if c not in [r["course"] for r in first]][0]
edits = {"as_of": D, "start": S, "by": "OFF-7", "reason": "asked for",
         "drop": [drop], "target": {move: "2027-06-30"}, "add": [add]}
st, h, b = post(P + "KZ-1033/plan", edits, tok=meth)
merit("plan", "KZ-1033", "--db", cp, "--as-of", D, "--start", S)
merit("plan", "KZ-1033", "--db", cp, "--by", "OFF-7", "--reason", "asked for",
      "--drop", drop, "--target", move + "=2027-06-30", "--add", add)
want = json.loads(merit("plan", "KZ-1033", "--db", cp, "--as-of", D, "--start", S, "--format", "json").stdout)
t.ok(st == 201 and same(b["items"], want["items"]) and
     [i["status"] for i in b["items"] if i["course"] == drop] == ["dropped"],
     "POST plan with drop, target and add: the items merit plan --drop --target --add gives",
     (st, b, want))
edits_audit = audit("plan-edit", A + "/KZ-1033")
t.ok(len(edits_audit) == 3 and all(e.startswith("token:%s|" % tid[meth]) for e in edits_audit),
     "three plan-edit entries by the token", edits_audit)
before = dump(db)
st, h, b = post(P + "KZ-1033/plan", {"as_of": D, "start": S, "drop": ["no-such-course"]}, tok=meth)
t.ok(st == 400 and "no-such-course" in b["message"] and dump(db) == before,
     "an edit that does not apply: 400, nothing written", (st, b))
st, h, b = post(P + "KZ-1033/plan", {"as_of": D, "colour": "red"}, tok=meth)
t.ok(st == 400 and "colour" in b["message"], "an unknown key in the body: 400", (st, b))

# -- compliance ---------------------------------------------------------------
cli, _ = cli_json("compliance", "--as-of", D, "--agency", A, status=1)
ca = cli["agencies"][0]
st, h, b = get(V + "/compliance?as_of=" + D)
t.ok(st == 200 and b["as_of"] == D and same(b["summary"], ca["summary"]) and "persons" not in b,
     "GET compliance: the summary of merit compliance, no person list", (st, b))
st, h, b = get(V + "/compliance?as_of=%s&persons=1" % D)
t.ok(st == 200 and same(b["summary"], ca["summary"]) and same(b["persons"], ca["persons"]),
     "?persons=1: every row of merit compliance --format json (%d)" % len(ca["persons"]), (st, b))
over, _ = cli_json("compliance", "--as-of", D, "--agency", A, "--persons", "overdue", status=1)
st, h, b = get(V + "/compliance?as_of=%s&persons=overdue" % D)
t.ok(st == 200 and same(b["persons"], over["agencies"][0]["persons"]) and b["persons"],
     "?persons=overdue = --persons overdue", (st, b))
rank = {"overdue": 3, "due-soon": 2, "compliant": 1}
ok = True
for person in ("KZ-1002", "KZ-1010", "KZ-1033", "KZ-1056"):
    st, h, b = get(P + person + "/compliance?as_of=" + D)
    rows = [r for r in ca["persons"] if r["person"] == person]
    worst = max(rows, key=lambda r: rank.get(r["status"], 0))["status"]
    ok &= st == 200 and same(b["policies"], rows) and b["status"] == worst and b["person"] == person
t.ok(ok, "GET .../persons/P/compliance: P's rows of merit compliance and the worst status", (st, b))
st, h, b = get(V + "/compliance?as_of=2025-13-01")
t.ok(st == 400 and "YYYY-MM-DD" in b["message"], "a malformed as_of: 400", (st, b))

# -- forecast ------------------------------------------------------------------
for q, opts in (("", ()), ("&quarters=8", ("--quarters", "8")), ("&years=2", ("--quarters", "8"))):
    want, _ = cli_json("forecast", "--as-of", D, "--agency", A, *opts)
    st, h, b = get(V + "/forecast?as_of=" + D + q)
    t.ok(st == 200 and same(b, want) and b["demand"],
         "GET forecast%s = merit forecast%s (%d rows)" % (q, " " + " ".join(opts) if opts else "", len(want["demand"])),
         (st, b, want))
st, h, b = get(V + "/forecast?quarters=2&years=1")
t.ok(st == 400, "quarters and years together: 400", (st, b))

# -- pools ---------------------------------------------------------------------
before = dump(db)
st, h, b = get(V + "/pool?as_of=" + D)
want, _ = cli_json("pool", "--dry-run", "--as-of", D, "--agency", A)
t.ok(st == 200 and len(b["pools"]) == len(want["pools"]) == 1 and
     same(b["pools"][0]["dry_run"], want["pools"][0]) and b["pools"][0]["members"] == [] and
     want["pools"][0]["entered"], "GET pool = merit pool --dry-run: %d would enter, no members yet" %
     len(want["pools"][0]["entered"]), (st, b, want))
t.ok(dump(db) == before, "GET pool writes nothing (.dump identical)")
merit("pool", "--db", db, "--as-of", D, "--agency", A)
members = [dict(zip(("person", "entered_on", "expires_on", "reason"), r.split("|"))) for r in sql(
    db, "select person, entered_on, expires_on, reason from pool_member where agency = '%s'"
    " and exited_on is null order by person" % A).splitlines()]
before = dump(db)
st, h, b = get(V + "/pool?as_of=2026-06-30")
want, _ = cli_json("pool", "--dry-run", "--as-of", "2026-06-30", "--agency", A)
t.ok(st == 200 and b["pools"][0]["members"] == members and len(members) > 0 and
     same(b["pools"][0]["dry_run"], want["pools"][0]),
     "after merit pool: the %d members from pool_member, and what a run would change" % len(members), (st, b))
t.ok(dump(db) == before, "and still nothing written")
st, h, b = get(V + "/pool?as_of=2025-06-30")
t.ok(st == 400 and "2025-12-31" in b["message"], "a day before the last recorded change: 400", (st, b))
st, h, b = get(V + "/pool?as_of=2026-06-30&agency=kz-360")
t.ok(st == 403, "another agency in the query: 403", (st, b))
st, h, b = get(V + "/pool?asof=2026-06-30")
t.ok(st == 400 and "asof" in b["message"], "a misspelt query parameter: 400 naming it", (st, b))

t.ok(srv.stop() == 0, "the server stops cleanly")
t.ok("intact" in merit("audit", "verify", "--db", db).stdout, "the audit chain verifies")
t.done()
PY
