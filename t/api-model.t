#!/bin/sh
# merit serve, the model and person routes, end to end on a real server:
# frameworks and assessment types in en, ru, kk and uz against the Lua
# files read by a Lua interpreter of their own (not merit's validator);
# PUT of a person against the register and against merit import of the
# same entry; results and gaps against the register read with sqlite3;
# every answer against its schema in doc/openapi.yaml.
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
PYTHONPATH="$srcdir/t${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import copy, json, os, shutil, subprocess, tempfile
import urllib.parse
import yaml
from apiclient import Tap, Server, merit, workspace, token, sql

SRC = os.environ.get("srcdir", ".")
t = Tap()
tmp = tempfile.mkdtemp()
conf, db = workspace(tmp)
A, B = "kz-digital", "kz-360"
# a second result per person of kz-360, of another assessment type
merit("assess", os.path.join(conf, B), "--db", db, "--assessment", "A5-360",
      "--no-export", "-q")
reader = token(db, A, "reader")
integ = token(db, A, "integrator")
admin = token(db, A, "admin")
b_reader = token(db, B, "reader")
integ_id = integ.split("_")[1]

# -- the model as the Lua files declare it, read by a plain Lua ----------
HARNESS = r'''
local decl = {}
local function declarer(kind)
  return function(a)
    if type(a) == "table" then decl[#decl + 1] = { kind = kind, t = a }; return end
    return function(t) decl[#decl + 1] = { kind = kind, id = a, t = t } end
  end
end
setmetatable(_G, { __index = function(_, k) return declarer(k) end })
local function enc(v)
  local ty = type(v)
  if ty == "string" then
    return '"' .. v:gsub('[%c"\\]', function(c)
      return string.format("\\u%04x", c:byte()) end) .. '"'
  elseif ty == "number" or ty == "boolean" then return tostring(v)
  elseif ty == "table" then
    local n, keys = 0, {}
    for k in pairs(v) do n = n + 1; keys[#keys + 1] = k end
    if n > 0 and n == #v then
      local out = {}
      for i = 1, #v do out[i] = enc(v[i]) end
      return "[" .. table.concat(out, ",") .. "]"
    end
    local out = {}
    for _, k in ipairs(keys) do out[#out + 1] = enc(tostring(k)) .. ":" .. enc(v[k]) end
    return "{" .. table.concat(out, ",") .. "}"
  end
  return "null"
end
for _, f in ipairs(arg) do dofile(f) end
io.write(enc(decl))
'''
lua = next((shutil.which(x) for x in ("lua", "lua5.4", "lua5.3") if shutil.which(x)), None)
with open(os.path.join(tmp, "harness.lua"), "w") as f:
    f.write(HARNESS)


def lua_model(files):
    if not lua:
        return None
    p = subprocess.run([lua, os.path.join(tmp, "harness.lua")] + files,
                       capture_output=True, text=True)
    if p.returncode:
        raise SystemExit("Bail out! lua: " + p.stderr)
    return json.loads(p.stdout)


KZ = os.path.join(SRC, "frameworks", "kz", "kz-2019.lua")
SEED = os.path.join(SRC, "scripts", "assessments", "seed-001.lua")
model_a = lua_model([KZ, SEED, os.path.join(conf, A, "requirements.lua")])
model_b = lua_model([KZ, os.path.join(conf, B, "requirements.lua"),
                     os.path.join(conf, B, "assessment-360.lua")])


def decls(model, kind):
    return [d for d in model if d["kind"] == kind]


def pick(text, lang):
    """merit's rule: the text in lang, else English, else the first by
    language code; a bare string is English. (language, text)."""
    if text is None:
        return None
    if isinstance(text, str):
        return ("en", text)
    if lang in text:
        return (lang, text[lang])
    if "en" in text:
        return ("en", text["en"])
    k = sorted(text)[0]
    return (k, text[k])


srv = Server(db, conf)
spec = yaml.safe_load(open(os.path.join(SRC, "doc", "openapi.yaml")))
try:
    from openapi_schema_validator import OAS30Validator
except ImportError:
    OAS30Validator = None


def inline(node):
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[1]
            return inline(copy.deepcopy(spec["components"]["schemas"][name]))
        return {k: inline(v) for k, v in node.items()}
    if isinstance(node, list):
        return [inline(x) for x in node]
    return node


def conforms(body, schema_name):
    """The body against doc/openapi.yaml's schema; True when no validator."""
    if OAS30Validator is None:
        return True
    schema = inline(spec["components"]["schemas"][schema_name])
    errors = list(OAS30Validator(schema).iter_errors(body))
    if errors:
        print("# %s: %s at %s" % (schema_name, errors[0].message,
                                  list(errors[0].absolute_path)))
    return not errors


def get(path, tok=reader, lang=None, headers=None):
    h = dict(headers or {})
    if lang:
        h["Accept-Language"] = lang
    return srv.request("GET", path, tok, headers=h)


V = "/v1/agencies/"

# -- frameworks ---------------------------------------------------------------
if model_a is None:
    print("# no Lua interpreter: the model is compared through merit's own checks only")
fw_lua = decls(model_a, "framework")[0]["t"] if model_a else None
for lang in ("en", "ru", "kk", "uz"):
    st, hdr, body = get(V + A + "/frameworks", lang=lang)
    exp = pick(fw_lua["title"], lang) if fw_lua else None
    ok = st == 200 and conforms(body, "FrameworkList") and \
        len(body["frameworks"]) == 1 and body["frameworks"][0]["id"] == "kz-2019"
    if exp:
        ok = ok and body["frameworks"][0]["title"] == exp[1] and \
            body["lang"] == exp[0] and \
            body["frameworks"][0]["version"] == fw_lua["version"] and \
            body["frameworks"][0]["country"] == fw_lua["country"]
    ok = ok and hdr.get("content-language") == (None if lang == "en" else lang)
    t.ok(ok, "GET frameworks, Accept-Language %s: the title in %s" %
         (lang, exp[0] if exp else "?"), body)

st, _, body = get(V + A + "/frameworks", headers=None)
t.ok(st == 200 and body["lang"] == "en", "no Accept-Language: English")
st, _, body = get(V + A + "/frameworks", lang="ru-RU, kk;q=0.9")
t.ok(st == 200 and body["lang"] == "ru", "Accept-Language ru-RU, kk;q=0.9: ru")

comps_lua = decls(model_a, "competency") if model_a else []
for lang in ("ru", "kk", "uz"):
    st, _, body = get(V + A + "/frameworks/kz-2019", lang=lang)
    ok = st == 200 and conforms(body, "Framework")
    if fw_lua and ok:
        used = set()

        def want(text):
            p = pick(text, lang)
            if p:
                used.add(p[0])
            return p[1] if p else None
        ok = body["title"] == want(fw_lua["title"]) and \
            body["source"] == fw_lua.get("source")
        lv = [(l["id"], i + 1, {"min": l["posts"][0], "max": l["posts"][1]}
               if "posts" in l else None) for i, l in enumerate(fw_lua["levels"])]
        ok = ok and [(l["id"], l["order"], l["posts"]) for l in body["levels"]] == lv
        ok = ok and [c["id"] for c in body["competencies"]] == [c["id"] for c in comps_lua]
        for c, cl in zip(body["competencies"], comps_lua):
            lt = cl["t"]
            ok = ok and c["title"] == want(lt["title"]) and \
                c["description"] == want(lt.get("description")) and \
                c["group"] == lt.get("group") and \
                c["posts"] == ({"min": lt["posts"][0], "max": lt["posts"][1]}
                               if "posts" in lt else None)
            ind = lt.get("indicators")
            if ind is None:
                exp_sets = []
            elif "effective" in ind or "ineffective" in ind:
                exp_sets = [(None, [want(x) for x in ind.get("effective", [])],
                             [want(x) for x in ind.get("ineffective", [])])]
            else:
                order = [l["id"] for l in fw_lua["levels"]]
                exp_sets = [(k, [want(x) for x in ind[k].get("effective", [])],
                             [want(x) for x in ind[k].get("ineffective", [])])
                            for k in sorted(ind, key=order.index)]
            got = [(s["level"], s["effective"], s["ineffective"]) for s in c["indicators"]]
            if got != exp_sets:
                print("# %s: indicators differ" % c["id"])
                ok = False
        exp_lang = lang if lang in used else "en"
        ok = ok and body["lang"] == exp_lang and \
            set(body.get("lang_fallback", [])) == used - {exp_lang}
    t.ok(ok, "GET framework kz-2019 (%s): levels, competencies, groups, "
         "descriptions and indicators as kz-2019.lua, texts in %s where it "
         "has them" % (lang, lang), None if ok else json.dumps(body)[:2000])

st, _, body = get(V + B + "/frameworks/kz-2019", tok=b_reader, lang="en")
prof = decls(model_b, "profile") if model_b else []
ok = st == 200 and len(body["profiles"]) == len(prof) if model_b else st == 200
if model_b and ok:
    for p, pl in zip(body["profiles"], prof):
        req = {r["competency"]: r for r in p["requires"]}
        ok = ok and p["id"] == pl["id"] and set(req) == set(pl["t"]["require"]) and \
            p["posts"] == {"min": pl["t"]["posts"][0], "max": pl["t"]["posts"][1]}
        for k, v in pl["t"]["require"].items():
            r = req.get(k, {})
            ok = ok and (r.get("level") == v if isinstance(v, str) else
                         r.get("required") == v and r.get("level") is None)
            ok = ok and r.get("importance") == pl["t"].get("importance", {}).get(k, 1)
t.ok(ok, "kz-360: the profile of required levels, with importance", body)

st, _, body = get(V + A + "/frameworks/kz-2020")
t.ok(st == 404 and body["code"] == 404 and "kz-2019" in body["message"],
     "unknown framework: 404 naming kz-2019", body)

# -- assessment types ---------------------------------------------------------
agency_a = yaml.safe_load(open(os.path.join(conf, A, "agency.yaml")))
for lang in ("en", "ru", "uz"):
    st, _, body = get(V + A + "/assessments", lang=lang)
    ok = st == 200 and conforms(body, "AssessmentList")
    if model_a and ok:
        exp = []
        for d in decls(model_a, "assessment"):
            w = {k: v["weight"] for k, v in d["t"]["elements"].items()}
            exp.append((d["id"], pick(d["t"]["title"], lang)[1], w,
                        d["id"] == agency_a["assessment"],
                        agency_a.get("scorer") or d["t"].get("scorer") or "weighted"))
        got = [(a["id"], a["title"], a["weights"], a["default"], a["scorer"])
               for a in body["assessments"]]
        ok = sorted(got) == sorted(exp) and body["lang"] == ("en" if lang == "uz" else lang)
    t.ok(ok, "GET assessments (%s): A1-A5 of seed-001.lua, titles, weights, "
         "the default" % lang, body)

st, _, body = get(V + A + "/assessments/A3", lang="ru")
ok = st == 200 and conforms(body, "Assessment")
if model_a and ok:
    a3 = next(d["t"] for d in decls(model_a, "assessment") if d["id"] == "A3")
    bands = sorted(a3["bands"], key=lambda b: -b["min"])
    ok = body["title"] == a3["title"]["ru"] and \
        body["elements"] == {k: {"weight": v["weight"], "engine": v["engine"]}
                             for k, v in a3["elements"].items()} and \
        [(b["id"], b["min"]) for b in body["bands"]] == \
        [(b["label"], b["min"]) for b in bands] and \
        body["fail_band"] == bands[-1]["label"] and body["gaps"] is False and \
        body["gap_k"] is None and body["require"] == {} and body["floors"] == []
t.ok(ok, "GET assessment A3 (ru): elements with engines, bands highest "
     "first, no minimums, no gap analysis", body)

st, _, body = get(V + B + "/assessments/A1-360", tok=b_reader, lang="ru")
ok = st == 200 and conforms(body, "Assessment")
if model_b and ok:
    a = next(d["t"] for d in decls(model_b, "assessment") if d["id"] == "A1-360")
    ok = body["require"] == a["require"] and \
        [(f["competency"], f["min"]) for f in body["floors"]] == \
        sorted(a["floors"].items()) and \
        body["floors"][0]["title"] == pick(next(
            c["t"]["title"] for c in decls(model_b, "competency")
            if c["id"] == "integrity"), "ru")[1] and \
        body["fail_band"] == a["fail_band"] and body["gaps"] is True and \
        body["gap_k"] == a["gaps"]["k"] and \
        body["raters"]["combine"] == a["raters"]["combine"] and \
        all(body["raters"]["role_weights"][k] == v
            for k, v in a["raters"]["weights"].items()) and \
        body["raters"]["include_self"] is False and \
        body["raters"]["disagreement"] == a["raters"]["disagreement"] and \
        body["raters"]["minimum"] == a["raters"]["minimum"]
t.ok(ok, "GET assessment A1-360: minimums, floors with titles, fail band, "
     "gaps k, raters as assessment-360.lua", body)

st, _, body = get(V + B + "/assessments/A1-360-ANCHORED", tok=b_reader, lang="ru")
ok = st == 200 and conforms(body, "Assessment")
if model_b and ok:
    a = next(d["t"] for d in decls(model_b, "assessment")
             if d["id"] == "A1-360-ANCHORED")
    ok = [(p["point"], p["anchor"], p["evidences"]) for p in body["rating_scale"]] == \
        [(p["point"], p["anchor"]["ru"], p["evidences"]) for p in a["rating_scale"]] and \
        len(body["rating_scale"]) == 5
t.ok(ok, "GET assessment A1-360-ANCHORED (ru): the rating scale's points, "
     "anchors and what each evidences, as assessment-360.lua", body)

st, _, body = get(V + A + "/assessments/A9")
t.ok(st == 404 and all(x in body["message"] for x in ("A1", "A5")),
     "unknown assessment type: 404 naming those declared", body)

# -- persons --------------------------------------------------------------
roster = yaml.safe_load(open(os.path.join(conf, A, "roster.yaml")))["persons"]
p0 = roster[2]
st, _, body = get(V + A + "/persons/" + p0["id"])
exp = {"agency": A, "id": p0["id"], "post_level": p0["post_level"],
       "category": p0["category"], "term": p0["term"], "class": p0.get("class"),
       "position": p0.get("position"), "hired": p0.get("hired"),
       "on_leave": p0.get("on_leave", False)}
t.ok(st == 200 and conforms(body, "Person") and
     {k: body[k] for k in exp} == exp, "GET person %s: as roster.yaml gives it" %
     p0["id"], body)
st, _, body = get(V + A + "/persons/KZ-9999")
t.ok(st == 404 and "KZ-9999" in body["message"], "GET an unknown person: 404", body)
b_only = sql(db, "select id from person where agency = '%s' and id not in "
             "(select id from person where agency = '%s') limit 1" % (B, A))
st, _, body = get(V + A + "/persons/" + b_only)
t.ok(st == 404, "GET a person of kz-360 through kz-digital: 404", body)


def audits():
    return int(sql(db, "select count(*) from audit"))


entry = {"post_level": 5, "category": "official", "term": "probation",
         "class": 2, "position": "эксперт", "hired": "2025-03-01",
         "name": "Test Person", "personal": {"phone": "+7 700 000 00 00"}}
n0 = audits()
pid = "KZ-API-1"
st, _, body = srv.request("PUT", V + A + "/persons/" + pid, integ, body=entry)
row = sql(db, "select post_level, category, term, class_level, position, hired,"
          " on_leave from person where agency = '%s' and id = '%s'" % (A, pid))
t.ok(st == 201 and conforms(body, "Person") and body["id"] == pid and
     "name" not in body and "personal" not in body and
     row == "5|official|probation|2|эксперт|2025-03-01|0",
     "PUT a new person: 201, the register holds it, no personal field answered",
     body)
t.ok(sql(db, "select name, fields from person_detail where person = '%s'" % pid) ==
     'Test Person|{"phone":"+7 700 000 00 00"}',
     "  ... the name and personal fields kept apart in person_detail")
last = sql(db, "select actor, action, subject from audit order by seq desc limit 1")
t.ok(audits() == n0 + 1 and last == "token:%s|person-put|%s/%s" % (integ_id, A, pid) and
     "Test Person" not in sql(db, "select detail from audit order by seq desc limit 1"),
     "  ... one audit entry person-put by the token, without the name", last)
stamp = sql(db, "select updated_at from person where id = '%s'" % pid)
st, _, body2 = srv.request("PUT", V + A + "/persons/" + pid, integ,
                           body=dict(entry, id=pid, agency=A))
t.ok(st == 200 and body2 == body and audits() == n0 + 1 and
     sql(db, "select updated_at from person where id = '%s'" % pid) == stamp,
     "PUT the same again (with id and agency): 200, nothing written", body2)
st, _, body = get(V + A + "/persons/" + pid)
t.ok(st == 200 and body == body2, "GET answers what PUT answered")

# merit import of the same entry finds it unchanged: PUT stores what import does
rfile = os.path.join(tmp, "roster-api.yaml")
with open(rfile, "w") as f:
    yaml.safe_dump({"persons": [dict(entry, id=pid)]}, f, allow_unicode=True)
p = merit("import", os.path.join(conf, A), rfile, "--db", db)
t.ok("0 new, 0 changed, 1 unchanged" in p.stdout and audits() == n0 + 1,
     "merit import of the same entry: 0 new, 0 changed, 1 unchanged", p.stdout)
# and the other way: a person imported reads back through the API
with open(rfile, "w") as f:
    yaml.safe_dump({"persons": [{"id": "KZ-API-2", "post_level": 9,
                                 "category": "operational", "term": "fixed",
                                 "on_leave": True}]}, f)
merit("import", os.path.join(conf, A), rfile, "--db", db)
st, _, body = get(V + A + "/persons/KZ-API-2")
t.ok(st == 200 and body["post_level"] == 9 and body["on_leave"] is True and
     body["class"] is None, "a person merit import wrote: GET gives it", body)

n1 = audits()
st, _, body = srv.request("PUT", V + A + "/persons/" + pid, admin,
                          body={"post_level": 6, "category": "official",
                                "term": "indefinite"})
t.ok(st == 200 and body["post_level"] == 6 and body["hired"] is None and
     body["position"] is None and audits() == n1 + 1,
     "PUT a changed entry (admin): 200, the record replaced whole, one audit entry",
     body)
st, _, body = srv.request("PUT", V + A + "/persons/KZ-API-3", integ,
                          body={"post_level": 0, "category": "boss",
                                "hired": "1st of May", "on_leave": "no",
                                "colour": "red"})
fields = sorted(x["field"] for x in (body or {}).get("problems", []))
t.ok(st == 400 and conforms(body, "Error") and fields ==
     ["category", "colour", "hired", "on_leave", "post_level", "term"] and
     all(f + ":" in body["message"] for f in fields) and
     sql(db, "select count(*) from person where id = 'KZ-API-3'") == "0",
     "PUT not a valid entry: 400 with every problem and its field, nothing written",
     body)
st, _, body = srv.request("PUT", V + A + "/persons/KZ-API-3", integ,
                          body={"name": 5, "personal": "x", "post_level": 1,
                                "category": "official", "term": "fixed"})
fields = sorted(x["field"] for x in (body or {}).get("problems", []))
t.ok(st == 400 and fields == ["name", "personal"],
     "PUT with a name that is not text and personal that is not a mapping: 400", body)
st, _, body = srv.request("PUT", V + A + "/persons/KZ-API-3", integ,
                          body={"id": "KZ-API-4", "post_level": 1,
                                "category": "official", "term": "fixed"})
t.ok(st == 400 and "KZ-API-4" in body["message"] and "KZ-API-3" in body["message"],
     "PUT whose body names another person: 400", body)
st, _, body = srv.request("PUT", V + A + "/persons/KZ-API-3", integ,
                          body={"agency": B, "post_level": 1,
                                "category": "official", "term": "fixed"})
t.ok(st == 403, "PUT whose body names another agency: 403", body)
st, _, body = srv.request("PUT", V + A + "/persons/KZ-API-3", reader,
                          body={"post_level": 1, "category": "official",
                                "term": "fixed"})
t.ok(st == 403 and "integrator" in body["message"], "PUT with a reader token: 403", body)
st, _, body = srv.request("PUT", V + A + "/persons/KZ-API-3", integ, body="[1, 2]")
t.ok(st == 400, "PUT with a body that is not an object: 400", body)
st, _, body = srv.request("PUT", V + A + "/persons/KZ-API-3", integ,
                          body="post_level=1", headers={"Content-Type": "text/plain"})
t.ok(st == 415, "PUT of text/plain: 415", body)
weird = "KZ 5/ü"
st, _, body = srv.request("PUT", V + A + "/persons/" + urllib.parse.quote(weird, safe=""),
                          integ, body={"post_level": 3, "category": "auxiliary",
                                       "term": "fixed"})
t.ok(st == 201 and body["id"] == weird and
     sql(db, "select count(*) from person where id = 'KZ 5/ü'") == "1",
     "a percent-encoded person id (space, slash, ü) is the id", body)

# -- results ----------------------------------------------------------------
pb = sql(db, "select person from result where agency = '%s' group by person"
         " having count(*) >= 2 order by person limit 1" % B)
st, hdr, body = get(V + B + "/persons/" + pb + "/results", tok=b_reader, lang="ru")
ids = [int(x) for x in sql(db, "select id from result where agency = '%s' and "
                            "person = '%s' order by id desc" % (B, pb)).split()]
t.ok(st == 200 and conforms(body, "ResultList") and
     [r["id"] for r in body["results"]] == ids and len(ids) == 2,
     "GET results: both of %s, newest first" % pb, body)
ok = True
for r in body["results"] if st == 200 else []:
    q = "from result where id = %d" % r["id"]
    vals = sql(db, "select receipt, assessment, period, printf('%.17g', k), band,"
               " status, model_hash, scored_at " + q).split("|")
    ok = ok and [r["receipt"], r["assessment"], r["period"]] == vals[:3] and \
        abs(r["K"] - float(vals[3])) < 1e-12 and [r["band"], r["status"],
                                                  r["model_hash"], r["scored_at"]] == vals[4:]
    for e in ("qualification", "qualities", "performance"):
        v, w = sql(db, "select %s, w_%s %s" % (e, e, q)).split("|")
        if w == "":
            ok = ok and e not in r["elements"]
        else:
            ok = ok and abs(r["elements"][e]["weight"] - float(w)) < 1e-12 and \
                abs(r["elements"][e]["value"] - float(v)) < 1e-12
    expl = subprocess.run(["sqlite3", db, "select explanation " + q],
                          capture_output=True, text=True).stdout
    ok = ok and "\n".join(r["explanation"]) == expl.rstrip("\n")
    comp = sql(db, "select competency, ifnull(level, ''), ifnull(printf('%%.17g',"
               " value), ''), raters, disagreement from competency_result"
               " where result_id = %d" % r["id"])
    exp = {}
    for x in comp.split("\n"):
        if x:
            cid, lvl, val, nr, dis = x.split("|")
            exp[cid] = (lvl, float(val) if val else None, int(nr), int(dis))
    got = {c["id"]: (c["level"] or "", c["value"], c["raters"], int(c["disagreement"]))
           for c in r["competencies"]}
    ok = ok and len(got) == len(r["competencies"]) and set(got) == set(exp)
    for cid in exp if ok else []:
        g, e = got[cid], exp[cid]
        ok = ok and g[0] == e[0] and g[2:] == e[2:] and \
            ((g[1] is None) == (e[1] is None)) and \
            (g[1] is None or abs(g[1] - e[1]) < 1e-12)
    ngap = int(sql(db, "select count(*) from gap where result_id = %d" % r["id"]))
    ok = ok and len(r["gaps"]) == ngap
    if not ok:
        print("# result %d differs from the register: %s" % (r["id"], json.dumps(r)[:3000]))
        break
t.ok(ok, "each result: receipt, assessment, period, K, band, status, model, "
     "elements and weights, explanation lines, competencies and gaps as stored")
ok, known = st == 200, 0
for r in body["results"] if st == 200 else []:
    q = "from result where id = %d" % r["id"]
    kse, cut, band = sql(db, "select ifnull(printf('%.17g', k_se), ''),"
                         " ifnull(printf('%.17g', borderline_cut), ''),"
                         " ifnull(borderline_band, '') " + q).split("|")
    ok = ok and ((r["K_se"] is None) == (kse == "")) and \
        (kse == "" or abs(r["K_se"] - float(kse)) < 1e-12) and \
        (r["borderline"] == ({"cut": float(cut), "band": band} if band else None))
    for e, el in r["elements"].items():
        se = sql(db, "select ifnull(printf('%%.17g', %s_se), '') %s" % (e, q))
        ok = ok and ((el["se"] is None) == (se == "")) and \
            (se == "" or abs(el["se"] - float(se)) < 1e-12)
    known += r["K_se"] is not None
t.ok(ok and known, "each result: K_se, borderline and each element's se as "
     "stored (%d with a known K_se)" % known, body)
if model_b and st == 200:
    comp_order = [c["id"] for c in decls(model_b, "competency")]
    titles = {c["id"]: pick(c["t"]["title"], "ru")[1] for c in decls(model_b, "competency")}
    r0 = body["results"][0]
    a_title = {d["id"]: d["t"]["title"] for d in decls(model_b, "assessment")}
    ok = [c["id"] for c in r0["competencies"]] == \
        [c for c in comp_order if c in {x["id"] for x in r0["competencies"]}] and \
        all(c["title"] == titles[c["id"]] for c in r0["competencies"]) and \
        r0["assessment_title"] == pick(a_title[r0["assessment"]], "ru")[1]
    t.ok(ok, "competencies in the framework's order, titles in Russian "
         "(English where kz-2019.lua has no Russian)", r0["competencies"][:3])
st, _, body = get(V + B + "/persons/" + pb + "/results?limit=1&assessment=A1-360",
                  tok=b_reader)
t.ok(st == 200 and len(body["results"]) == 1 and
     body["results"][0]["assessment"] == "A1-360",
     "?limit=1&assessment=A1-360: that one", body)
st, _, body = get(V + B + "/persons/" + pb + "/results?limit=1", tok=b_reader)
t.ok(st == 200 and [r["id"] for r in body["results"]] == ids[:1], "?limit=1: the newest")
for bad in ("limit=0", "limit=201", "limit=ten", "limit=", "limt=3", "assessment="):
    st, _, body = get(V + B + "/persons/" + pb + "/results?" + bad, tok=b_reader)
    t.ok(st == 400 and bad.split("=")[0] in body["message"], "?%s: 400" % bad, body)
st, _, body = get(V + B + "/persons/" + pb + "/results?assessment=A7", tok=b_reader)
t.ok(st == 404 and "A1-360" in body["message"],
     "?assessment=A7, declared nowhere: 404 naming the model's types", body)
st, _, body = get(V + B + "/persons/" + pb + "/results?agency=" + B, tok=b_reader)
t.ok(st == 200, "?agency= naming the caller's own agency is accepted", body)
st, _, body = get(V + B + "/persons/KZ-9999/results", tok=b_reader)
t.ok(st == 404, "results of an unknown person: 404", body)
st, _, body = get(V + A + "/persons/KZ-API-2/results")
t.ok(st == 200 and body["results"] == [], "a person never assessed: no results", body)

# -- gaps -------------------------------------------------------------------
# the current result: the A5-360 result scored since is a trial
latest = int(sql(db, "select id from current_result where agency = '%s' and"
                 " person = '%s'" % (B, pb)))
gaps = sql(db, "select priority, competency, required, ifnull(required_level, ''),"
           " measured, gap from gap where result_id = %d order by priority" % latest)
gaps = [g.split("|") for g in gaps.split("\n") if g]
for lang in ("kk", "ru"):
    st, hdr, body = get(V + B + "/persons/" + pb + "/gaps", tok=b_reader, lang=lang)
    ok = st == 200 and conforms(body, "Gaps") and body["result"] == latest and \
        len(body["gaps"]) == len(gaps)
    for g, (pr, c, req, rl, meas, gap) in zip(body["gaps"] if ok else [], gaps):
        ok = ok and g["priority"] == int(pr) and g["competency"] == c and \
            abs(g["required"] - float(req)) < 1e-12 and \
            (g["required_level"] or "") == rl and \
            abs(g["measured"] - float(meas)) < 1e-12 and abs(g["gap"] - float(gap)) < 1e-12
        if model_b:
            ok = ok and g["title"] == pick(next(x["t"]["title"] for x in decls(
                model_b, "competency") if x["id"] == c), lang)[1]
    if model_b and ok:
        a = next(d["t"] for d in decls(model_b, "assessment")
                 if d["id"] == body["assessment"])
        ok = body["gap_analysis"] is True and body["gap_k"] == a["gaps"]["k"] and \
            body["lang"] == ("ru" if lang == "ru" else "en")
    t.ok(ok, "GET gaps (%s): those of the current result (%d), as the gap "
         "table holds them, titles in %s or English" % (lang, len(gaps), lang), body)
first = int(sql(db, "select max(id) from result where agency = '%s' and person = '%s'"
                " and assessment = 'A1-360'" % (B, pb)))
st, _, body = get(V + B + "/persons/" + pb + "/gaps?assessment=A1-360", tok=b_reader)
t.ok(st == 200 and body["result"] == first and body["assessment"] == "A1-360" and
     len(body["gaps"]) == int(sql(db, "select count(*) from gap where result_id = %d"
                                  % first)),
     "?assessment=A1-360: the gaps of that type's latest result", body)
pa = roster[0]["id"]
st, _, body = get(V + A + "/persons/" + pa + "/gaps")
t.ok(st == 200 and body["gaps"] == [] and body["gap_analysis"] is False and
     body["gap_k"] is None, "kz-digital's A1 runs no gap analysis: none, and says so",
     body)
st, _, body = get(V + A + "/persons/KZ-API-2/gaps")
t.ok(st == 404 and "evidence" in body["message"],
     "gaps of a person never assessed: 404 saying to submit evidence", body)
st, _, body = get(V + A + "/persons/" + pa + "/gaps?limit=3")
t.ok(st == 400 and "limit" in body["message"], "gaps takes no ?limit: 400", body)

code = srv.stop()
t.ok(code == 0, "the server stops cleanly", open(srv.log_path).read()[-2000:])
shutil.rmtree(tmp)
t.done()
PY
