#!/usr/bin/env python3
"""Independent recomputation of merit's integral scores (golden check).

Usage:
    recompute.py [--assessment ID] [--print] [--strict] AGENCY_DIR [RESULTS.jsonl]

Reads AGENCY_DIR/agency.yaml and the roster and evidence it names (PyYAML),
recomputes for every person the element scores B_M (qualification), B_KF
(professional qualities) and B_FS (performance), the integral score K and
its band, and compares them with the JSON Lines that merit wrote to
RESULTS.jsonl (one object per person).

Nothing here is read from merit's Lua: the weight table, the indicator
counts and rated competencies of the Kazakhstan framework, the nine Uzbek
competencies and the qualification requirements of each bundled example
are copied by hand into the tables below (see t/golden/README.md for the
sources), so the check stays independent of the code it checks.

Output is TAP: one test per roster person (K within 1e-9, band exactly,
each element score and weight within 1e-9, null where the assessment type
does not use the element, the assessment id and agency as expected), then
one test that the persons in the results are exactly the roster. --strict
adds a comparison of every competency value. Exit status: 0 all ok, 1 some
test failed, 2 usage or input error.

  --assessment ID   score as assessment type ID instead of the agency's own
  --print           print a table of the recomputed values (as TAP comments
                    when RESULTS is given; RESULTS is optional with --print)
  --strict          also compare the competencies of each result
"""

import json
import math
import os
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    print("1..0 # SKIP PyYAML (python3-yaml) is not installed")
    sys.exit(0)

TOL = 1e-9

# --------------------------------------------------------------------------
# Hand-copied tables.

# Seed 001 (Table 1, "Weight indicators of evaluation elements"), columns
# qualification / professional qualities / performance; None = "–".
WEIGHTS = {
    "A1": {"qualification": 0.2, "qualities": 0.3, "performance": 0.5},
    "A2": {"qualification": 0.2, "qualities": 0.3, "performance": 0.5},
    "A3": {"qualification": 0.8, "qualities": 0.2, "performance": None},
    "A4": {"qualification": 0.8, "qualities": 0.2, "performance": None},
    "A5": {"qualification": 0.2, "qualities": 0.4, "performance": 0.4},
}
ELEMENTS = ("qualification", "qualities", "performance")

# The documented bands, highest first.
# The indicators engine's default: a level counts as attained from this
# value of its indicators on (merit-lua(7), "attain").
ATTAIN = 0.5
# Its other defaults (merit-lua(7), "Coverage"): a competency needs at least
# this share of its set's indicators observed for a value, and B_KF at
# least this share of the competencies that apply with a value.
MIN_COVERAGE = 0.5
MIN_EVIDENCED = 0.5

BANDS = [(0.85, "excellent"), (0.7, "good"), (0.5, "satisfactory"),
         (0.0, "unsatisfactory")]

EDUCATION_RANK = {"secondary": 1, "vocational": 2, "bachelor": 3,
                  "master": 4, "doctorate": 5}

# Frameworks. "levels": (id, first post, last post), low to high.
# "competencies": id -> {"posts": (first, last) or None, "sets": {level id
# or None (level-independent): (n_effective, n_ineffective)}} or
# {"rating": True} for a competency rated directly.
FRAMEWORKS = {
    # Seed 002, Table 1 (Kazakhstan, 2019 framework).
    "kz": {
        "levels": [("D", 1, 6), ("C", 7, 9), ("B", 10, 12)],
        "competencies": {
            # "the level of manifestation of competence (1 - 15 levels of
            # posts)": four effective and four ineffective bullets.
            "customer-orientation": {"posts": (1, 15), "sets": {None: (4, 4)}},
            # levels "b" (10-12), "C" (7-9), "D" (1-6): three and three each.
            "cooperation": {"posts": None,
                            "sets": {"B": (3, 3), "C": (3, 3), "D": (3, 3)}},
            # FRAMEWORKS.md, "Kazakhstan": the other corps "B" competencies,
            # recalled, without indicators: each is rated directly.
            **{c: {"rating": True} for c in (
                "managing-activities", "decision-making", "initiative",
                "stress-resistance", "responsibility", "results-orientation",
                "integrity", "self-development", "developing-staff",
                "leadership", "strategic-thinking")},
        },
    },
    # Uzbekistan key competencies for management personnel: no levels, no
    # indicators; each competency is rated directly.
    "uz": {
        "levels": [],
        "competencies": {c: {"rating": True} for c in (
            "innovation-orientation", "project-management", "leadership",
            "ethics", "positive-thinking", "teamwork", "building-trust",
            "business-communication", "result-orientation")},
    },
}

# Qualification requirements of the bundled examples, copied by hand from
# examples/<agency>/requirements.lua. A key absent = criterion not declared.
REQUIREMENTS = {
    "kz-digital": [
        {"id": "kz-digital-junior", "posts": (1, 6),
         "education": "bachelor", "service_years": 1, "training_hours": 36,
         "certifications": ["state-language-b1"]},
        {"id": "kz-digital-middle", "posts": (7, 9),
         "education": "bachelor", "service_years": 3, "training_hours": 54,
         "certifications": ["state-language-b2", "anti-corruption-basics"]},
        {"id": "kz-digital-senior", "posts": (10, 12),
         "education": "master", "service_years": 5, "training_hours": 72,
         "certifications": ["state-language-c1", "anti-corruption-basics",
                            "project-management"],
         "weights": {"education": 2, "service_years": 2,
                     "training_hours": 1, "certifications": 1}},
        {"id": "kz-digital-management", "posts": (13, 15),
         "education": "master", "service_years": 8, "training_hours": 72},
    ],
    "uz-adps": [
        {"id": "uz-adps-specialist", "posts": (1, 3),
         "education": "bachelor", "service_years": 0, "training_hours": 24,
         "certifications": ["state-language-b1"]},
        {"id": "uz-adps-leading", "posts": (4, 6),
         "education": "bachelor", "service_years": 2, "training_hours": 36,
         "certifications": ["state-language-b2", "anti-corruption"]},
        {"id": "uz-adps-head", "posts": (7, 9),
         "education": "master", "service_years": 4, "training_hours": 72,
         "certifications": ["state-language-b2", "anti-corruption",
                            "project-management"],
         "weights": {"education": 2, "service_years": 1,
                     "training_hours": 1, "certifications": 2}},
        {"id": "uz-adps-executive", "posts": (10, 12),
         "education": "master", "service_years": 7, "training_hours": 100,
         "certifications": ["anti-corruption", "project-management",
                            "public-finance"]},
    ],
}

DEFAULT_RATING_SCALE = (1, 5)


# --------------------------------------------------------------------------

class InputError(Exception):
    """The agency's files are unusable as a whole."""


class PersonError(Exception):
    """One person's data is invalid; the check of that person fails."""


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) \
        and math.isfinite(x)


def load_yaml(path):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        raise InputError("%s: %s" % (path, e))


def band_of(k):
    for lo, label in BANDS:
        if k >= lo - TOL:
            return label
    return BANDS[-1][1]


def person_level(fw, post):
    for lv, lo, hi in fw["levels"]:
        if lo <= post <= hi:
            return lv
    return None


def applicable(fw, post):
    """Competency id -> indicator-set key (level id, None) or "rating"."""
    level = person_level(fw, post)
    out = {}
    for cid, c in fw["competencies"].items():
        if c.get("rating"):
            out[cid] = "rating"
            continue
        if level in c["sets"]:
            out[cid] = level
        elif None in c["sets"]:
            lo, hi = c["posts"] if c["posts"] else (-math.inf, math.inf)
            if lo <= post <= hi:
                out[cid] = None
    return out


# ---- qualification (B_M)

def requirement_for(reqs, post):
    hits = [r for r in reqs if r["posts"][0] <= post <= r["posts"][1]]
    if len(hits) != 1:
        raise PersonError("%d requirements cover post %d" % (len(hits), post))
    return hits[0]


def qualification(reqs, post, q):
    if not isinstance(q, dict):
        raise PersonError("qualification: not a mapping")
    r = requirement_for(reqs, post)
    w = r.get("weights", {})
    parts = []
    if "education" in r:
        have = q.get("education")
        if have not in EDUCATION_RANK:
            raise PersonError("qualification.education: %r" % (have,))
        a, need = EDUCATION_RANK[have], EDUCATION_RANK[r["education"]]
        parts.append((w.get("education", 1), 1.0 if a >= need else a / need))
    for key in ("service_years", "training_hours"):
        if key not in r:
            continue
        have = q.get(key)
        if not is_number(have) or have < 0:
            raise PersonError("qualification.%s: %r" % (key, have))
        need = r[key]
        parts.append((w.get(key, 1),
                      1.0 if need == 0 else min(1.0, have / need)))
    if "certifications" in r:
        have = q.get("certifications")
        if not isinstance(have, list) or \
                not all(isinstance(c, str) for c in have):
            raise PersonError("qualification.certifications: %r" % (have,))
        need = r["certifications"]
        held = len([c for c in need if c in have])
        parts.append((w.get("certifications", 1),
                      1.0 if not need else held / len(need)))
    total = sum(wt for wt, _ in parts)
    return sum(wt * s for wt, s in parts) / total, r["id"]


# ---- professional qualities (B_KF)

def index_list(xs, n, where):
    if not isinstance(xs, list) or \
            not all(isinstance(i, int) and not isinstance(i, bool)
                    and 1 <= i <= n for i in xs) or \
            len(set(xs)) != len(xs):
        raise PersonError("%s: %r (indices 1..%d, no repeats)" % (where, xs, n))
    return set(xs)


def indicator_value(counts, obs, where):
    """(value, number observed) of one observation. An indicator counts
    only when it was observed: seen (listed under effective / ineffective)
    or watched for and absent (under absent). Effective ones seen and
    ineffective ones absent are for the person. Value None when nothing
    was observed."""
    n_eff, n_ineff = counts
    if not isinstance(obs, dict) or \
            not set(obs) <= {"effective", "ineffective", "absent"}:
        raise PersonError("%s: need effective, ineffective, absent" % where)
    absent = obs.get("absent", {})
    if not isinstance(absent, dict) or \
            not set(absent) <= {"effective", "ineffective"}:
        raise PersonError("%s.absent: %r" % (where, absent))
    seen, gone = {}, {}
    for kind, n in (("effective", n_eff), ("ineffective", n_ineff)):
        seen[kind] = index_list(obs.get(kind, []), n, "%s.%s" % (where, kind))
        gone[kind] = index_list(absent.get(kind, []), n,
                                "%s.absent.%s" % (where, kind))
        if seen[kind] & gone[kind]:
            raise PersonError("%s: %s both seen and absent" % (where, kind))
    n_obs = sum(len(x) for x in seen.values()) + \
        sum(len(x) for x in gone.values())
    if not n_obs:
        return None, 0
    return (len(seen["effective"]) + len(gone["ineffective"])) / n_obs, n_obs


def enough(counts, n_obs):
    return n_obs > 0 and n_obs >= MIN_COVERAGE * sum(counts) - 1e-9


def qualities(fw, post, scale, ev):
    if not isinstance(ev, dict):
        raise PersonError("qualities: not a mapping")
    want = applicable(fw, post)
    if set(ev) != set(want):
        raise PersonError("qualities: got %s, expected %s"
                          % (sorted(ev), sorted(want)))
    values = {}
    for cid, key in sorted(want.items()):
        obs = ev[cid]
        where = "qualities.%s" % cid
        if key == "rating":
            if not isinstance(obs, dict) or set(obs) != {"rating"}:
                raise PersonError("%s: need { rating: N }" % where)
            r = obs["rating"]
            lo, hi = scale
            if not isinstance(r, int) or isinstance(r, bool) or \
                    not lo <= r <= hi:
                raise PersonError("%s.rating: %r" % (where, r))
            values[cid] = (None, (r - lo) / (hi - lo))
            continue
        sets = fw["competencies"][cid]["sets"]
        if isinstance(obs, dict) and obs and \
                not {"effective", "ineffective"} & set(obs):
            # Keyed by level: each key a level of the competency; the
            # person's own level decides the value.
            unknown = [lv for lv in obs if lv is None or lv not in sets]
            if unknown:
                raise PersonError("%s: not levels of the competency: %s"
                                  % (where, unknown))
            if key is None or key not in obs:
                raise PersonError("%s: own level %s not rated" % (where, key))
            # The level attained is the highest rated level whose value
            # reaches ATTAIN (levels rank as the framework lists them).
            # Only levels observed enough count.
            order = [lv for lv, _, _ in fw["levels"]]
            best = None
            for lv, o in obs.items():
                v, k = indicator_value(sets[lv], o, "%s.%s" % (where, lv))
                if lv == key:
                    own, own_k = v, k
                if enough(sets[lv], k) and v >= ATTAIN and \
                        (best is None or order.index(lv) > order.index(best)):
                    best = lv
            values[cid] = (best, own) if enough(sets[key], own_k) \
                else (None, None)
        else:
            v, k = indicator_value(sets[key], obs, where)
            # A level is reported only for competencies declared by level
            # (key None: one level-independent set), and only if attained;
            # with too little observed, neither value nor level.
            if not enough(sets[key], k):
                values[cid] = (None, None)
            else:
                values[cid] = (key if key is not None and v >= ATTAIN
                               else None, v)
    if not values:
        raise PersonError("qualities: no competency applies at post %d" % post)
    known = [v for _, v in values.values() if v is not None]
    if not known or len(known) < MIN_EVIDENCED * len(values) - 1e-9:
        raise PersonError("qualities: %d of %d competencies observed enough"
                          % (len(known), len(values)))
    return sum(known) / len(known), values


# ---- performance (B_FS)

def performance(goals):
    if not isinstance(goals, list) or not goals:
        raise PersonError("performance: need a non-empty list of goals")
    num = den = 0.0
    for i, g in enumerate(goals, 1):
        if not isinstance(g, dict):
            raise PersonError("performance[%d]: not a mapping" % i)
        t, a, w = g.get("target"), g.get("actual"), g.get("weight", 1)
        if not is_number(t) or t <= 0 or not is_number(a) or a < 0 or \
                not is_number(w) or w <= 0:
            raise PersonError("performance[%d]: target %r actual %r weight %r"
                              % (i, t, a, w))
        num += w * min(1.0, a / t)
        den += w
    return num / den


# ---- one person

def score(agency, fw, reqs, scale, weights, person, ev):
    post = person.get("post_level")
    if not isinstance(post, int) or isinstance(post, bool):
        raise PersonError("post_level: %r" % (post,))
    el = dict.fromkeys(ELEMENTS)
    info = {}
    if weights["qualification"] is not None:
        el["qualification"], info["requirement"] = \
            qualification(reqs, post, ev.get("qualification"))
    if weights["qualities"] is not None:
        el["qualities"], info["competencies"] = \
            qualities(fw, post, scale, ev.get("qualities"))
    if weights["performance"] is not None:
        el["performance"] = performance(ev.get("performance"))
    k = 0.0
    for e in ELEMENTS:
        if weights[e] is not None:
            k += weights[e] * el[e]
    return {"person": person["id"], "post": post, "elements": el,
            "weights": dict(weights), "K": k, "band": band_of(k),
            "info": info}


def recompute(agency_dir, assessment=None):
    """Expected results by person id, in roster order, plus the agency."""
    a = load_yaml(os.path.join(agency_dir, "agency.yaml"))
    if not isinstance(a, dict):
        raise InputError("agency.yaml: not a mapping")
    agency = a.get("agency")
    fwid = a.get("framework")
    atype = assessment or a.get("assessment")
    if agency not in REQUIREMENTS:
        raise InputError("no hand-copied requirements for agency %r" % agency)
    if fwid not in FRAMEWORKS:
        raise InputError("no hand-copied framework %r" % fwid)
    if atype not in WEIGHTS:
        raise InputError("unknown assessment type %r" % atype)
    scale = DEFAULT_RATING_SCALE
    rs = ((a.get("plugins") or {}).get("indicators") or {}).get("rating_scale")
    if rs is not None:
        if not (isinstance(rs, list) and len(rs) == 2 and
                all(is_number(x) for x in rs) and rs[0] < rs[1]):
            raise InputError("agency.yaml: rating_scale %r" % (rs,))
        scale = tuple(rs)

    roster = load_yaml(os.path.join(agency_dir, a.get("roster", "roster.yaml")))
    evidence = load_yaml(os.path.join(agency_dir,
                                      a.get("evidence", "evidence.yaml")))
    persons = (roster or {}).get("persons")
    items = (evidence or {}).get("evidence")
    if not isinstance(persons, list) or not isinstance(items, list):
        raise InputError("roster needs persons: [...], evidence needs "
                         "evidence: [...]")
    by_id = {}
    for p in persons:
        pid = p.get("id") if isinstance(p, dict) else None
        if not isinstance(pid, str) or pid in by_id:
            raise InputError("roster: bad or repeated id %r" % (pid,))
        by_id[pid] = p
    ev_by = {}
    for e in items:
        pid = e.get("person") if isinstance(e, dict) else None
        if pid not in by_id or pid in ev_by:
            raise InputError("evidence: unknown or repeated person %r"
                             % (pid,))
        ev_by[pid] = e

    fw = FRAMEWORKS[fwid]
    reqs = REQUIREMENTS[agency]
    weights = WEIGHTS[atype]
    out = []
    for p in persons:
        pid = p["id"]
        try:
            if pid not in ev_by:
                raise PersonError("no evidence")
            r = score(agency, fw, reqs, scale, weights, p, ev_by[pid])
        except PersonError as e:
            r = {"person": pid, "error": str(e)}
        out.append(r)
    return {"agency": agency, "framework": fwid, "assessment": atype,
            "results": out}


# --------------------------------------------------------------------------
# comparison

def close(x, y):
    if y is None:
        return x is None
    return is_number(x) and abs(x - y) <= TOL


def compare(exp, got, meta, strict):
    """Problems (list of strings) of one result against the expectation."""
    bad = []
    if got.get("agency") != meta["agency"]:
        bad.append("agency %r, expected %r" % (got.get("agency"),
                                               meta["agency"]))
    if got.get("assessment") != meta["assessment"]:
        bad.append("assessment %r, expected %r" % (got.get("assessment"),
                                                   meta["assessment"]))
    if not close(got.get("K"), exp["K"]):
        bad.append("K %r, expected %.12f" % (got.get("K"), exp["K"]))
    if got.get("band") != exp["band"]:
        bad.append("band %r, expected %r" % (got.get("band"), exp["band"]))
    for part in ("elements", "weights"):
        have = got.get(part)
        if not isinstance(have, dict):
            bad.append("%s missing" % part)
            continue
        for e in ELEMENTS:
            want = exp[part][e]
            if e not in have:
                bad.append("%s.%s missing" % (part, e))
            elif not close(have[e], want):
                bad.append("%s.%s %r, expected %s"
                           % (part, e, have[e],
                              "null" if want is None else "%.12f" % want))
    if strict and "competencies" in exp["info"]:
        have = got.get("competencies")
        want = exp["info"]["competencies"]
        if not isinstance(have, dict) or set(have) != set(want):
            bad.append("competencies %s, expected %s"
                       % (sorted(have) if isinstance(have, dict) else have,
                          sorted(want)))
        else:
            for cid, (lv, v) in sorted(want.items()):
                c = have[cid] if isinstance(have[cid], dict) else {}
                if not close(c.get("value"), v):
                    bad.append("competencies.%s.value %r, expected %s"
                               % (cid, c.get("value"), "null (insufficient"
                                  " evidence)" if v is None else
                                  "%.12f" % v))
                if v is None and c.get("evidence") != "insufficient":
                    bad.append("competencies.%s: evidence %r, expected "
                               "insufficient" % (cid, c.get("evidence")))
                if c.get("level") != lv:
                    bad.append("competencies.%s.level %r, expected %r"
                               % (cid, c.get("level"), lv))
    return bad


def fmt(x):
    return "-" if x is None else "%.6f" % x


def table(exp, prefix):
    lines = ["%-10s %4s %-9s %-9s %-9s %-9s %s"
             % ("person", "post", "B_M", "B_KF", "B_FS", "K", "band")]
    for r in exp["results"]:
        if "error" in r:
            lines.append("%-10s ERROR %s" % (r["person"], r["error"]))
            continue
        el = r["elements"]
        lines.append("%-10s %4d %-9s %-9s %-9s %-9s %s"
                     % (r["person"], r["post"], fmt(el["qualification"]),
                        fmt(el["qualities"]), fmt(el["performance"]),
                        fmt(r["K"]), r["band"]))
    counts = {}
    for r in exp["results"]:
        if "band" in r:
            counts[r["band"]] = counts.get(r["band"], 0) + 1
    lines.append("%s %s %s: %s" % (
        exp["agency"], exp["framework"], exp["assessment"],
        ", ".join("%s %d" % (b, counts.get(b, 0)) for _, b in BANDS)))
    for ln in lines:
        print(prefix + ln)


def read_results(path):
    rows, problems = [], []
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        raise InputError("%s: %s" % (path, e))
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                problems.append("%s:%d: not JSON: %s" % (path, n, e))
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get("person"),
                                                           str):
                problems.append("%s:%d: not an object with a person" %
                                (path, n))
                continue
            rows.append(obj)
    return rows, problems


def usage(msg):
    sys.stderr.write("recompute.py: %s\nusage: recompute.py [--assessment ID]"
                     " [--print] [--strict] AGENCY_DIR [RESULTS.jsonl]\n"
                     % msg)
    return 2


def main(argv):
    args, assessment, want_print, strict = [], None, False, False
    it = iter(argv[1:])
    for a in it:
        if a == "--assessment":
            assessment = next(it, None)
            if assessment is None:
                return usage("--assessment needs an id (A1..A5)")
        elif a.startswith("--assessment="):
            assessment = a.split("=", 1)[1]
        elif a == "--print":
            want_print = True
        elif a == "--strict":
            strict = True
        elif a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        elif a.startswith("-") and a != "-":
            return usage("unknown option %s" % a)
        else:
            args.append(a)
    if len(args) not in (1, 2) or (len(args) == 1 and not want_print):
        return usage("need AGENCY_DIR and RESULTS.jsonl")

    try:
        exp = recompute(args[0], assessment)
        if len(args) == 1:
            table(exp, "")
            return 0 if all("error" not in r for r in exp["results"]) else 1
        rows, problems = read_results(args[1])
    except InputError as e:
        print("Bail out! %s" % e)
        return 2

    got, dup = {}, []
    for r in rows:
        if r["person"] in got:
            dup.append(r["person"])
        got[r["person"]] = r
    results = exp["results"]
    print("1..%d" % (len(results) + 1))
    failed = 0
    for n, r in enumerate(results, 1):
        pid = r["person"]
        if "error" in r:
            bad = ["input: " + r["error"]]
        elif pid not in got:
            bad = ["missing from the results"]
        else:
            bad = compare(r, got[pid], exp, strict)
        if bad:
            failed += 1
            print("not ok %d - %s" % (n, pid))
            for b in bad:
                print("#   %s" % b)
        else:
            print("ok %d - %s K=%.6f %s" % (n, pid, r["K"], r["band"]))
    roster = {r["person"] for r in results}
    missing = sorted(roster - set(got))
    extra = sorted(set(got) - roster)
    if missing or extra or dup or problems:
        failed += 1
        print("not ok %d - persons in the results equal the roster"
              % (len(results) + 1))
        for label, xs in (("missing", missing), ("not in roster", extra),
                          ("repeated", sorted(set(dup)))):
            if xs:
                print("#   %s: %s" % (label, " ".join(xs)))
        for p in problems:
            print("#   %s" % p)
    else:
        print("ok %d - persons in the results equal the roster (%d)"
              % (len(results) + 1, len(roster)))
    if want_print:
        table(exp, "# ")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
