#!/bin/sh
# merit serve takes input as the command line does: a period in a body is
# a token, ids in a path or a body hold no control character, a value is
# at most 64 KiB; and a reload refuses an agency.yaml whose period climbs
# out of a folder or whose roster lies outside the agency's folder,
# keeping the old configuration serving.
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
PYTHONPATH="$srcdir/t${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import os, shutil, tempfile, time
import yaml
from apiclient import Tap, Server, workspace, token, sql, dump

t = Tap()
tmp = tempfile.mkdtemp()
conf, db = workspace(tmp, ("kz-digital",))
A = "kz-digital"
assessor = token(db, A, "assessor")
integ = token(db, A, "integrator")
admin = token(db, A, "admin")
srv = Server(db, conf)
V = "/v1/agencies/%s/persons/" % A
evidence = {e["person"]: {k: v for k, v in e.items() if k != "person"}
            for e in yaml.safe_load(open(os.path.join(conf, A, "evidence.yaml")))["evidence"]}
P = sorted(evidence)[0]


def post(body, tok=assessor, person=P):
    return srv.request("POST", V + person + "/evidence", tok, body=body)


# 1. a period in a body: a token
before = dump(db)
for bad in ("../x", "2025/../../escaped", "..", "x" * 33):
    st, h, b = post({"period": bad, "evidence": evidence[P]})
    t.ok(st == 400 and "period" in b["message"],
         "POST evidence with period %r: 400" % bad[:40], (st, b))
t.ok(dump(db) == before, "and the register is untouched")

# 2. ids: a person in the path, a competency and a rater in evidence
st, h, b = srv.request("PUT", V + "KZ%1B%5B2J", integ,
                       body={"post_level": 5, "category": "official", "term": "fixed"})
t.ok(st == 400 and "control character" in b["message"],
     "PUT a person whose id holds ESC: 400", (st, b))
ev = dict(evidence[P])
ev["qualities"] = {"raters": [{"role": "peer", "id": "P\u202e1", "ratings": {}}]}
st, h, b = post({"evidence": ev})
t.ok(st == 400 and "bidirectional" in b["message"],
     "POST evidence with a rater id holding U+202E: 400", (st, b))
ev["qualities"] = {"coop\u0085eration": {"rating": 3}}
st, h, b = post({"evidence": ev})
t.ok(st == 400 and "control character" in b["message"],
     "POST evidence with a competency name holding U+0085: 400", (st, b))
st, h, b = srv.request("POST", V + P + "/plan/approve", admin, body={"by": "HR\u001b[2J"})
t.ok(st == 400 and "by holds a control character" in b["message"],
     "POST plan/approve with by holding ESC: 400", (st, b))
t.ok(dump(db) == before, "and the register is untouched")

# 3. a value: 64 KiB taken, one byte more refused
entry = {"post_level": 5, "category": "official", "term": "fixed"}
st, h, b = srv.request("PUT", V + "KZ-LIM-1", integ,
                       body=dict(entry, position="x" * 65536))
t.ok(st == 201, "PUT a person with a position of 65536 bytes: 201", (st, b))
st, h, b = srv.request("PUT", V + "KZ-LIM-2", integ,
                       body=dict(entry, position="x" * 65537))
t.ok(st == 400 and "a value of 65537 bytes" in b["message"],
     "one of 65537 bytes: 400", (st, b))

# 4. reload: an agency.yaml that escapes is refused, the old one serves
agency = os.path.join(conf, A, "agency.yaml")
good = open(agency).read()
outside = os.path.join(tmp, "outside")
os.makedirs(outside)
shutil.copy(os.path.join(conf, A, "roster.yaml"), outside)


def reload_with(text):
    n = srv.read_log().count("reload-refused")
    with open(agency, "w") as f:
        f.write(text)
    for _ in range(40):
        time.sleep(0.25)
        if srv.read_log().count("reload-refused") > n:
            break
    return srv.read_log()


line = [i for i, l in enumerate(good.splitlines(), 1) if l.startswith("roster:")][0]
log = reload_with(good.replace("roster: roster.yaml", "roster: ../../outside/roster.yaml"))
t.ok("reload-refused" in log and "agency.yaml:%d:" % line in log and
     "lies outside the agency's folder" in log,
     "reload: roster ../../outside/roster.yaml refused at agency.yaml:%d" % line, log[-600:])
line = [i for i, l in enumerate(good.splitlines(), 1) if l.startswith("period:")][0]
log = reload_with(good.replace('period: "2025"', 'period: "2025/../../escaped"'))
t.ok("agency.yaml:%d: agency: 'period' may hold only" % line in log,
     "reload: period 2025/../../escaped refused at agency.yaml:%d" % line, log[-600:])
os.symlink(os.path.join(outside, "roster.yaml"), os.path.join(conf, A, "linked.yaml"))
log = reload_with(good.replace("roster: roster.yaml", "roster: linked.yaml"))
t.ok("'linked.yaml' lies outside" in log,
     "reload: a roster linked out of the folder refused", log[-600:])
st, h, b = post({"evidence": evidence[P]})
t.ok(st in (200, 201) and b["model_version"].endswith("/1"),
     "the configuration loaded at start goes on serving (generation 1)", (st, b))
srv.stop()
t.done()
PY
