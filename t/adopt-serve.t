#!/bin/sh
# merit serve agrees with the command line on the agency's scheme: a
# scheme adopted with merit adopt while serving is the one POST evidence
# scores and GET assessments calls the default; another named in the
# body is a trial; an edit of agency.yaml's assessment: is recorded as an
# adoption by "agency.yaml" when the server reloads.
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
PYTHONPATH="$srcdir/t${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import os, signal, tempfile, time
import yaml
from apiclient import Tap, Server, merit, workspace, token, sql

t = Tap()
tmp = tempfile.mkdtemp()
conf, db = workspace(tmp, ("kz-digital",))
A = "kz-digital"
tok = token(db, A, "assessor")
srv = Server(db, conf)
evidence = {e["person"]: {k: v for k, v in e.items() if k != "person"}
            for e in yaml.safe_load(open(os.path.join(conf, A, "evidence.yaml")))["evidence"]}
P = sorted(evidence)[0]
base = "/v1/agencies/%s/persons/" % A


def post(body):
    return srv.request("POST", base + P + "/evidence", tok, body)


def default_type():
    st, h, b = srv.request("GET", "/v1/agencies/%s/assessments" % A, tok)
    return [a["id"] for a in b.get("assessments", []) if a.get("default")]


t.ok(default_type() == ["A1"], "before: A1, agency.yaml's, is the default", default_type())
merit("adopt", A, "A5", "--db", db, "--by", "HR-0007", "--reason", "test-based")
t.ok(default_type() == ["A5"], "adopted on the command line while serving: A5 is the default", default_type())
st, h, b = post({"evidence": evidence[P]})
t.ok(st == 201 and b.get("assessment") == "A5" and b.get("trial") is False and b.get("current") is True,
     "POST evidence without a type scores A5, current, not a trial", (st, b.get("assessment"), b.get("trial"), b.get("current")))
st, h, b = post({"evidence": evidence[P], "assessment": "A1"})
t.ok(st == 200 and b.get("assessment") == "A1" and b.get("trial") is False and b.get("current") is False,
     "the earlier A1 result named again: not current any more", (st, b.get("trial"), b.get("current")))
st, h, b = post({"evidence": evidence[P], "assessment": "A3"})
t.ok(st == 201 and b.get("assessment") == "A3" and b.get("trial") is True and b.get("current") is False,
     "A3 named in the body: a trial, not current", (st, b.get("trial"), b.get("current")))
t.ok(sql(db, "select count(*) from current_result where person = '%s'" % P) == "1" and
     sql(db, "select assessment from current_result where person = '%s'" % P) == "A5",
     "current_result: one row for the person, of A5")

# an edit of agency.yaml while serving: an adoption by "agency.yaml"
path = os.path.join(conf, A, "agency.yaml")
text = open(path).read()
open(path, "w").write(text.replace("\nassessment: A1\n", "\nassessment: A2\n"))
srv.proc.send_signal(signal.SIGHUP)
for _ in range(100):
    if sql(db, "select count(*) from adoption where actor = 'agency.yaml' and assessment = 'A2'") == "1":
        break
    time.sleep(0.1)
t.ok(sql(db, "select previous || '|' || actor || '|' || reason from adoption order by id desc limit 1") ==
     "A5|agency.yaml|agency.yaml's assessment: changed from A1 to A2",
     "the reload records agency.yaml's A2 as adopted in place of A5")
st, h, b = post({"evidence": evidence[P]})
t.ok(st in (200, 201) and b.get("assessment") == "A2" and b.get("current") is True,
     "and POST evidence scores A2", (st, b.get("assessment")))
run = merit("audit", "verify", "--db", db, check=False)
t.ok(run.returncode == 0, "the audit log is intact", run.stderr)
srv.stop()
t.done()
PY
