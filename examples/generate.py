#!/usr/bin/env python3
"""Generate the bundled example agencies of merit.

Writes agency.yaml, roster.yaml and evidence.yaml of two fictional agencies
with synthetic, pseudonymous persons:

  examples/kz-digital/   Kazakhstan framework (kz), annual assessment A1
  examples/uz-adps/      Uzbekistan framework (uz), test-based assessment A5

The output is deterministic: every random choice comes from
random.Random(SEED) (the Uzbek example uses SEED + 1), so re-running the
script reproduces byte-identical files. The requirements.lua and README.md
beside the YAML are written by hand; the qualification requirements below
mirror requirements.lua so that the generated evidence lands where it is
meant to (some persons meet every requirement, some do not).

Each person is drawn for a target band (excellent, good, satisfactory,
unsatisfactory); a draw is repeated until the integral score lands in that
band, so the examples always cover all four bands.

Run from anywhere (python3, standard library only):

    python3 examples/generate.py            # write both examples
    python3 examples/generate.py --check    # exit 1 if a file would change
"""

import os
import random
import sys

SEED = 20250424

HERE = os.path.dirname(os.path.abspath(__file__))

EDUCATION = ["secondary", "vocational", "bachelor", "master", "doctorate"]
RANK = {e: i + 1 for i, e in enumerate(EDUCATION)}

BANDS = [(0.85, "excellent"), (0.7, "good"), (0.5, "satisfactory"),
         (0.0, "unsatisfactory")]

# --------------------------------------------------------------------------
# Kazakhstan: fictional Ministry of Digital Development, A1

KZ_WEIGHTS = (0.2, 0.3, 0.5)  # A1: qualification, qualities, performance

# Cooperation levels by post (seed 002, Table 1); posts 13-15 have none.
KZ_LEVELS = [("D", 1, 6), ("C", 7, 9), ("B", 10, 12)]

# The framework's competencies without indicators (recalled, see
# frameworks/kz/kz-2019.lua): they apply at every post and are rated
# directly, 1-5.
KZ_RATED = [
    "managing-activities", "decision-making", "initiative",
    "stress-resistance", "responsibility", "results-orientation",
    "integrity", "self-development", "developing-staff", "leadership",
    "strategic-thinking",
]

# Mirror of examples/kz-digital/requirements.lua.
KZ_REQUIREMENTS = [
    dict(posts=(1, 6), education="bachelor", service_years=1,
         training_hours=36, certifications=["state-language-b1"],
         weights=None),
    dict(posts=(7, 9), education="bachelor", service_years=3,
         training_hours=54,
         certifications=["state-language-b2", "anti-corruption-basics"],
         weights=None),
    dict(posts=(10, 12), education="master", service_years=5,
         training_hours=72,
         certifications=["state-language-c1", "anti-corruption-basics",
                         "project-management"],
         weights=dict(education=2, service_years=2, training_hours=1,
                      certifications=1)),
    dict(posts=(13, 15), education="master", service_years=8,
         training_hours=72, certifications=None, weights=None),
]

KZ_EXTRA_CERTS = ["egov-architecture", "data-protection", "itil-foundation",
                  "english-b2"]

KZ_POSITIONS = {
    # post range: [(category, position), ...]
    (1, 3): [("auxiliary", "office manager"),
             ("auxiliary", "document control clerk"),
             ("auxiliary", "делопроизводитель"),
             ("operational", "specialist of the public service centre"),
             ("operational", "call-centre operator, 1414 line")],
    (4, 6): [("official", "expert"), ("official", "сарапшы"),
             ("operational", "inspector for information security"),
             ("official", "expert of the e-government division"),
             ("operational", "эксперт отдела госуслуг")],
    (7, 9): [("official", "chief expert"), ("official", "бас сарапшы"),
             ("official", "главный эксперт департамента цифровизации"),
             ("operational", "chief inspector for public services quality"),
             ("official", "chief expert, open data")],
    (10, 12): [("official", "head of division"),
               ("official", "басқарма басшысы"),
               ("official", "deputy director of department"),
               ("official", "руководитель управления госуслуг")],
    (13, 15): [("official", "director of department"),
               ("official", "департамент директоры"),
               ("official", "deputy chairman of committee")],
}

# (goal, low target, high target, step); all goals are "more is better".
KZ_GOALS = [
    ("Public services delivered within the statutory deadline, %", 100, 100, 1),
    ("Draft regulatory legal acts prepared", 4, 12, 1),
    ("Citizen appeals answered on time via eOtinish, %", 100, 100, 1),
    ("Public services moved to the eGov portal", 5, 20, 1),
    ("Data sets published on the open data portal", 10, 40, 5),
    ("Information systems connected to the e-government gateway", 3, 10, 1),
    ("Draft acts put to public discussion on the Open NLA portal", 2, 8, 1),
    ("Interagency data requests processed on time, %", 100, 100, 1),
    ("Proactive services launched", 2, 6, 1),
    ("Audit recommendations closed", 4, 15, 1),
    ("Civil servants trained in digital literacy", 50, 300, 50),
    ("Paper certificates replaced by digital documents", 3, 12, 1),
]

# --------------------------------------------------------------------------
# Uzbekistan: fictional Agency for the Development of Public Service, A5

UZ_WEIGHTS = (0.2, 0.4, 0.4)  # A5

UZ_COMPETENCIES = [
    "innovation-orientation", "project-management", "leadership", "ethics",
    "positive-thinking", "teamwork", "building-trust",
    "business-communication", "result-orientation",
]

# Mirror of examples/uz-adps/requirements.lua.
UZ_REQUIREMENTS = [
    dict(posts=(1, 3), education="bachelor", service_years=0,
         training_hours=24, certifications=["state-language-b1"],
         weights=None),
    dict(posts=(4, 6), education="bachelor", service_years=2,
         training_hours=36,
         certifications=["state-language-b2", "anti-corruption"],
         weights=None),
    dict(posts=(7, 9), education="master", service_years=4,
         training_hours=72,
         certifications=["state-language-b2", "anti-corruption",
                         "project-management"],
         weights=dict(education=2, service_years=1, training_hours=1,
                      certifications=2)),
    dict(posts=(10, 12), education="master", service_years=7,
         training_hours=100,
         certifications=["anti-corruption", "project-management",
                         "public-finance"],
         weights=None),
]

UZ_EXTRA_CERTS = ["english-b2", "hr-analytics", "digital-governance"]

UZ_POSITIONS = {
    (1, 3): [("auxiliary", "office clerk"),
             ("auxiliary", "ish yurituvchi"),
             ("operational", "specialist of the recruitment portal helpdesk"),
             ("operational", "mutaxassis"),
             ("operational", "специалист по кадровому учёту")],
    (4, 6): [("official", "leading specialist"),
             ("official", "yetakchi mutaxassis"),
             ("official", "chief specialist, civil service register"),
             ("operational", "bosh mutaxassis"),
             ("official", "главный специалист отдела оценки")],
    (7, 9): [("official", "head of division"),
             ("official", "boʻlim boshligʻi"),
             ("official", "head of the assessment methodology division"),
             ("official", "начальник отдела кадрового резерва")],
    (10, 12): [("official", "head of department"),
               ("official", "boshqarma boshligʻi"),
               ("official", "deputy director of the agency"),
               ("official", "директор департамента")],
}

UZ_GOALS = [
    ("Vacancies filled through the open competition portal", 10, 60, 5),
    ("Citizen appeals resolved on time, %", 100, 100, 1),
    ("Draft regulations on the civil service prepared", 2, 8, 1),
    ("Civil servants enrolled in continuing-education courses", 100, 500, 50),
    ("Personnel records migrated to the unified register", 500, 3000, 250),
    ("KPI cards approved for subordinate divisions", 5, 20, 1),
    ("Methodological recommendations issued to state bodies", 2, 10, 1),
    ("Qualification tests conducted on schedule, %", 100, 100, 1),
    ("State bodies audited for compliance with civil service law", 3, 12, 1),
    ("Public services for civil servants digitalised on my.gov.uz", 2, 8, 1),
]


# --------------------------------------------------------------------------
# helpers

def band_of(k):
    for lo, label in BANDS:
        if k >= lo - 1e-9:
            return label
    return BANDS[-1][1]


def requirement_for(reqs, post):
    for r in reqs:
        if r["posts"][0] <= post <= r["posts"][1]:
            return r
    raise SystemExit("generate.py: no requirement covers post %d" % post)


def positions_for(table, post):
    for (lo, hi), items in table.items():
        if lo <= post <= hi:
            return items
    raise SystemExit("generate.py: no positions for post %d" % post)


def qual_score(req, q):
    """B_M of a draw, only to aim it at a band."""
    parts = []
    w = req["weights"] or {}
    ra, rr = RANK[q["education"]], RANK[req["education"]]
    parts.append((w.get("education", 1), 1.0 if ra >= rr else ra / rr))
    for key in ("service_years", "training_hours"):
        need = req[key]
        parts.append((w.get(key, 1),
                      1.0 if need == 0 else min(1.0, q[key] / need)))
    if req["certifications"] is not None:
        need = req["certifications"]
        held = sum(1 for c in need if c in q["certifications"])
        parts.append((w.get("certifications", 1),
                      1.0 if not need else held / len(need)))
    return sum(a * b for a, b in parts) / sum(a for a, _ in parts)


def indicator_value(n_eff, n_ineff, eff, ineff):
    return (len(eff) + n_ineff - len(ineff)) / (n_eff + n_ineff)


def perf_score(goals):
    tw = sum(g.get("weight", 1) for g in goals)
    return sum(g.get("weight", 1) * min(1.0, g["actual"] / g["target"])
               for g in goals) / tw


# Strength of each element for a target band: (low, high) of a uniform draw.
PROFILES = {
    "excellent":      dict(qual=(0.9, 1.0), qual_p=(0.85, 1.0), perf=(0.9, 1.15)),
    "good":           dict(qual=(0.6, 1.0), qual_p=(0.6, 0.9), perf=(0.75, 1.0)),
    "satisfactory":   dict(qual=(0.4, 0.9), qual_p=(0.4, 0.7), perf=(0.5, 0.8)),
    "unsatisfactory": dict(qual=(0.2, 0.7), qual_p=(0.1, 0.45), perf=(0.2, 0.55)),
}


def draw_qualification(rng, req, strength, extra_certs):
    """Qualification facts; strength in [0,1] says how well they meet req."""
    rr = RANK[req["education"]]
    if rng.random() < strength:
        rank = min(5, rr + (1 if rng.random() < 0.2 else 0))
    else:
        rank = max(1, rr - rng.choice([1, 1, 2]))
    education = EDUCATION[rank - 1]

    def amount(need, unit):
        if need == 0:
            return rng.choice([0, 0.5, 1, 2])
        if rng.random() < strength:
            v = need * rng.uniform(1.0, 2.0)
        else:
            v = need * rng.uniform(0.2, 0.95)
        return round(v / unit) * unit

    service = amount(req["service_years"], 0.5)
    hours = amount(req["training_hours"], 6)
    certs = []
    for c in req["certifications"] or []:
        if rng.random() < 0.35 + 0.65 * strength:
            certs.append(c)
    for c in extra_certs:
        if rng.random() < 0.15:
            certs.append(c)
    return dict(education=education, service_years=service,
                training_hours=hours, certifications=certs)


def draw_indicators(rng, n_eff, n_ineff, p):
    eff = [i for i in range(1, n_eff + 1) if rng.random() < p]
    ineff = [i for i in range(1, n_ineff + 1) if rng.random() < (1 - p) * 0.8]
    return eff, ineff


def draw_goals(rng, pool, lo, hi):
    n = rng.choice([2, 3, 3, 4])
    picked = rng.sample(pool, n)
    weighted = rng.random() < 0.4
    goals = []
    for text, tlo, thi, step in picked:
        target = rng.randrange(tlo, thi + 1, step) if thi > tlo else tlo
        ratio = rng.uniform(lo, hi)
        if target == 100 and text.endswith("%"):
            actual = round(min(ratio, 1.0) * 100, 1)
            if actual == int(actual):
                actual = int(actual)
        else:
            actual = max(0, int(round(target * ratio)))
        g = dict(goal=text, target=target, actual=actual)
        if weighted and rng.random() < 0.7:
            g["weight"] = rng.choice([1, 2, 3])
        goals.append(g)
    return goals


def uniform(rng, bounds):
    return rng.uniform(bounds[0], bounds[1])


def band_plan(rng, counts):
    plan = []
    for band, n in counts:
        plan += [band] * n
    rng.shuffle(plan)
    return plan


# --------------------------------------------------------------------------
# YAML output (a small writer: the shapes are fixed and simple)

def q(s):
    """A double-quoted YAML scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def num(x):
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return repr(x)


def ilist(xs):
    return "[" + ", ".join(str(x) for x in xs) + "]"


def slist(xs):
    return "[" + ", ".join(xs) + "]"


# Indicators per set (effective, ineffective) of the Kazakh competencies
# observed by indicators (frameworks/kz/kz-2019.lua).
KZ_SET_SIZES = {"customer-orientation": (4, 4), "cooperation": (3, 3)}


def indicators_yaml(eff, ineff, sizes):
    """The assessor watched for every indicator of the set: those not seen
    are listed as absent, so that each counts (merit-lua(7))."""
    n_eff, n_ineff = sizes
    return "{ effective: %s, ineffective: %s, absent: { effective: %s, " \
        "ineffective: %s } }" % (
            ilist(eff), ilist(ineff),
            ilist(x for x in range(1, n_eff + 1) if x not in eff),
            ilist(x for x in range(1, n_ineff + 1) if x not in ineff))


def write(path, text, check, changed):
    old = None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = f.read()
    if old == text:
        return
    changed.append(path)
    if not check:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


def roster_yaml(header, persons):
    out = [header, "persons:"]
    for p in persons:
        out.append("  - { id: %s, post_level: %d, category: %s, term: %s, "
                   "class: %d, position: %s }"
                   % (p["id"], p["post_level"], p["category"], p["term"],
                      p["class"], q(p["position"])))
    return "\n".join(out) + "\n"


def evidence_yaml(header, persons):
    out = [header, "evidence:"]
    for p in persons:
        qf = p["qualification"]
        out.append("  - person: %s" % p["id"])
        out.append("    qualification:")
        out.append("      education: %s" % qf["education"])
        out.append("      service_years: %s" % num(qf["service_years"]))
        out.append("      training_hours: %s" % num(qf["training_hours"]))
        out.append("      certifications: %s" % slist(qf["certifications"]))
        out.append("    qualities:")
        for cid, val in p["qualities"]:
            if "rating" in val:
                out.append("      %s: { rating: %d }" % (cid, val["rating"]))
            elif "levels" in val:
                inner = ", ".join("%s: %s" % (lv, indicators_yaml(
                    e, i, KZ_SET_SIZES[cid])) for lv, (e, i) in val["levels"])
                out.append("      %s: { %s }" % (cid, inner))
            else:
                out.append("      %s: %s"
                           % (cid, indicators_yaml(val["effective"],
                                                   val["ineffective"],
                                                   KZ_SET_SIZES[cid])))
        out.append("    performance:")
        for g in p["performance"]:
            s = "      - { goal: %s, target: %s, actual: %s" % (
                q(g["goal"]), num(g["target"]), num(g["actual"]))
            if "weight" in g:
                s += ", weight: %s" % num(g["weight"])
            out.append(s + " }")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# Kazakhstan

def kz_level(post):
    for lv, lo, hi in KZ_LEVELS:
        if lo <= post <= hi:
            return lv
    return None


def kz_persons():
    rng = random.Random(SEED)
    # The ratings of KZ_RATED come from a stream of their own, drawn after
    # the rest, so that adding them left every other draw as it was.
    rating_rng = random.Random(SEED + 2)
    n = 36
    # Every post 1..15 at least twice, the rest spread over 1..12.
    posts = [p for p in range(1, 16) for _ in range(2)]
    posts += [rng.randint(1, 12) for _ in range(n - len(posts))]
    rng.shuffle(posts)
    plan = band_plan(rng, [("excellent", 7), ("good", 12),
                           ("satisfactory", 11), ("unsatisfactory", 6)])
    # Persons (by index) whose cooperation is rated at several levels.
    keyed = set(rng.sample([i for i in range(n) if posts[i] <= 12], 5))

    persons = []
    for i in range(n):
        post = posts[i]
        pid = "KZ-%04d" % (i + 1)
        category, position = rng.choice(positions_for(KZ_POSITIONS, post))
        if post <= 3 and i % 4 == 0:
            term = "probation"
        elif rng.random() < 0.2:
            term = "fixed"
        else:
            term = "indefinite"
        cls = max(1, min(12, (post + 1) // 2 + rng.randint(-1, 1)))
        req = requirement_for(KZ_REQUIREMENTS, post)
        prof = PROFILES[plan[i]]
        level = kz_level(post)

        for _ in range(10000):
            qual = draw_qualification(rng, req, uniform(rng, prof["qual"]),
                                      KZ_EXTRA_CERTS)
            p = uniform(rng, prof["qual_p"])
            qualities = []
            values = []
            if level is not None:
                e, ie = draw_indicators(rng, 3, 3, p)
                values.append(indicator_value(3, 3, e, ie))
                if i in keyed:
                    others = [lv for lv, _, _ in KZ_LEVELS if lv != level]
                    extra = rng.sample(others, rng.choice([1, 2]))
                    rated = {level: (e, ie)}
                    for lv in extra:
                        rated[lv] = draw_indicators(rng, 3, 3, p)
                    order = [lv for lv, _, _ in KZ_LEVELS if lv in rated]
                    qualities.append(("cooperation", dict(
                        levels=[(lv, rated[lv]) for lv in order])))
                else:
                    qualities.append(("cooperation",
                                      dict(effective=e, ineffective=ie)))
            e, ie = draw_indicators(rng, 4, 4, p)
            values.append(indicator_value(4, 4, e, ie))
            qualities.insert(0, ("customer-orientation",
                                 dict(effective=e, ineffective=ie)))
            goals = draw_goals(rng, KZ_GOALS, *prof["perf"])
            k = (KZ_WEIGHTS[0] * qual_score(req, qual)
                 + KZ_WEIGHTS[1] * sum(values) / len(values)
                 + KZ_WEIGHTS[2] * perf_score(goals))
            if band_of(k) == plan[i] and abs(k - 0.85) > 1e-3 and \
                    abs(k - 0.7) > 1e-3 and abs(k - 0.5) > 1e-3:
                break
        else:
            raise SystemExit("generate.py: cannot draw %s for %s"
                             % (plan[i], pid))
        # Then the direct ratings, redrawn until K with them is in the band.
        for _ in range(10000):
            rated = [(cid, dict(rating=1 + round(4 * min(1.0, max(
                0.0, rating_rng.gauss(p, 0.18)))))) for cid in KZ_RATED]
            rv = [(v["rating"] - 1) / 4 for _, v in rated]
            k = (KZ_WEIGHTS[0] * qual_score(req, qual)
                 + KZ_WEIGHTS[1] * (sum(values) + sum(rv))
                 / (len(values) + len(rv))
                 + KZ_WEIGHTS[2] * perf_score(goals))
            if band_of(k) == plan[i] and abs(k - 0.85) > 1e-3 and \
                    abs(k - 0.7) > 1e-3 and abs(k - 0.5) > 1e-3:
                break
        else:
            raise SystemExit("generate.py: cannot rate %s for %s"
                             % (plan[i], pid))
        qualities += rated
        persons.append(dict(id=pid, post_level=post, category=category,
                            term=term, **{"class": cls}, position=position,
                            qualification=qual, qualities=qualities,
                            performance=goals, K=k))
    # Every category and term must be present.
    cats = {p["category"] for p in persons}
    terms = {p["term"] for p in persons}
    if cats != {"official", "operational", "auxiliary"} or \
            terms != {"indefinite", "fixed", "probation"}:
        raise SystemExit("generate.py: kz: categories %s, terms %s"
                         % (sorted(cats), sorted(terms)))
    return persons


KZ_AGENCY = """\
# Example agency for merit: a fictional Ministry of Digital Development of
# Kazakhstan with 36 synthetic, pseudonymous civil servants, assessed by the
# annual assessment A1 on the Kazakhstan framework. Generated by
# examples/generate.py; edit that script, not this file.
agency: kz-digital
title: { en: "Ministry of Digital Development (example)", kk: "Цифрлық даму министрлігі (мысал)", ru: "Министерство цифрового развития (пример)" }
framework: kz
scripts: [assessments, ./requirements.lua]
assessment: A1
period: "2025"
exporters: [json, csv]
roster: roster.yaml
evidence: evidence.yaml
"""

KZ_ROSTER_HEADER = """\
# Roster of the fictional kz-digital agency: synthetic persons with
# pseudonymous ids (no names). Generated by examples/generate.py."""

KZ_EVIDENCE_HEADER = """\
# Evidence for the fictional kz-digital agency (synthetic). Per person:
# qualification facts, behavioural indicators observed (1-based indices into
# the framework's effective / ineffective lists at the person's level: those
# seen, and under absent those watched for that did not occur; cooperation
# is sometimes rated at several levels, keyed by level id), a
# direct rating (1-5) of each competency without indicators, and
# performance goals. Generated by examples/generate.py."""


# --------------------------------------------------------------------------
# Uzbekistan

def uz_persons():
    rng = random.Random(SEED + 1)
    n = 32
    posts = [p for p in range(1, 13) for _ in range(2)]
    posts += [rng.randint(1, 12) for _ in range(n - len(posts))]
    rng.shuffle(posts)
    plan = band_plan(rng, [("excellent", 6), ("good", 11),
                           ("satisfactory", 9), ("unsatisfactory", 6)])
    persons = []
    for i in range(n):
        post = posts[i]
        pid = "UZ-%04d" % (i + 1)
        category, position = rng.choice(positions_for(UZ_POSITIONS, post))
        if i % 7 == 3:
            term = "probation"
        elif rng.random() < 0.2:
            term = "fixed"
        else:
            term = "indefinite"
        cls = max(1, min(10, (post + 2) // 2 + rng.randint(-1, 1)))
        req = requirement_for(UZ_REQUIREMENTS, post)
        prof = PROFILES[plan[i]]
        for _ in range(10000):
            qual = draw_qualification(rng, req, uniform(rng, prof["qual"]),
                                      UZ_EXTRA_CERTS)
            p = uniform(rng, prof["qual_p"])
            qualities = []
            for cid in UZ_COMPETENCIES:
                r = 1 + round(4 * min(1.0, max(0.0, rng.gauss(p, 0.18))))
                qualities.append((cid, dict(rating=r)))
            kf = sum((v["rating"] - 1) / 4 for _, v in qualities) / 9
            goals = draw_goals(rng, UZ_GOALS, *prof["perf"])
            k = (UZ_WEIGHTS[0] * qual_score(req, qual) + UZ_WEIGHTS[1] * kf
                 + UZ_WEIGHTS[2] * perf_score(goals))
            if band_of(k) == plan[i] and abs(k - 0.85) > 1e-3 and \
                    abs(k - 0.7) > 1e-3 and abs(k - 0.5) > 1e-3:
                break
        else:
            raise SystemExit("generate.py: cannot draw %s for %s"
                             % (plan[i], pid))
        persons.append(dict(id=pid, post_level=post, category=category,
                            term=term, **{"class": cls}, position=position,
                            qualification=qual, qualities=qualities,
                            performance=goals, K=k))
    cats = {p["category"] for p in persons}
    terms = {p["term"] for p in persons}
    if cats != {"official", "operational", "auxiliary"} or \
            terms != {"indefinite", "fixed", "probation"}:
        raise SystemExit("generate.py: uz: categories %s, terms %s"
                         % (sorted(cats), sorted(terms)))
    return persons


UZ_AGENCY = """\
# Example agency for merit: a fictional Agency for the Development of Public
# Service of Uzbekistan with 32 synthetic, pseudonymous civil servants,
# assessed by the test-based assessment A5 on the Uzbekistan framework, with
# every competency rated directly on a 1-5 scale. Generated by
# examples/generate.py; edit that script, not this file.
agency: uz-adps
title: { en: "Agency for the Development of Public Service (example)", uz: "Davlat xizmatini rivojlantirish agentligi (namuna)", ru: "Агентство развития государственной службы (пример)" }
framework: uz
scripts: [assessments, ./requirements.lua]
assessment: A5
period: "2025"
exporters: [json, csv]
plugins:
  indicators: { rating_scale: [1, 5] }
roster: roster.yaml
evidence: evidence.yaml
"""

UZ_ROSTER_HEADER = """\
# Roster of the fictional uz-adps agency: synthetic persons with
# pseudonymous ids (no names). Generated by examples/generate.py."""

UZ_EVIDENCE_HEADER = """\
# Evidence for the fictional uz-adps agency (synthetic). Per person:
# qualification facts, a direct rating (1-5) of each of the nine
# competencies of the Uzbekistan framework, and performance goals.
# Generated by examples/generate.py."""


def main(argv):
    check = "--check" in argv[1:]
    unknown = [a for a in argv[1:] if a != "--check"]
    if unknown:
        sys.stderr.write("usage: generate.py [--check]\n")
        return 2
    changed = []
    kz = kz_persons()
    d = os.path.join(HERE, "kz-digital")
    write(os.path.join(d, "agency.yaml"), KZ_AGENCY, check, changed)
    write(os.path.join(d, "roster.yaml"), roster_yaml(KZ_ROSTER_HEADER, kz),
          check, changed)
    write(os.path.join(d, "evidence.yaml"),
          evidence_yaml(KZ_EVIDENCE_HEADER, kz), check, changed)
    uz = uz_persons()
    d = os.path.join(HERE, "uz-adps")
    write(os.path.join(d, "agency.yaml"), UZ_AGENCY, check, changed)
    write(os.path.join(d, "roster.yaml"), roster_yaml(UZ_ROSTER_HEADER, uz),
          check, changed)
    write(os.path.join(d, "evidence.yaml"),
          evidence_yaml(UZ_EVIDENCE_HEADER, uz), check, changed)
    for path in changed:
        print(("would change: " if check else "wrote: ")
              + os.path.relpath(path, os.path.dirname(HERE)))
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
