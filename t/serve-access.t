#!/bin/sh
# merit serve, access: every route of the route table (merit serve
# --routes) against {own agency, other agency, no token, revoked token,
# wrong role, agency id tampered in path, query and body, another
# agency's person id}. A route without a row of cases fails the test.
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
PYTHONPATH="$srcdir/t${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import json, os, re, tempfile
import yaml
from apiclient import Tap, Server, merit, workspace, token, sql

t = Tap()
tmp = tempfile.mkdtemp()
conf, db = workspace(tmp)
A, B = "kz-digital", "kz-360"
ROLES = ["admin", "methodologist", "assessor", "reader", "integrator"]
tok = {r: token(db, A, r) for r in ROLES}
tok_b = token(db, B, "admin")
revoked = token(db, A, "admin", "to revoke")
merit("token", "revoke", "--db", db, revoked)

routes = []
for line in merit("serve", "--routes").stdout.splitlines():
    method, path, rest = line.split(" ", 2)
    routes.append((method, path, [r.strip() for r in rest.replace(" (writes)", "").split(",")]))

person_a = sql(db, "select id from person where agency = '%s' order by id limit 1" % A)
person_b = sql(db, "select id from person where agency = '%s' and id not in "
               "(select id from person where agency = '%s') order by id limit 1" % (B, A))
framework = sql(db, "select framework from agency where id = '%s'" % A)
assessment = "A1"
ev = yaml.safe_load(open(os.path.join(conf, A, "evidence.yaml")))["evidence"]
evidence = next(e for e in ev if e["person"] == person_a)
evidence = {k: v for k, v in evidence.items() if k != "person"}
roster = yaml.safe_load(open(os.path.join(conf, A, "roster.yaml")))["persons"]
person_rec = next(p for p in roster if p["id"] == person_a)


def fill(path, agency=A, person=person_a):
    return (path.replace("{agency}", agency).replace("{person}", person)
            .replace("{framework}", framework).replace("{assessment}", assessment))


def body_for(method, path):
    if method == "PUT":
        return dict(person_rec)
    if path.endswith("/evidence"):
        return {"evidence": evidence}
    if path.endswith("/reject"):
        return {"reason": "the plan misses the state language course"}
    if method == "POST":
        return {}
    return None


srv = Server(db, conf)
covered = {}
for method, path, admitted in routes:
    name = "%s %s" % (method, path)
    cases = covered.setdefault(name, set())
    own_role = "admin" if "admin" in admitted else admitted[0]
    body = body_for(method, path)

    st, h, b = srv.request(method, fill(path), tok[own_role], body)
    t.ok(st not in (401, 403) and st < 500, "%s: own agency (%s): %d" % (name, own_role, st), b)
    text = json.dumps(b, ensure_ascii=False)
    t.ok(B not in text, "%s: own agency: nothing of %s in the answer" % (name, B), text[:300])
    cases.add("own")

    st, h, b = srv.request(method, fill(path), tok_b, body)
    t.ok(st == 403 and A in b["message"], "%s: another agency's token: 403" % name, (st, b))
    cases.add("other agency")

    st, h, b = srv.request(method, fill(path), None, body)
    t.ok(st == 401 and "bearer" in h.get("www-authenticate", "").lower(),
         "%s: no token: 401 with WWW-Authenticate" % name, (st, b))
    cases.add("no token")

    st, h, b = srv.request(method, fill(path), revoked, body)
    t.ok(st == 401 and "revoked" in b["message"], "%s: revoked token: 401" % name, (st, b))
    cases.add("revoked")

    wrong = [r for r in ROLES if r not in admitted]
    if wrong:
        st, h, b = srv.request(method, fill(path), tok[wrong[0]], body)
        t.ok(st == 403 and wrong[0] in b["message"], "%s: role %s: 403" % (name, wrong[0]), (st, b))
    else:
        # every role is admitted: each of them gets through
        sts = [srv.request(method, fill(path), tok[r], body)[0] for r in ROLES]
        t.ok(all(s not in (401, 403) for s in sts), "%s: admits every role %s" % (name, sts))
    cases.add("role")

    st, h, b = srv.request(method, fill(path, agency=B), tok[own_role], body)
    t.ok(st == 403, "%s: agency %s put in the path: 403" % (name, B), (st, b))
    cases.add("path")

    sep = "&" if "?" in fill(path) else "?"
    st, h, b = srv.request(method, fill(path) + sep + "agency=" + B, tok[own_role], body)
    t.ok(st == 403, "%s: agency %s put in the query: 403" % (name, B), (st, b))
    cases.add("query")

    tampered = dict(body or {})
    tampered["agency"] = B
    st, h, b = srv.request(method, fill(path), tok[own_role], tampered)
    t.ok(st == 403, "%s: agency %s put in the body: 403" % (name, B), (st, b))
    cases.add("body")

    if "{person}" in path:
        st, h, b = srv.request(method, fill(path, person=person_b), tok[own_role], body)
        t.ok(st in (400, 404), "%s: a person of %s: not found in %s" % (name, B, A), (st, b))
        st2 = sql(db, "select count(*) from person where agency = '%s' and id = '%s'" % (A, person_b))
        t.ok(st2 == "0", "%s: %s's person was not created in %s" % (name, B, A))
    else:
        t.ok("{person}" not in path, "%s: no person in the path" % name)
    cases.add("person id")

want = {"own", "other agency", "no token", "revoked", "role", "path", "query", "body", "person id"}
t.ok(len(covered) == len(routes) and all(c == want for c in covered.values()),
     "every route has every case (%d routes)" % len(routes))
code = srv.stop()
log = srv.read_log()
t.ok(code == 0, "the server stops cleanly")
t.ok(not any(x[17:] in log for x in list(tok.values()) + [tok_b, revoked]),
     "no token secret appears in the log")
t.ok(log.count('"auth-failed"') >= 2 * len(routes), "failed authentications are logged")
t.done()
PY
