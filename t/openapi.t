#!/bin/sh
# doc/openapi.yaml against the route table merit serve is built with
# (merit serve --routes): every route is documented with its method, its
# path parameters and its roles, and nothing is documented that is not
# served. A route added without its documentation fails here.
MERIT=${MERIT:-./merit}
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$MERIT" serve --routes >"$tmp/routes" || { echo "Bail out! merit serve --routes failed"; exit 1; }
"$PY" - "$srcdir/doc/openapi.yaml" "$tmp/routes" <<'PY'
import re, sys
import yaml

spec = yaml.safe_load(open(sys.argv[1]))
routes = []
for line in open(sys.argv[2]):
    method, path, rest = line.rstrip("\n").split(" ", 2)
    roles = rest.replace(" (writes)", "")
    routes.append((method.lower(), path, [r.strip() for r in roles.split(",")]))
routes += [("get", "/healthz", None), ("get", "/metrics", None)]
n = 0
failed = 0
print("1..%d" % (3 * len(routes) + 2))


def ok(cond, what):
    global n, failed
    n += 1
    failed |= not cond
    print("%sok %d - %s" % ("" if cond else "not ", n, what))


paths = spec.get("paths", {})
ok(spec.get("openapi", "").startswith("3."), "doc/openapi.yaml is OpenAPI 3")
for method, path, roles in routes:
    op = paths.get(path, {}).get(method)
    ok(op is not None, "%s %s is documented" % (method.upper(), path))
    op = op or {}
    params = set(re.findall(r"{(\w+)}", path))
    declared = set()
    for p in op.get("parameters", []) + paths.get(path, {}).get("parameters", []):
        if "$ref" in p:
            name = p["$ref"].rsplit("/", 1)[1]
            p = spec["components"]["parameters"][name]
        if p.get("in") == "path":
            declared.add(p["name"])
    ok(params == declared, "%s %s declares its path parameters %s" %
       (method.upper(), path, sorted(params)))
    text = (op.get("description") or "") + (op.get("summary") or "")
    if roles is None:
        ok(op.get("security") == [], "%s %s needs no token" % (method.upper(), path))
    else:
        ok(all(r in text for r in roles),
           "%s %s names the roles it admits (%s)" % (method.upper(), path, ", ".join(roles)))
served = {(m, p) for m, p, _ in routes}
extra = [(m, p) for p, ops in paths.items() for m in ops
         if m in ("get", "put", "post", "delete", "patch") and (m, p) not in served]
ok(not extra, "nothing documented that is not served %s" % (extra or ""))
sys.exit(failed)
PY
