#!/usr/bin/env python3
"""Independent recomputation of the examples whose qualities have raters.

Usage:
    recompute_raters.py [--assessment ID] [--part PART] [--print]
                        AGENCY_DIR [RESULTS.jsonl]

For every person of examples/kz-360, kr-scs, fi-senior or uz-kpi it
recomputes, from the agency's YAML files and from tables copied by hand
from the examples' Lua files (below, each with the file and line it was
copied from), everything merit reports, and compares it with the JSON
Lines merit wrote (merit assess AGENCY --format json -o RESULTS.jsonl):

  --part scores        status "assessed", each element score and weight,
                       K, the band (the Lua score function of kr-scs
                       re-implemented here), minimums and fail_band
  --part competencies  per competency: combined value, se, position,
                       position_se, number of raters, spread, disagreement
                       flag, self-rating, level attained; self_qualities
  --part gaps          the gaps in priority order: competency, priority,
                       required (and its level), measured (and its level),
                       se, gap, importance
  --part status        who is assessed and who not, and the kind of reason
                       (on leave; first months, with the months counted)
  --part all           all four (the default)

Nothing is read from merit's output except to compare it, and nothing from
merit's Lua or C: the frameworks' competencies and indicator counts, the
assessment types, raters' rules, minimums, profiles and requirements are
copied here by hand. Each part ends with a coverage test: the example must
still show what its README says it shows (persons in fail_band, raters
who disagree, gaps, persons not assessed, ...).

Output is TAP; exit status 0 when all pass, 1 when one fails, 2 on a usage
or input error.
"""

import datetime
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import yaml  # noqa: F401  (recompute.py needs it too)
except ImportError:  # pragma: no cover
    print("1..0 # SKIP PyYAML (python3-yaml) is not installed")
    sys.exit(0)
import recompute as R  # noqa: E402  (shared: kz and uz tables, B_M, YAML)

TOL = 1e-9
NAN = float("nan")

# --------------------------------------------------------------------------
# Frameworks. kz and uz as in recompute.py (hand-copied there from the
# seeds); "rating" competencies have no indicators.

FRAMEWORKS = {
    "kz": R.FRAMEWORKS["kz"],
    "uz": R.FRAMEWORKS["uz"],
    # frameworks/kr/scs/kr-scs-2009.lua lines 43-58: six competencies, no
    # levels, no indicators.
    "kr/scs": {"levels": [], "competencies": {c: {"rating": True} for c in (
        "problem-recognition", "strategic-thinking", "results-orientation",
        "change-management", "customer-satisfaction",
        "coordination-and-integration")}},
    # frameworks/fi/fi-senior-criteria.lua lines 33-75: eight criteria, no
    # levels, no indicators.
    "fi": {"levels": [], "competencies": {c: {"rating": True} for c in (
        "masters-degree", "versatile-experience", "proven-leadership",
        "development-potential", "cooperation-interaction-organising",
        "results-orientation", "broad-fast-moving-environment",
        "language-skills")}},
}

# --------------------------------------------------------------------------
# Assessment types, copied by hand from the examples' Lua files.

KZ_BANDS = [(0.85, "excellent"), (0.70, "good"), (0.50, "satisfactory"),
            (0.00, "unsatisfactory")]
# examples/kz-360/assessment-360.lua lines 24-30 (local raters360)
KZ_RATERS = {"combine": "weighted",
             "weights": {"manager": 0.5, "peer": 0.3, "subordinate": 0.2},
             "self": "report", "disagreement": 0.25, "minimum": 2}


def kr_pass_at_mean(el, comps):
    """examples/kr-scs/assessment-centre.lua lines 15-46, pass_at_mean(),
    re-implemented: the mean rating over the six competencies, back on the
    1-5 scale; K = (mean - 1) / 4; "pass" from a mean of 2.5 on."""
    six = ["problem-recognition", "strategic-thinking", "results-orientation",
           "change-management", "customer-satisfaction",
           "coordination-and-integration"]
    lo, hi, pass_mark = 1, 5, 2.5
    ratings = [lo + comps[c] * (hi - lo) for c in six]
    mean = sum(ratings) / len(ratings)
    k = (mean - lo) / (hi - lo)
    return k, "pass" if mean >= pass_mark - 1e-9 else "fail"


KR_BANDS = [(0.375, "pass"), (0.0, "fail")]  # assessment-centre.lua 50-53

ASSESSMENTS = {
    # examples/kz-360/assessment-360.lua lines 32-52
    "A1-360": {"weights": {"qualification": 0.2, "qualities": 0.3,
                           "performance": 0.5},
               "bands": KZ_BANDS, "raters": KZ_RATERS,
               "require": {"qualities": 0.45}, "floors": {"integrity": 0.5},
               "fail_band": "unsatisfactory", "gaps": 1},
    # examples/kz-360/assessment-360.lua lines 56-67
    "A5-360": {"weights": {"qualification": 0.2, "qualities": 0.4,
                           "performance": 0.4},
               "bands": KZ_BANDS, "raters": KZ_RATERS, "gaps": 1},
    # examples/kr-scs/assessment-centre.lua lines 55-70
    "SCS-AC": {"weights": {"qualities": 1.0}, "bands": KR_BANDS,
               "raters": {"combine": "median", "disagreement": 0.25,
                          "minimum": 5},
               "score": kr_pass_at_mean, "gaps": 2},
    # examples/kr-scs/assessment-centre.lua lines 75-85
    "SCS-AC-T": {"weights": {"qualities": 1.0}, "bands": KR_BANDS,
                 "raters": {"combine": "trimmed", "trim": 0.2,
                            "disagreement": 0.25, "minimum": 5},
                 "score": kr_pass_at_mean, "gaps": 2},
    # examples/fi-senior/selection.lua lines 9-39
    "FI-SEL": {"weights": {"qualification": 0.3, "qualities": 0.7},
               "bands": [(0.80, "recommended"), (0.60, "suitable"),
                         (0.00, "not recommended")],
               "raters": {"combine": "trimmed", "trim": 0.2,
                          "disagreement": 0.25, "minimum": 3},
               "require": {"qualification": 0.9},
               "fail_band": "not recommended", "gaps": 2},
    # examples/uz-kpi/kpi-appraisal.lua lines 14-42
    "UZ-KPI": {"weights": {"qualities": 0.3, "performance": 0.7},
               "bands": [(0.80, "good"), (0.60, "satisfactory"),
                         (0.00, "unsatisfactory")],
               "raters": {"combine": "weighted",
                          "weights": {"manager": 0.6, "peer": 0.4},
                          "self": "report", "disagreement": 0.25,
                          "minimum": 2},
               "gaps": 1},
}

# Profiles: (first post, last post, {competency: required}, {importance});
# a level id is given as (its number, id), a level number or a point of
# the rating scale as (number, None).
PROFILES = {
    # examples/kz-360/assessment-360.lua lines 73-85 (B is level 3 of D,
    # C, B)
    "kz-360": [(10, 12, dict({c: (3, "B") for c in (
        "cooperation", "customer-orientation", "leadership",
        "strategic-thinking", "decision-making")},
        **{"developing-staff": (3, None)}),
        {"leadership": 2, "strategic-thinking": 1.5})],
    # examples/kr-scs/assessment-centre.lua lines 91-101
    "kr-scs": [(13, 14, {c: (3, None) for c in (
        "problem-recognition", "strategic-thinking", "change-management",
        "coordination-and-integration")}, {"strategic-thinking": 2})],
    # examples/fi-senior/selection.lua lines 42-63
    "fi-senior": [
        (13, 14, {"proven-leadership": (3, None),
                  "cooperation-interaction-organising": (4, None),
                  "results-orientation": (4, None)},
         {"cooperation-interaction-organising": 2}),
        (15, 15, {"proven-leadership": (4, None),
                  "development-potential": (4, None),
                  "broad-fast-moving-environment": (4, None),
                  "language-skills": (3, None)},
         {"proven-leadership": 2})],
    # examples/uz-kpi/kpi-appraisal.lua lines 45-67
    "uz-kpi": [
        (7, 12, {"leadership": (4, None), "project-management": (4, None),
                 "result-orientation": (4, None),
                 "building-trust": (3, None)},
         {"leadership": 2, "result-orientation": 1.5}),
        (1, 6, {"ethics": (4, None), "teamwork": (3, None),
                "business-communication": (3, None),
                "result-orientation": (3, None)},
         {"ethics": 2})],
}

# Qualification requirements, in recompute.py's shape.
REQUIREMENTS = {
    # examples/kz-360/requirements.lua lines 13-52
    "kz-360": [
        {"id": "kz-360-junior", "posts": (1, 6), "education": "bachelor",
         "service_years": 1, "training_hours": 36,
         "certifications": ["state-language-b1"]},
        {"id": "kz-360-middle", "posts": (7, 9), "education": "bachelor",
         "service_years": 3, "training_hours": 54,
         "certifications": ["state-language-b2", "anti-corruption-basics"]},
        {"id": "kz-360-senior", "posts": (10, 12), "education": "master",
         "service_years": 5, "training_hours": 72,
         "certifications": ["state-language-c1", "anti-corruption-basics",
                            "project-management"],
         "weights": {"education": 2, "service_years": 2,
                     "training_hours": 1, "certifications": 1}},
        {"id": "kz-360-management", "posts": (13, 15),
         "education": "master", "service_years": 8, "training_hours": 72},
    ],
    # examples/fi-senior/requirements.lua lines 13-31
    "fi-senior": [
        {"id": "fi-senior-director", "posts": (13, 14),
         "education": "master", "service_years": 6,
         "certifications": ["finnish-excellent", "swedish-satisfactory"],
         "weights": {"education": 3, "service_years": 2,
                     "certifications": 1}},
        {"id": "fi-senior-director-general", "posts": (15, 15),
         "education": "master", "service_years": 10,
         "certifications": ["finnish-excellent", "swedish-satisfactory"],
         "weights": {"education": 3, "service_years": 2,
                     "certifications": 1}},
    ],
}

# What each example must keep showing (its README says so), by assessment
# type: minimum counts.
KZ_COVERAGE = {"disagreement": 3, "gaps": 5, "profile_gaps": 2, "no_self": 1,
               "partial_self": 1, "frequency": 1, "skipped": 1,
               "significant_not": 1}
KR_COVERAGE = {"pass": 5, "fail": 5, "disagreement": 3, "gaps": 5,
               "even_median": 1, "significant_not": 1}
COVERAGE = {
    "A1-360": dict(KZ_COVERAGE, fail_band_changed=3),
    "A5-360": KZ_COVERAGE,
    "SCS-AC": KR_COVERAGE,
    "SCS-AC-T": KR_COVERAGE,
    "FI-SEL": {"fail_band_changed": 3, "disagreement": 3, "gaps": 5,
               "trim_cut": 1, "trim_none": 1},
    "UZ-KPI": {"on_leave": 2, "first_months": 2, "no_evidence": 2,
               "kpi_over_100": 1, "late": 1, "quality": 1, "gaps": 5,
               "disagreement": 3},
}

ELEMENTS = ("qualification", "qualities", "performance")
ROLES = ("assessor", "manager", "peer", "subordinate", "self")


class PersonError(Exception):
    pass


def isnan(x):
    return isinstance(x, float) and math.isnan(x)


# --------------------------------------------------------------------------
# professional qualities with raters

def level_number(fw, level_id):
    for n, (lv, _, _) in enumerate(fw["levels"], 1):
        if lv == level_id:
            return n
    return None


def post_level(fw, post):
    for n, (lv, lo, hi) in enumerate(fw["levels"], 1):
        if lo <= post <= hi:
            return n, lv
    return None, None


def observe(fw, cid, setkey, post, obs, scale, attain, counts):
    """One rater's observation of one competency: value, se, position,
    position_se (merit-lua(7), indicators README)."""
    lo, hi = scale
    if not isinstance(obs, dict) or len(obs) == 0:
        raise PersonError("%s: observation %r" % (cid, obs))
    if "rating" in obs:
        x = obs["rating"]
        if len(obs) != 1 or not R.is_number(x) or not lo <= x <= hi:
            raise PersonError("%s: rating %r" % (cid, obs))
        v, se = (x - lo) / (hi - lo), NAN
        counts["rating"] += 1
    elif "frequency" in obs:
        if setkey == "rating":
            raise PersonError("%s: frequency without indicators" % cid)
        n_eff, n_ineff = fw["competencies"][cid]["sets"][setkey]
        f = obs["frequency"]
        xs = []
        for kind, n in (("effective", n_eff), ("ineffective", n_ineff)):
            lst = f.get(kind, [])
            if len(lst) != n:
                raise PersonError("%s: frequency %s %r" % (cid, kind, lst))
            for r in lst:
                u = (r - lo) / (hi - lo)
                xs.append(u if kind == "effective" else 1 - u)
        v = sum(xs) / len(xs)
        se = math.sqrt(sum((x - v) ** 2 for x in xs) / len(xs)) / \
            math.sqrt(len(xs))
        counts["frequency"] += 1
    else:
        if setkey == "rating":
            raise PersonError("%s: indicators without a set" % cid)
        n_eff, n_ineff = fw["competencies"][cid]["sets"][setkey]
        e = obs.get("effective", [])
        i = obs.get("ineffective", [])
        if set(obs) - {"effective", "ineffective"} or \
                len(set(e)) != len(e) or len(set(i)) != len(i) or \
                not all(1 <= k <= n_eff for k in e) or \
                not all(1 <= k <= n_ineff for k in i):
            raise PersonError("%s: indicators %r" % (cid, obs))
        n = n_eff + n_ineff
        v = (len(e) + n_ineff - len(i)) / n
        se = math.sqrt(v * (1 - v) / n)
        counts["indicators"] += 1
    # the position: the set's level, else the level of the post, else
    # the point of the rating scale
    if setkey not in (None, "rating"):
        n_level = level_number(fw, setkey)
    else:
        n_level = post_level(fw, post)[0]
    if n_level is not None:
        pos = n_level - 1 + min(1.0, v / attain)
        pos_se = se / attain
    else:
        pos = lo + v * (hi - lo)
        pos_se = se * (hi - lo)
    return v, se, pos, pos_se


def sample_sd(xs):
    if len(xs) < 2:
        return NAN
    m = sum(xs) / len(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


_MEDIAN_VAR = {}


def median_variance(n):
    """Variance of the median of n standard normal values (the indicators
    README, "Several raters"), recomputed here from the order statistics'
    densities by composite Simpson on [-9, 9] with step 1/1000: for odd
    n = 2m + 1 E X(m+1)^2; for even n = 2m (E X(m)^2 + E X(m)X(m+1)) / 2,
    the cross moment with its inner integral taken from the right.
    Checked against the closed forms 1/2 (n = 2) and 1 - sqrt(3)/pi
    (n = 3)."""
    if n in _MEDIAN_VAR:
        return _MEDIAN_VAR[n]
    half, steps = 9.0, 18000
    h = 2 * half / steps
    xs = [-half + i * h for i in range(steps + 1)]
    dens = [math.exp(-x * x / 2) / math.sqrt(2 * math.pi) for x in xs]
    below = [0.5 * math.erfc(-x / math.sqrt(2)) for x in xs]
    above = [0.5 * math.erfc(x / math.sqrt(2)) for x in xs]

    def simpson(ys, step):
        return step / 3 * (ys[0] + ys[-1] + 4 * sum(ys[1:-1:2]) +
                           2 * sum(ys[2:-1:2]))
    fact = math.factorial
    m = n // 2
    if n % 2:
        c = fact(n) / (fact(m) * fact(m))
        v = simpson([c * x * x * dens[i] * below[i] ** m * above[i] ** m
                     for i, x in enumerate(xs)], h)
    else:
        c = fact(n) / (fact(m - 1) * fact(m))
        sq = simpson([c * x * x * dens[i] * below[i] ** (m - 1) *
                      above[i] ** m for i, x in enumerate(xs)], h)
        inner = [x * dens[i] * above[i] ** (m - 1) for i, x in enumerate(xs)]
        tail = [0.0] * (steps + 1)
        for j in range(steps - 2, -1, -2):
            tail[j] = tail[j + 2] + h / 3 * (inner[j] + 4 * inner[j + 1] +
                                             inner[j + 2])
        c2 = fact(n) / (fact(m - 1) * fact(m - 1))
        cross = simpson([c2 * xs[j] * dens[j] * below[j] ** (m - 1) *
                         tail[j] for j in range(0, steps + 1, 2)], 2 * h)
        v = (sq + cross) / 2
    _MEDIAN_VAR[n] = v
    return v


def median_se(s, n):
    """se of the median of n raters with sample SD s: exact under a normal
    model up to 25 raters, the asymptotic 1.2533 s / sqrt(n) above."""
    if n <= 25:
        return math.sqrt(median_variance(n)) * s
    return 1.2533 * s / math.sqrt(n)


assert abs(median_variance(2) - 0.5) < 1e-12
assert abs(median_variance(3) - (1 - math.sqrt(3) / math.pi)) < 1e-12


def combine(rules, xs, roles, se_one):
    """Combine the counted raters' values (README of the indicators
    engine, "Several raters"). Returns value, se, spread."""
    n = len(xs)
    s = sample_sd(xs)
    how = rules.get("combine", "weighted")
    if how == "weighted":
        rw = rules.get("weights", {})
        wr = {r: rw.get(r, 1.0) for r in ROLES}
        present = sorted(set(roles))
        total = sum(wr[r] for r in present)
        cnt = {r: roles.count(r) for r in present}
        w = [wr[r] / total / cnt[r] for r in roles]
        v = sum(wi * xi for wi, xi in zip(w, xs))
        se = s * math.sqrt(sum(wi * wi for wi in w)) if n > 1 else se_one
    elif how == "median":
        y = sorted(xs)
        v = y[n // 2] if n % 2 else (y[n // 2 - 1] + y[n // 2]) / 2
        se = median_se(s, n) if n > 1 else se_one
    else:
        trim = rules.get("trim", 0.2)
        y = sorted(xs)
        g = int(math.floor(trim * n))
        kept = y[g:n - g]
        v = sum(kept) / len(kept)
        wins = [y[g]] * g + kept + [y[n - g - 1]] * g
        se = sample_sd(wins) / ((1 - 2 * g / n) * math.sqrt(n)) \
            if n > 1 else se_one
    return v, se, s


def qualities(fw_name, fw, rules, post, ev, scale, attain, stats):
    if not isinstance(ev, dict) or set(ev) != {"raters"}:
        raise PersonError("qualities: expected raters: [...]")
    raters = ev["raters"]
    app = R.applicable(fw, post)
    # the engine walks the competencies in the framework's order
    order = list(fw["competencies"])
    include_self = rules.get("self", "report") == "include"
    comps = {}
    counts = {"rating": 0, "frequency": 0, "indicators": 0}
    for r in raters:
        for cid in r["ratings"]:
            if cid not in app:
                raise PersonError("%s does not apply at post %d" % (cid, post))
    for cid in order:
        if cid not in app:
            continue
        setkey = app[cid]
        seen = []
        for r in raters:
            obs = r["ratings"].get(cid)
            if obs is None:
                continue
            seen.append((r["role"],) + observe(fw, cid, setkey, post, obs,
                                               scale, attain, counts))
        others = [s for s in seen if s[0] != "self"]
        if len(others) < rules.get("minimum", 1):
            raise PersonError("%s: %d raters other than self"
                              % (cid, len(others)))
        counted = [s for s in seen if s[0] != "self" or include_self]
        selfs = [s for s in seen if s[0] == "self"]
        roles = [s[0] for s in counted]
        v, se, spread = combine(rules, [s[1] for s in counted], roles,
                                counted[-1][2])
        pos, pos_se, _ = combine(rules, [s[3] for s in counted], roles,
                                 counted[-1][4])
        limit = rules.get("disagreement")
        level = None
        if setkey not in (None, "rating") and v >= attain:
            level = setkey
        comps[cid] = {
            "value": v, "se": se, "position": pos, "position_se": pos_se,
            "raters": len(counted), "spread": spread,
            "disagreement": bool(limit is not None and not isnan(spread)
                                 and spread > limit),
            "self": sum(s[1] for s in selfs) / len(selfs) if selfs else None,
            "level": level,
        }
        if len(seen) < len(raters):
            stats["skipped"] += 1
    bkf = sum(c["value"] for c in comps.values()) / len(comps)
    selfs = [c["self"] for c in comps.values()]
    self_q = sum(selfs) / len(selfs) if all(s is not None for s in selfs) \
        else None
    stats["frequency"] += counts["frequency"] > 0
    if any(r["role"] == "self" for r in raters):
        stats["partial_self" if self_q is None else "with_self"] += 1
    else:
        stats["no_self"] += 1
    return bkf, comps, self_q


# --------------------------------------------------------------------------
# performance (kpi README: "Achievement")

def day_number(d):
    if isinstance(d, datetime.date):
        return d.toordinal()
    return datetime.date.fromisoformat(str(d)).toordinal()


def full_months(a, b):
    """Whole months from date a to date b."""
    a = datetime.date.fromisoformat(str(a))
    b = datetime.date.fromisoformat(str(b))
    n = (b.year - a.year) * 12 + (b.month - a.month)
    return n - 1 if b.day < a.day else n


def performance(kpi, goals, stats):
    if not isinstance(goals, list) or not goals:
        raise PersonError("performance: no goals")
    points = kpi.get("scale") == "points"
    cap = kpi.get("cap", 1)
    penalty = kpi.get("late_penalty", 0.2)
    total = wsum = 0.0
    for g in goals:
        a = g["actual"] / g["target"]
        a = min(a, cap)
        if "deadline" in g and "done" in g and \
                day_number(g["done"]) > day_number(g["deadline"]):
            a *= 1 - penalty
            stats["late"] += 1
        if "quality" in g:
            a *= g["quality"]
            stats["quality"] += g["quality"] < 1
        w = g["points"] if points else g.get("weight", 1)
        total += w * a
        wsum += w
    if points:
        if abs(wsum - 100) > 1e-9:
            raise PersonError("points sum to %g" % wsum)
        stats["kpi_over_100"] += total >= 100
        return 1.0 if total >= 100 else total / 100
    return min(1.0, total / wsum)


# --------------------------------------------------------------------------
# one person

def band_of(bands, k):
    for lo, label in sorted(bands, reverse=True):
        if k >= lo - TOL:
            return label
    return None


def gaps_of(agency, fw, k_se, post, comps):
    prof = [p for p in PROFILES.get(agency, []) if p[0] <= post <= p[1]]
    req = {}
    if prof:
        _, _, require, importance = prof[0]
        for cid, (n, lv) in require.items():
            req[cid] = (n, lv, importance.get(cid, 1))
    else:
        n, lv = post_level(fw, post)
        if n is None:
            return [], 0
        req = {cid: (n, lv, 1) for cid in comps}
    out, not_sig = [], 0
    for cid in sorted(req):
        if cid not in comps:
            continue
        n, lv, imp = req[cid]
        c = comps[cid]
        gap = n - c["position"]
        se = c["position_se"]
        if gap <= 1e-12:
            continue
        sig = gap > k_se * se + 1e-12 if not isnan(se) else gap > 1e-12
        if not sig:
            not_sig += 1
            continue
        # gap README: "the highest level the position has fully reached"
        measured_level = None
        if fw["levels"]:
            i = int(math.floor(c["position"] + 1e-9))
            if 1 <= i <= len(fw["levels"]):
                measured_level = fw["levels"][i - 1][0]
        out.append({"competency": cid, "required": float(n),
                    "required_level": lv, "measured": c["position"],
                    "measured_level": measured_level, "se": se,
                    "gap": gap, "importance": float(imp)})
    out.sort(key=lambda g: (-g["importance"] * g["gap"], g["competency"]))
    for i, g in enumerate(out, 1):
        g["priority"] = i
    return out, not_sig


def score_person(ctx, person, ev, stats):
    atype = ctx["type"]
    weights = atype["weights"]
    post = person["post_level"]
    kpi = ctx["kpi"]
    # who is not assessed (kpi README), when the type uses performance
    if "performance" in weights:
        if person.get("on_leave") is True:
            stats["on_leave"] += 1
            stats["no_evidence"] += ev is None
            return {"status": "not-assessed", "reason": ("on leave",)}
        hired = person.get("hired")
        if hired is not None and kpi.get("min_service_months", 3):
            m = full_months(hired, kpi["as_of"])
            if m < kpi.get("min_service_months", 3):
                stats["first_months"] += 1
                stats["no_evidence"] += ev is None
                return {"status": "not-assessed",
                        "reason": ("first months", str(hired), max(m, 0),
                                   kpi.get("min_service_months", 3),
                                   str(kpi["as_of"]))}
    if ev is None:
        raise PersonError("no evidence")
    el, comps, self_q = {}, {}, None
    for e in ELEMENTS:
        if e not in weights:
            continue
        if e == "qualification":
            el[e], _ = R.qualification(REQUIREMENTS[ctx["agency"]], post,
                                       ev.get("qualification"))
        elif e == "qualities":
            el[e], comps, self_q = qualities(
                ctx["fw_name"], ctx["fw"], atype["raters"], post,
                ev.get("qualities"), ctx["scale"], ctx["attain"], stats)
        else:
            el[e] = performance(kpi, ev.get("performance"), stats)
    k = sum(weights[e] * el[e] for e in el)
    k = min(k, 1.0)
    band = None
    if "score" in atype:
        k, band = atype["score"](el, {c: v["value"] for c, v in comps.items()})
    if band is None:
        band = band_of(atype["bands"], k)
    before = band
    failed = False
    for e, m in atype.get("require", {}).items():
        if e in el and el[e] < m - TOL:
            failed = True
    for cid, m in atype.get("floors", {}).items():
        if cid in comps and comps[cid]["value"] < m - TOL:
            failed = True
    if failed and atype["bands"]:
        band = atype.get("fail_band") or sorted(atype["bands"])[0][1]
        stats["fail_band"] += 1
        stats["fail_band_changed"] += band != before
    gaps, not_sig = gaps_of(ctx["agency"], ctx["fw"], atype["gaps"], post,
                            comps) if "gaps" in atype else ([], 0)
    stats["gaps"] += len(gaps)
    stats["significant_not"] += not_sig
    if gaps and any(p[0] <= post <= p[1]
                    for p in PROFILES.get(ctx["agency"], [])):
        stats["profile_gaps"] += 1
    stats["disagreement"] += any(c["disagreement"] for c in comps.values())
    stats[band] += 1
    return {"status": "assessed", "elements": el, "K": k, "band": band,
            "competencies": comps, "self_qualities": self_q, "gaps": gaps}


def recompute(agency_dir, assessment=None):
    a = R.load_yaml(os.path.join(agency_dir, "agency.yaml"))
    agency = a["agency"]
    fw_name = a["framework"]
    atype_id = assessment or a["assessment"]
    if fw_name not in FRAMEWORKS:
        raise R.InputError("no hand-copied framework %r" % fw_name)
    if atype_id not in ASSESSMENTS:
        raise R.InputError("no hand-copied assessment type %r" % atype_id)
    plugins = a.get("plugins") or {}
    ind = plugins.get("indicators") or {}
    ctx = {"agency": agency, "fw_name": fw_name, "fw": FRAMEWORKS[fw_name],
           "type_id": atype_id, "type": ASSESSMENTS[atype_id],
           "scale": tuple(ind.get("rating_scale", (1, 5))),
           "attain": ind.get("attain", 0.5),
           "kpi": plugins.get("kpi") or {}}
    roster = R.load_yaml(os.path.join(agency_dir, a["roster"]))["persons"]
    evidence = R.load_yaml(os.path.join(agency_dir, a["evidence"]))
    ev_by = {e["person"]: e for e in (evidence or {}).get("evidence", [])}
    stats = _Counter()
    out = []
    for p in roster:
        ev = ev_by.get(p["id"])
        try:
            r = score_person(ctx, p, ev, stats)
        except (PersonError, R.PersonError) as e:
            r = {"status": "error", "error": str(e)}
        r["person"] = p["id"]
        out.append(r)
    for r in out:
        for c in (r.get("competencies") or {}).values():
            if c["raters"] % 2 == 0:
                stats["even_median"] += 1
            if ctx["type"]["raters"].get("combine") == "trimmed":
                g = int(math.floor(ctx["type"]["raters"].get("trim", 0.2)
                                   * c["raters"]))
                stats["trim_cut" if g else "trim_none"] += 1
    return ctx, out, stats


class _Counter(dict):
    def __missing__(self, key):
        return 0


# --------------------------------------------------------------------------
# comparison

def close(got, want):
    if want is None or isnan(want):
        return got is None
    return R.is_number(got) and abs(got - want) <= TOL


def cmp_scores(ctx, exp, got):
    bad = []
    if got.get("status") != "assessed":
        return ["status %r, expected assessed" % got.get("status")]
    if got.get("assessment") != ctx["type_id"]:
        bad.append("assessment %r" % got.get("assessment"))
    for e in ELEMENTS:
        want = exp["elements"].get(e)
        if not close(got["elements"].get(e), want):
            bad.append("elements.%s %r, expected %r"
                       % (e, got["elements"].get(e), want))
        if not close(got["weights"].get(e), ctx["type"]["weights"].get(e)):
            bad.append("weights.%s %r" % (e, got["weights"].get(e)))
    if not close(got.get("K"), exp["K"]):
        bad.append("K %r, expected %.12f" % (got.get("K"), exp["K"]))
    if got.get("band") != exp["band"]:
        bad.append("band %r, expected %r" % (got.get("band"), exp["band"]))
    return bad


def cmp_competencies(ctx, exp, got):
    bad = []
    if got.get("status") != "assessed":
        return ["status %r" % got.get("status")]
    have = got.get("competencies") or {}
    want = exp["competencies"]
    if set(have) != set(want):
        return ["competencies %s, expected %s" % (sorted(have), sorted(want))]
    for cid, w in sorted(want.items()):
        h = have[cid]
        for key in ("value", "se", "position", "position_se", "spread"):
            if not close(h.get(key), w[key]):
                bad.append("%s.%s %r, expected %r" % (cid, key, h.get(key),
                                                      w[key]))
        for key in ("raters", "disagreement", "level"):
            if h.get(key) != w[key]:
                bad.append("%s.%s %r, expected %r" % (cid, key, h.get(key),
                                                      w[key]))
        if w["self"] is None:
            if "self" in h:
                bad.append("%s.self %r, expected none" % (cid, h["self"]))
        elif not close(h.get("self"), w["self"]):
            bad.append("%s.self %r, expected %r" % (cid, h.get("self"),
                                                    w["self"]))
    if exp["self_qualities"] is None:
        if "self_qualities" in got:
            bad.append("self_qualities %r, expected none"
                       % got["self_qualities"])
    elif not close(got.get("self_qualities"), exp["self_qualities"]):
        bad.append("self_qualities %r, expected %r"
                   % (got.get("self_qualities"), exp["self_qualities"]))
    return bad


def cmp_gaps(ctx, exp, got):
    if got.get("status") != "assessed":
        return ["status %r" % got.get("status")]
    have = got.get("gaps") or []
    want = exp["gaps"]
    if [g.get("competency") for g in have] != \
            [g["competency"] for g in want]:
        return ["gaps %s, expected %s"
                % ([g.get("competency") for g in have],
                   [g["competency"] for g in want])]
    bad = []
    for h, w in zip(have, want):
        for key in ("required", "measured", "se", "gap", "importance"):
            if not close(h.get(key), w[key]):
                bad.append("%s.%s %r, expected %r" % (w["competency"], key,
                                                      h.get(key), w[key]))
        for key in ("priority", "required_level", "measured_level"):
            if h.get(key) != w[key]:
                bad.append("%s.%s %r, expected %r" % (w["competency"], key,
                                                      h.get(key), w[key]))
    return bad


def cmp_status(ctx, exp, got):
    if exp["status"] == "assessed":
        if got.get("status") != "assessed" or "reason" in got or \
                got.get("K") is None:
            return ["status %r (reason %r), expected assessed"
                    % (got.get("status"), got.get("reason"))]
        return []
    bad = []
    if got.get("status") != "not-assessed":
        bad.append("status %r, expected not-assessed" % got.get("status"))
    for key in ("K", "band"):
        if got.get(key) is not None:
            bad.append("%s %r, expected null" % (key, got.get(key)))
    if got.get("competencies") or got.get("gaps"):
        bad.append("competencies or gaps reported")
    if any(v is not None for v in (got.get("elements") or {}).values()):
        bad.append("element scores reported")
    reason = got.get("reason") or ""
    kind = exp["reason"]
    if kind[0] == "on leave":
        if not reason.startswith("on leave"):
            bad.append("reason %r, expected on leave" % reason)
    else:
        _, hired, months, minimum, as_of = kind
        want = ("in the first %d months of service (hired %s, %d full "
                "month(s) by %s)" % (minimum, hired, months, as_of))
        if reason != want:
            bad.append("reason %r, expected %r" % (reason, want))
    return bad


PARTS = {"scores": cmp_scores, "competencies": cmp_competencies,
         "gaps": cmp_gaps, "status": cmp_status}

# the coverage each part answers for
PART_COVERAGE = {
    "scores": ("fail_band_changed", "pass", "fail", "kpi_over_100", "late",
               "quality"),
    "competencies": ("disagreement", "no_self", "partial_self", "frequency",
                     "skipped", "even_median", "trim_cut", "trim_none"),
    "gaps": ("gaps", "profile_gaps", "significant_not"),
    "status": ("on_leave", "first_months", "no_evidence"),
}


def main(argv):
    args, assessment, parts, want_print = [], None, list(PARTS), False
    it = iter(argv[1:])
    for a in it:
        if a == "--assessment":
            assessment = next(it, None)
        elif a == "--part":
            p = next(it, None)
            if p != "all" and p not in PARTS:
                sys.stderr.write("recompute_raters.py: --part %s?\n" % p)
                return 2
            parts = list(PARTS) if p == "all" else [p]
        elif a == "--print":
            want_print = True
        elif a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        else:
            args.append(a)
    if len(args) != 2 and not (want_print and len(args) == 1):
        sys.stderr.write(__doc__.strip().split("\n\n")[1] + "\n")
        return 2
    try:
        ctx, exp, stats = recompute(args[0], assessment)
    except (R.InputError, KeyError, TypeError) as e:
        print("Bail out! %s" % e)
        return 2
    if len(args) == 1:
        for r in exp:
            if r["status"] == "assessed":
                print("%-8s K=%.6f %-16s gaps %s" % (
                    r["person"], r["K"], r["band"],
                    ", ".join(g["competency"] for g in r["gaps"]) or "-"))
            else:
                print("%-8s %s %s" % (r["person"], r["status"],
                                      r.get("reason") or r.get("error")))
        print("# " + ", ".join("%s %d" % kv for kv in sorted(stats.items())))
        return 0
    got = {}
    with open(args[1], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                obj = json.loads(line)
                got[obj["person"]] = obj
    n = 0
    failed = 0
    print("1..%d" % (len(parts) * (len(exp) + 1) + 1))
    for part in parts:
        for r in exp:
            n += 1
            pid = r["person"]
            if r["status"] == "error":
                bad = ["input: " + r["error"]]
            elif pid not in got:
                bad = ["missing from the results"]
            elif part != "status" and r["status"] != "assessed":
                bad = [] if got[pid].get("status") == "not-assessed" else \
                    ["status %r, expected not-assessed"
                     % got[pid].get("status")]
            else:
                bad = PARTS[part](ctx, r, got[pid])
            if bad:
                failed += 1
                print("not ok %d - %s %s" % (n, part, pid))
                for b in bad:
                    print("#   %s" % b)
            else:
                print("ok %d - %s %s" % (n, part, pid))
        n += 1
        want = COVERAGE.get(ctx["type_id"], {})
        short = ["%s %d < %d" % (k, stats[k], want[k])
                 for k in PART_COVERAGE[part] if k in want and
                 stats[k] < want[k]]
        shown = ", ".join("%s %d" % (k, stats[k]) for k in PART_COVERAGE[part]
                          if k in want)
        if short:
            failed += 1
            print("not ok %d - %s coverage: %s" % (n, part, "; ".join(short)))
        else:
            print("ok %d - %s coverage: %s" % (n, part, shown or "n/a"))
    n += 1
    extra = sorted(set(got) - {r["person"] for r in exp})
    if extra or len(got) != len(exp):
        failed += 1
        print("not ok %d - results hold exactly the roster (extra: %s)"
              % (n, " ".join(extra)))
    else:
        print("ok %d - results hold exactly the roster (%d)" % (n, len(exp)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
