#!/usr/bin/env python3
"""Generate the example agencies of merit whose qualities have several raters.

Writes agency.yaml, roster.yaml and evidence.yaml of four fictional
agencies with synthetic, pseudonymous persons (no names):

  examples/kz-360/     Kazakhstan framework (kz), A1 weights, 360-degree
                       raters with indicator observations, frequency
                       ratings and direct ratings; minimums and gaps
  examples/kr-scs/     Korea's Senior Civil Service model (kr/scs): an
                       assessment centre of 7-9 assessors, median, a Lua
                       score function with a pass mark
  examples/fi-senior/  Finland's selection criteria (fi), no levels: a
                       panel and the hiring manager, trimmed mean, and a
                       qualification minimum
  examples/uz-kpi/     Uzbekistan (uz): KPI on the points scale, persons on
                       leave or newly hired, manager + peers + self

The Lua files and README.md beside the YAML are written by hand; the
qualification requirements below mirror the examples' requirements.lua so
that the generated evidence lands where it is meant to.

The output is deterministic: every random choice comes from
random.Random(seed) with one fixed seed per example, so re-running the
script reproduces byte-identical files. Some persons are drawn on purpose
into the cases the examples are there to show (a floor missed, raters who
disagree, a candidate without a master's degree, ...); the rest are drawn
freely.

Run from anywhere (python3, standard library only):

    python3 examples/generate_raters.py            # write the four examples
    python3 examples/generate_raters.py --check    # exit 1 if a file would change
"""

import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate as G  # noqa: E402  (helpers shared with the first examples)

SEED = 20250424
GENERATOR = "examples/generate_raters.py"


def clamp01(x):
    return min(1.0, max(0.0, x))


def rating_of(rng, q, sd=0.15):
    """A 1-5 rating of someone whose true standing is q in [0, 1]."""
    return 1 + int(round(4 * clamp01(rng.gauss(q, sd))))


# --------------------------------------------------------------------------
# YAML output

def flow_ints(xs):
    return "[" + ", ".join(str(x) for x in xs) + "]"


def obs_yaml(o):
    """One observation: rating, indicators observed, or frequencies."""
    if "rating" in o:
        return "{ rating: %s }" % G.num(o["rating"])
    if "frequency" in o:
        e, i = o["frequency"]
        return "{ frequency: { effective: %s, ineffective: %s } }" % (
            flow_ints(e), flow_ints(i))
    return "{ effective: %s, ineffective: %s }" % (
        flow_ints(o["effective"]), flow_ints(o["ineffective"]))


def roster_yaml(header, persons):
    out = [header, "persons:"]
    for p in persons:
        s = "  - { id: %s, post_level: %d, category: %s, term: %s" % (
            p["id"], p["post_level"], p["category"], p["term"])
        if p.get("class") is not None:
            s += ", class: %d" % p["class"]
        s += ", position: %s" % G.q(p["position"])
        for key in ("sex", "region"):
            if p.get(key):
                s += ", %s: %s" % (key, p[key])
        if p.get("hired"):
            s += ", hired: %s" % p["hired"]
        if p.get("on_leave"):
            s += ", on_leave: true"
        out.append(s + " }")
    return "\n".join(out) + "\n"


def evidence_yaml(header, persons):
    out = [header, "evidence:"]
    for p in persons:
        if p.get("no_evidence"):
            continue
        out.append("  - person: %s" % p["id"])
        qf = p.get("qualification")
        if qf is not None:
            out.append("    qualification:")
            out.append("      education: %s" % qf["education"])
            if "service_years" in qf:
                out.append("      service_years: %s" % G.num(qf["service_years"]))
            if "training_hours" in qf:
                out.append("      training_hours: %s"
                           % G.num(qf["training_hours"]))
            out.append("      certifications: %s"
                       % G.slist(qf["certifications"]))
        if p.get("raters"):
            out.append("    qualities:")
            out.append("      raters:")
            for r in p["raters"]:
                out.append("        - role: %s" % r["role"])
                if r.get("id"):
                    out.append("          id: %s" % r["id"])
                out.append("          ratings:")
                for cid, o in r["ratings"]:
                    out.append("            %s: %s" % (cid, obs_yaml(o)))
        if p.get("performance"):
            out.append("    performance:")
            for g in p["performance"]:
                s = "      - { goal: %s, target: %s, actual: %s" % (
                    G.q(g["goal"]), G.num(g["target"]), G.num(g["actual"]))
                for key in ("weight", "points"):
                    if key in g:
                        s += ", %s: %s" % (key, G.num(g[key]))
                for key in ("deadline", "done"):
                    if key in g:
                        s += ", %s: %s" % (key, g[key])
                if "quality" in g:
                    s += ", quality: %s" % G.num(g["quality"])
                out.append(s + " }")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# kz-360: Kazakhstan, A1 weights, 360-degree raters

# examples/kz-360/requirements.lua declares the same requirements as
# examples/kz-digital/requirements.lua, which generate.py mirrors.
KZ_REQUIREMENTS = G.KZ_REQUIREMENTS

KZ_POSITIONS = {
    (1, 3): [("auxiliary", "office manager"),
             ("auxiliary", "іс жүргізуші"),
             ("operational", "specialist of the export support desk"),
             ("operational", "специалист call-центра по торговле")],
    (4, 6): [("official", "expert"), ("official", "сарапшы"),
             ("operational", "inspector for consumer protection"),
             ("official", "эксперт отдела внутренней торговли")],
    (7, 9): [("official", "chief expert"), ("official", "бас сарапшы"),
             ("official", "главный эксперт департамента торговой политики"),
             ("operational", "chief inspector for consumer protection")],
    (10, 12): [("official", "head of division"),
               ("official", "басқарма басшысы"),
               ("official", "руководитель управления экспортного контроля")],
    (13, 15): [("official", "director of department"),
               ("official", "департамент директоры"),
               ("official", "deputy chairman of committee")],
}

KZ_GOALS = [
    ("Export contracts supported by the agency", 10, 40, 5),
    ("Consumer complaints resolved within the statutory deadline, %", 100, 100, 1),
    ("Draft regulatory legal acts prepared", 3, 10, 1),
    ("Trade missions organised", 2, 8, 1),
    ("Inspections of market surveillance completed", 10, 60, 5),
    ("Public services delivered within the statutory deadline, %", 100, 100, 1),
    ("Interagency data requests processed on time, %", 100, 100, 1),
    ("Audit recommendations closed", 4, 15, 1),
    ("Small businesses advised on e-commerce", 50, 300, 50),
    ("Draft acts put to public discussion on the Open NLA portal", 2, 8, 1),
]

KZ_RATED = [
    "managing-activities", "decision-making", "initiative",
    "stress-resistance", "responsibility", "results-orientation",
    "integrity", "self-development", "developing-staff", "leadership",
    "strategic-thinking",
]
# Competencies a peer or subordinate may not have seen and leave out.
KZ_MAY_SKIP = ["developing-staff", "strategic-thinking", "decision-making",
               "managing-activities"]


def kz_level(post):
    for lv, lo, hi in G.KZ_LEVELS:
        if lo <= post <= hi:
            return lv
    return None


def indicators_seen(rng, n_eff, n_ineff, q):
    """Indicators observed: the stronger the person, the more effective
    ones seen (the k-th of n from q of about (k - 0.5) / n on) and the
    fewer ineffective ones."""
    eff = [k for k in range(1, n_eff + 1)
           if q + rng.gauss(0, 0.12) > (k - 0.5) / n_eff]
    ineff = [k for k in range(1, n_ineff + 1)
             if 1 - q + rng.gauss(0, 0.12) > (n_ineff - k + 0.7) / n_ineff]
    return dict(effective=eff, ineffective=ineff)


def frequencies(rng, n_eff, n_ineff, q):
    eff = [rating_of(rng, q, 0.13) for _ in range(n_eff)]
    ineff = [rating_of(rng, 1 - q, 0.13) for _ in range(n_ineff)]
    return dict(frequency=(eff, ineff))


def kz_persons():
    rng = random.Random(SEED + 10)
    n = 56
    posts = [p for p in range(1, 16) for _ in range(3)]
    posts += [rng.randint(1, 12) for _ in range(n - len(posts))]
    rng.shuffle(posts)
    ids = ["KZ-%04d" % (1001 + i) for i in range(n)]
    idx = list(range(n))
    # Cases drawn on purpose (by index): integrity below the floor while
    # the rest is good; qualities below the minimum with good performance;
    # one peer far from the others; no self-rating; a self-rating that
    # leaves a competency out.
    integrity_low = set(rng.sample(idx, 5))
    rest = [i for i in idx if i not in integrity_low]
    qualities_low = set(rng.sample(rest, 4))
    outlier = set(rng.sample(idx, 8))
    no_self = set(rng.sample(idx, 6))
    partial_self = set(rng.sample([i for i in idx if i not in no_self], 4))

    persons = []
    for i in range(n):
        post = posts[i]
        pid = ids[i]
        category, position = rng.choice(G.positions_for(KZ_POSITIONS, post))
        if post <= 3 and i % 5 == 0:
            term = "probation"
        elif rng.random() < 0.15:
            term = "fixed"
        else:
            term = "indefinite"
        cls = max(1, min(12, (post + 1) // 2 + rng.randint(-1, 1)))
        req = G.requirement_for(KZ_REQUIREMENTS, post)
        strength = rng.uniform(0.3, 1.0)
        qual = G.draw_qualification(rng, req, strength, G.KZ_EXTRA_CERTS)
        if i in qualities_low:
            p = rng.uniform(0.12, 0.3)
            goals = G.draw_goals(rng, KZ_GOALS, 0.95, 1.15)
        else:
            p = rng.uniform(0.42, 0.95)
            goals = G.draw_goals(rng, KZ_GOALS, 0.25 + 0.5 * p, 0.6 + 0.45 * p)
        if i in integrity_low:
            p = max(p, rng.uniform(0.65, 0.9))
        level = kz_level(post)

        # Who rates: the manager (one post or more above, else someone
        # outside the roster), two to four peers (posts within one),
        # subordinates for posts 7 and above, and the person.
        above = [j for j in idx if post < posts[j] <= post + 3]
        manager = ids[rng.choice(above)] if above else "KZ-EXT-%02d" % (
            post - 12)
        near = [j for j in idx if j != i and abs(posts[j] - post) <= 1
                and ids[j] != manager]
        peers = [ids[j] for j in rng.sample(near, min(len(near),
                                                     rng.randint(2, 4)))]
        subs = []
        if post >= 7:
            below = [j for j in idx if posts[j] < post and
                     ids[j] not in peers]
            subs = [ids[j] for j in rng.sample(below, min(len(below),
                                                         rng.randint(2, 4)))]
        raters = [("manager", manager)] + [("peer", x) for x in peers] + \
            [("subordinate", x) for x in subs]
        if i not in no_self:
            raters.append(("self", None))
        odd_peer = peers[0] if i in outlier else None

        rlist = []
        for role, rid in raters:
            if role == "self":
                q = clamp01(p + rng.uniform(0.05, 0.25))
            elif rid == odd_peer:
                q = clamp01(p + (-0.5 if p > 0.5 else 0.5))
            else:
                q = clamp01(p + rng.gauss(0, 0.06))
            ratings = []
            # customer orientation: its set at every post (4 + 4)
            if role == "manager":
                ratings.append(("customer-orientation",
                                indicators_seen(rng, 4, 4, q)))
            elif role == "self":
                ratings.append(("customer-orientation",
                                dict(rating=rating_of(rng, q))))
            else:
                ratings.append(("customer-orientation",
                                frequencies(rng, 4, 4, q)))
            # cooperation: the set of the post's level (3 + 3), posts 1-12
            if level is not None:
                if role in ("manager", "subordinate"):
                    ratings.append(("cooperation",
                                    indicators_seen(rng, 3, 3, q)))
                elif role == "peer":
                    ratings.append(("cooperation", frequencies(rng, 3, 3, q)))
                else:
                    ratings.append(("cooperation",
                                    dict(rating=rating_of(rng, q))))
            for cid in KZ_RATED:
                qq = q
                if cid == "integrity" and i in integrity_low and \
                        role not in ("self",):
                    qq = rng.uniform(0.05, 0.3)
                if role in ("peer", "subordinate") and cid in KZ_MAY_SKIP \
                        and rng.random() < 0.1:
                    continue
                ratings.append((cid, dict(rating=rating_of(rng, qq, 0.12))))
            if role == "self" and i in partial_self:
                ratings = [x for x in ratings if x[0] != "developing-staff"]
            rlist.append(dict(role=role, id=rid if role != "self" else pid,
                              ratings=ratings))
        # every competency needs two raters other than self: the manager
        # rates everything; make sure a second one does too
        others = [r for r in rlist if r["role"] not in ("manager", "self")]
        for cid in KZ_MAY_SKIP:
            if not any(cid == c for r in others for c, _ in r["ratings"]):
                others[0]["ratings"].append(
                    (cid, dict(rating=rating_of(rng, p))))
        persons.append(dict(id=pid, post_level=post, category=category,
                            term=term, **{"class": cls}, position=position,
                            qualification=qual, raters=rlist,
                            performance=goals))
    return persons


KZ_AGENCY = """\
# Example agency for merit: a fictional Ministry of Trade and Integration
# of Kazakhstan with 56 synthetic, pseudonymous civil servants, whose
# professional qualities are rated 360 degrees (manager, peers,
# subordinates, self) and assessed by A1-360 on the Kazakhstan framework.
# Generated by examples/generate_raters.py; edit that script, not this file.
agency: kz-360
title: { en: "Ministry of Trade and Integration (example)", kk: "Сауда және интеграция министрлігі (мысал)", ru: "Министерство торговли и интеграции (пример)" }
framework: kz
scripts: [./requirements.lua, ./assessment-360.lua]
assessment: A1-360
period: "2025"
exporters: [json, csv]
plugins:
  indicators: { rating_scale: [1, 5], attain: 0.6 }
roster: roster.yaml
evidence: evidence.yaml
"""

KZ_ROSTER_HEADER = """\
# Roster of the fictional kz-360 agency: synthetic persons with
# pseudonymous ids (no names). Generated by examples/generate_raters.py."""

KZ_EVIDENCE_HEADER = """\
# Evidence for the fictional kz-360 agency (synthetic). Per person:
# qualification facts; the raters of professional qualities -- the manager
# (indicators observed), two to four peers (frequency ratings 1-5, one per
# indicator), subordinates for posts 7 and above, and mostly the person
# (self, reported beside the score) -- each with a rating 1-5 of the
# eleven competencies without indicators; and performance goals.
# Generated by examples/generate_raters.py."""


# --------------------------------------------------------------------------
# kr-scs: Korea, Senior Civil Service assessment centre

KR_COMPETENCIES = ["problem-recognition", "strategic-thinking",
                   "results-orientation", "change-management",
                   "customer-satisfaction", "coordination-and-integration"]

KR_POSITIONS = {
    (13, 13): ["division director, policy planning",
               "division director, budget and finance",
               "과장 (division director)",
               "division director, regulatory reform"],
    (14, 14): ["senior director, international cooperation",
               "부이사관 (senior director)",
               "senior director, emergency management"],
}


KR_REGIONS = ["capital", "gyeonggi", "chungcheong", "honam", "yeongnam"]


def kr_persons():
    rng = random.Random(SEED + 20)
    n = 54
    pool = ["AC-%02d" % k for k in range(1, 16)]
    severity = {a: rng.uniform(-0.35, 0.35) for a in pool}
    idx = list(range(n))
    harsh_split = set(rng.sample(idx, 5))  # assessors far apart
    persons = []
    for i in range(n):
        pid = "KR-%04d" % (i + 1)
        post = 13 if rng.random() < 0.6 else 14
        position = rng.choice(KR_POSITIONS[(post, post)])
        latent = rng.uniform(1.7, 3.8)
        effect = {c: rng.gauss(0, 0.35) for c in KR_COMPETENCIES}
        k = rng.choice([7, 7, 8, 8, 9])
        panel = sorted(rng.sample(pool, k))
        # with eight or nine assessors, now and then one did not observe a
        # competency in the exercises they ran: at most one per competency
        skip = {}
        if k >= 8:
            for c in KR_COMPETENCIES:
                if rng.random() < 0.15:
                    skip[c] = rng.choice(panel)
        raters = []
        for a in panel:
            ratings = []
            for c in KR_COMPETENCIES:
                x = latent + severity[a] + effect[c] + rng.gauss(0, 0.55)
                if i in harsh_split and a == panel[0]:
                    x += 2.2 if latent < 2.8 else -2.2
                if skip.get(c) == a:
                    continue
                ratings.append((c, dict(rating=min(5, max(1, int(round(x)))))))
            raters.append(dict(role="assessor", id=a, ratings=ratings))
        persons.append(dict(id=pid, post_level=post, category="official",
                            term="indefinite", position=position,
                            raters=raters))
    # sex and region, for merit fairness: drawn from their own generator,
    # after everything else, so the ratings above stay as they were
    grp = random.Random(SEED + 21)
    for p in persons:
        p["sex"] = "female" if grp.random() < 0.4 else "male"
        p["region"] = grp.choice(KR_REGIONS)
    return persons


KR_AGENCY = """\
# Example agency for merit: the competency assessment centre of a fictional
# Korean ministry, with 54 synthetic, pseudonymous candidates for the
# Senior Civil Service, each rated 1-5 on the six competencies of the 2009
# model by seven to nine assessors. Generated by
# examples/generate_raters.py; edit that script, not this file.
agency: kr-scs
title: { en: "Ministry of Regional Affairs, SCS assessment centre (example)", ko: "지역부 고위공무원단 역량평가 (예시)" }
framework: kr/scs
scripts: [./assessment-centre.lua]
assessment: SCS-AC
period: "2025"
exporters: [json, csv]
plugins:
  indicators: { rating_scale: [1, 5] }
roster: roster.yaml
evidence: evidence.yaml
"""

KR_ROSTER_HEADER = """\
# Roster of the fictional kr-scs assessment centre: synthetic candidates
# with pseudonymous ids (no names); post level 13 is a division director
# (grade 4), 14 a senior director (grade 3), the example's numbering.
# Generated by examples/generate_raters.py."""

KR_EVIDENCE_HEADER = """\
# Evidence for the fictional kr-scs assessment centre (synthetic): per
# candidate, seven to nine assessors (ids from a pool of fifteen), each
# rating the six competencies 1-5; an assessor now and then did not
# observe one competency. Generated by examples/generate_raters.py."""


# --------------------------------------------------------------------------
# fi-senior: Finland, selection criteria, panel + hiring manager

FI_CRITERIA = ["masters-degree", "versatile-experience", "proven-leadership",
               "development-potential", "cooperation-interaction-organising",
               "results-orientation", "broad-fast-moving-environment",
               "language-skills"]

# Mirror of examples/fi-senior/requirements.lua.
FI_REQUIREMENTS = [
    dict(posts=(13, 14), education="master", service_years=6,
         certifications=["finnish-excellent", "swedish-satisfactory"]),
    dict(posts=(15, 15), education="master", service_years=10,
         certifications=["finnish-excellent", "swedish-satisfactory"]),
]

# The vacancies: (post level, position, hiring manager, candidates).
FI_VACANCIES = [
    (13, "head of unit, climate policy", "FI-HM-1", 14),
    (14, "director, environmental protection department", "FI-HM-2", 13),
    (14, "director, administration and finance", "FI-HM-3", 12),
    (15, "director-general, natural resources department", "FI-HM-4", 13),
]


def fi_persons():
    rng = random.Random(SEED + 30)
    panel_pool = ["FI-PANEL-%02d" % k for k in range(1, 11)]
    persons = []
    i = 0
    for post, position, manager, count in FI_VACANCIES:
        req = G.requirement_for(FI_REQUIREMENTS, post)
        panel = sorted(rng.sample(panel_pool, rng.randint(3, 5)))
        for c in range(count):
            i += 1
            pid = "FI-%04d" % i
            # education: mostly a master's, a few bachelors (not
            # eligible), some doctorates
            u = rng.random()
            education = "bachelor" if u < 0.15 else \
                "doctorate" if u > 0.85 else "master"
            need = req["service_years"]
            service = round(need * rng.uniform(0.7, 2.0) * 2) / 2
            certs = [x for x in req["certifications"] if rng.random() < 0.93]
            if rng.random() < 0.2:
                certs.append(rng.choice(["english-c1", "german-b2",
                                         "public-management-mpa"]))
            qual = dict(education=education, service_years=service,
                        certifications=certs)
            latent = rng.uniform(0.4, 0.95)
            effect = {k: rng.gauss(0, 0.1) for k in FI_CRITERIA}
            # the panel rates on the candidate's whole record
            if education == "bachelor":
                effect["masters-degree"] -= 0.4
            raters = []
            # a panel of three may have one member absent for a candidate;
            # never below three raters in all
            members = list(panel)
            if len(members) >= 4 and rng.random() < 0.15:
                members.remove(rng.choice(members))
            odd = rng.random() < 0.12
            for m in members + [manager]:
                role = "manager" if m == manager else "assessor"
                bias = 0.08 if role == "manager" else 0.0
                if odd and m == members[0]:
                    bias += -0.45 if latent > 0.5 else 0.45
                ratings = []
                for k in FI_CRITERIA:
                    if k == "language-skills" and role == "manager" and \
                            rng.random() < 0.2:
                        continue  # left to the panel's language test
                    q = clamp01(latent + effect[k] + bias)
                    ratings.append((k, dict(rating=rating_of(rng, q, 0.12))))
                raters.append(dict(role=role, id=m, ratings=ratings))
            persons.append(dict(id=pid, post_level=post, category="official",
                                term="fixed", position=position,
                                qualification=qual, raters=raters))
    return persons


FI_AGENCY = """\
# Example agency for merit: the selection of four senior management posts
# in a fictional Finnish ministry, with 52 synthetic, pseudonymous
# candidates rated on the eight selection criteria by a panel and the
# hiring manager. Generated by examples/generate_raters.py; edit that
# script, not this file.
agency: fi-senior
title: { en: "Ministry of the Environment, senior appointments (example)", fi: "Ympäristöministeriö, ylimmän johdon nimitykset (esimerkki)", sv: "Miljöministeriet, utnämningar av högsta ledningen (exempel)" }
framework: fi
scripts: [./requirements.lua, ./selection.lua]
assessment: FI-SEL
period: "2025"
exporters: [json, csv]
plugins:
  indicators: { rating_scale: [1, 5] }
roster: roster.yaml
evidence: evidence.yaml
"""

FI_ROSTER_HEADER = """\
# Candidates of the fictional fi-senior selection: synthetic persons with
# pseudonymous ids (no names), each applying for one post (13 head of
# unit, 14 director, 15 director-general: the example's numbering); senior
# posts are filled for a fixed term. Generated by examples/generate_raters.py."""

FI_EVIDENCE_HEADER = """\
# Evidence for the fictional fi-senior selection (synthetic). Per
# candidate: the qualification facts (degree, years of experience,
# language certificates) and the ratings 1-5 of the eight criteria by the
# vacancy's panel (three to five assessors) and its hiring manager.
# Generated by examples/generate_raters.py."""


# --------------------------------------------------------------------------
# uz-kpi: Uzbekistan, KPI points, not-assessed persons

UZ_COMPETENCIES = [
    "innovation-orientation", "project-management", "leadership", "ethics",
    "positive-thinking", "teamwork", "building-trust",
    "business-communication", "result-orientation",
]

UZ_POSITIONS = {
    (1, 3): [("auxiliary", "devonxona xodimi"),
             ("operational", "specialist of the one-stop service centre"),
             ("operational", "mutaxassis")],
    (4, 6): [("official", "leading specialist, investment department"),
             ("official", "yetakchi mutaxassis"),
             ("official", "главный специалист отдела обращений")],
    (7, 9): [("official", "head of division, social affairs"),
             ("official", "boʻlim boshligʻi"),
             ("official", "начальник отдела инвестиций")],
    (10, 12): [("official", "head of department, economy"),
               ("official", "boshqarma boshligʻi"),
               ("official", "deputy khokim for investments (example post)")],
}

# (goal, low target, high target, step)
UZ_GOALS = [
    ("Investment projects launched in the region", 3, 12, 1),
    ("Citizen appeals resolved within 15 days, %", 100, 100, 1),
    ("New jobs created through regional programmes", 100, 600, 50),
    ("Public services provided through my.gov.uz, %", 100, 100, 1),
    ("Local budget revenue plan executed, %", 100, 100, 1),
    ("Mahalla meetings held on social issues", 10, 40, 5),
    ("Permits issued within the statutory deadline, %", 100, 100, 1),
    ("Families taken out of the poverty register", 20, 120, 10),
    ("Draft decisions of the khokim prepared", 4, 12, 1),
    ("Entrepreneurs given subsidised loans", 15, 80, 5),
]

UZ_POINTS = [[40, 30, 30], [50, 25, 25], [30, 25, 25, 20], [25, 25, 25, 25],
             [30, 20, 20, 15, 15], [35, 25, 20, 20]]

UZ_AS_OF = "2025-12-31"


def uz_goals(rng, lo, hi):
    pts = rng.choice(UZ_POINTS)
    picked = rng.sample(UZ_GOALS, len(pts))
    goals = []
    for (text, tlo, thi, step), points in zip(picked, pts):
        target = rng.randrange(tlo, thi + 1, step) if thi > tlo else tlo
        ratio = rng.uniform(lo, hi)
        if target == 100 and text.endswith("%"):
            actual = round(min(ratio, 1.0) * 100, 1)
        else:
            actual = max(0, int(round(target * ratio)))
        if isinstance(actual, float) and actual.is_integer():
            actual = int(actual)
        g = dict(goal=text, target=target, actual=actual, points=points)
        u = rng.random()
        if u < 0.3:
            month = rng.randint(3, 9)
            g["deadline"] = "2025-%02d-%02d" % (month, rng.choice([15, 28]))
            if rng.random() < 0.45:  # late by days or weeks
                late = rng.choice([3, 10, 21, 40])
                d = int(g["deadline"][8:]) + late
                m = month + (d - 1) // 28
                d = (d - 1) % 28 + 1
                g["done"] = "2025-%02d-%02d" % (m, d)
            else:
                g["done"] = "2025-%02d-%02d" % (month, rng.randint(1, 14))
        if rng.random() < 0.2:
            g["quality"] = rng.choice([0.8, 0.9, 0.95])
        goals.append(g)
    return goals


def uz_persons():
    rng = random.Random(SEED + 40)
    n = 58
    posts = [p for p in range(1, 13) for _ in range(4)]
    posts += [rng.randint(1, 12) for _ in range(n - len(posts))]
    rng.shuffle(posts)
    ids = ["UZ-%04d" % (2001 + i) for i in range(n)]
    idx = list(range(n))
    special = rng.sample(idx, 10)
    on_leave = special[:4]        # two of them with no evidence at all
    recent = special[4:8]         # hired within three months of as_of
    boundary = special[8:10]      # exactly three whole months: assessed
    recent_dates = ["2025-10-01", "2025-11-17", "2025-12-08", "2025-10-20"]
    boundary_dates = ["2025-09-30", "2025-09-15"]
    no_self = set(rng.sample(idx, 5))
    outlier = set(rng.sample(idx, 6))
    persons = []
    for i in range(n):
        post = posts[i]
        pid = ids[i]
        category, position = rng.choice(G.positions_for(UZ_POSITIONS, post))
        term = "probation" if i in recent else (
            "fixed" if rng.random() < 0.15 else "indefinite")
        cls = max(1, min(10, (post + 2) // 2 + rng.randint(-1, 1)))
        if i in recent:
            hired = recent_dates[recent.index(i)]
        elif i in boundary:
            hired = boundary_dates[boundary.index(i)]
        else:
            hired = "%d-%02d-%02d" % (rng.randint(2008, 2024),
                                      rng.randint(1, 12), rng.randint(1, 28))
        p = rng.uniform(0.3, 0.95)
        perf = uz_goals(rng, 0.3 + 0.55 * p, 0.7 + 0.5 * p)
        # raters: the manager, two or three peers, mostly the person
        above = [j for j in idx if post < posts[j] <= post + 3]
        manager = ids[rng.choice(above)] if above else "UZ-KHOKIM-01"
        near = [j for j in idx if j != i and abs(posts[j] - post) <= 1
                and ids[j] != manager]
        peers = [ids[j] for j in rng.sample(near, rng.randint(2, 3))]
        raters = [("manager", manager)] + [("peer", x) for x in peers]
        if i not in no_self:
            raters.append(("self", pid))
        rlist = []
        for role, rid in raters:
            if role == "self":
                q = clamp01(p + rng.uniform(0.0, 0.25))
            elif i in outlier and rid == peers[0]:
                q = clamp01(p + (-0.55 if p > 0.5 else 0.55))
            else:
                q = clamp01(p + rng.gauss(0, 0.05))
            ratings = []
            for cid in UZ_COMPETENCIES:
                if role == "peer" and rid != peers[0] and rng.random() < 0.06:
                    continue  # a peer who could not judge it
                ratings.append((cid, dict(rating=rating_of(rng, q, 0.11))))
            rlist.append(dict(role=role, id=rid, ratings=ratings))
        person = dict(id=pid, post_level=post, category=category, term=term,
                      **{"class": cls}, position=position, hired=hired,
                      raters=rlist, performance=perf)
        if i in on_leave:
            person["on_leave"] = True
            if on_leave.index(i) < 2:
                person["no_evidence"] = True
        if i in recent:
            k = recent.index(i)
            if k < 2:
                person["no_evidence"] = True
            else:  # the manager's first ratings, no KPI card yet
                person["raters"] = rlist[:1]
                person["performance"] = None
        persons.append(person)
    return persons


UZ_AGENCY = """\
# Example agency for merit: a fictional regional khokimiyat of Uzbekistan
# with 58 synthetic, pseudonymous civil servants, appraised on KPI points
# and on the nine competencies rated by their manager, peers and
# themselves; persons on leave or in their first three months are not
# assessed. Generated by examples/generate_raters.py; edit that script,
# not this file.
agency: uz-kpi
title: { en: "Regional khokimiyat (example)", uz: "Viloyat hokimligi (namuna)", ru: "Областной хокимият (пример)" }
framework: uz
scripts: [./kpi-appraisal.lua]
assessment: UZ-KPI
period: "2025"
exporters: [json, csv]
plugins:
  indicators: { rating_scale: [1, 5] }
  kpi: { scale: points, cap: 1.2, late_penalty: 0.2, as_of: 2025-12-31, min_service_months: 3 }
roster: roster.yaml
evidence: evidence.yaml
"""

UZ_ROSTER_HEADER = """\
# Roster of the fictional uz-kpi khokimiyat: synthetic persons with
# pseudonymous ids (no names), with the date each was hired; four are on
# leave. Generated by examples/generate_raters.py."""

UZ_EVIDENCE_HEADER = """\
# Evidence for the fictional uz-kpi khokimiyat (synthetic). Per person:
# the raters of the nine competencies (manager, two or three peers, mostly
# the person, each 1-5) and the KPI card: goals carrying points that sum
# to 100, some with a deadline and the date done, some with a quality
# share. Persons on leave or newly hired have no entry or a partial one.
# Generated by examples/generate_raters.py."""


# --------------------------------------------------------------------------

EXAMPLES = [
    ("kz-360", kz_persons, KZ_AGENCY, KZ_ROSTER_HEADER, KZ_EVIDENCE_HEADER),
    ("kr-scs", kr_persons, KR_AGENCY, KR_ROSTER_HEADER, KR_EVIDENCE_HEADER),
    ("fi-senior", fi_persons, FI_AGENCY, FI_ROSTER_HEADER,
     FI_EVIDENCE_HEADER),
    ("uz-kpi", uz_persons, UZ_AGENCY, UZ_ROSTER_HEADER, UZ_EVIDENCE_HEADER),
]


def main(argv):
    check = "--check" in argv[1:]
    unknown = [a for a in argv[1:] if a != "--check"]
    if unknown:
        sys.stderr.write("usage: generate_raters.py [--check]\n")
        return 2
    changed = []
    for name, make, agency, rh, eh in EXAMPLES:
        persons = make()
        d = os.path.join(HERE, name)
        G.write(os.path.join(d, "agency.yaml"), agency, check, changed)
        G.write(os.path.join(d, "roster.yaml"), roster_yaml(rh, persons),
                check, changed)
        G.write(os.path.join(d, "evidence.yaml"), evidence_yaml(eh, persons),
                check, changed)
    for path in changed:
        print(("would change: " if check else "wrote: ")
              + os.path.relpath(path, os.path.dirname(HERE)))
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
