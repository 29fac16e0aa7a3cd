#!/usr/bin/env python3
"""Independent recomputation of the quiz engine's scores and of the item
statistics of `merit items`.

Usage:
    quiz_recompute.py [--element E] [--register DB] AGENCY_DIR RESULTS.jsonl
    quiz_recompute.py --items AGENCY_DIR ITEMS.json
    quiz_recompute.py --recommend AGENCY_DIR RECOMMENDATIONS.json
    quiz_recompute.py --print AGENCY_DIR

Reads AGENCY_DIR/agency.yaml, the item bank its `plugins: quiz: bank:`
names, and the roster and evidence (PyYAML), and scores every person's
answers from the bank's keys with the rules of plugins/engines/quiz/
README.md, written out again here without reading merit's code:

  single     points when the answer is the key
  multiple   points * max(0, (right - wrong) / keys), or all or nothing
             with partial: false
  numeric    points when |answer - key| <= tolerance (+ 1e-9 * max(1, |key|))
  missing    0 (left out, or answered ~)

over the person's form (the bank, a named form, or a list of item ids):
the element score p = earned / possible and se = sqrt(p (1 - p) / n),
and the same per competency and per course; a course is recommended when
its subscore < pass - 1e-9.

First form: compares with the JSON Lines merit wrote (RESULTS.jsonl): the
element E (default qualities), every competency's value and se, every
course's value, se and n_items, and K against the weights of A5-quiz
copied below (0.2 / 0.4 / 0.4, seed 001, Table 1), within 1e-9. With
--register, also reads each person's explanation from merit's register
(SQLite) and checks the element's se (to the 4 decimals printed), the
courses recommended and the items reported unanswered.

--items: computes the item statistics (n, difficulty p, item-rest
correlation, flags; KR-20 from p(1 - p) when every item is 0/1, else
Cronbach's alpha from variances; mean and sample SD of the totals) with
Python's statistics module and compares with `merit items --format json`
within 1e-6; also the standard error of measurement SEM = SD * sqrt(1 -
reliability), for the whole test and for each course's subscore (the
items of that course taken as a test of their own), the latter also as a
share of the subscore's maximum.

--recommend: `merit recommend PERSON --format json` of persons, one
after another: a quiz course is recommended when its subscore is below the pass
mark, and marked borderline exactly when below it by less than the
course's SEM (as a share), which it gives.

Output is TAP. Exit status: 0 all ok, 1 some test failed, 2 usage or
input error (printed as Bail out!).
"""

import json
import math
import os
import re
import sqlite3
import statistics
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    print("1..0 # SKIP PyYAML (python3-yaml) is not installed")
    sys.exit(0)

TOL = 1e-9
TOL_ITEMS = 1e-6

# Seed 001, Table 1, A5 ("assessment based on a test"), which A5-quiz in
# examples/kz-quiz/quiz.lua keeps.
WEIGHTS = {"A5-quiz": {"qualification": 0.2, "qualities": 0.4,
                       "performance": 0.4}}

P_LOW, P_HIGH, R_LOW = 0.2, 0.9, 0.2


class InputError(Exception):
    pass


class PersonError(Exception):
    pass


def load_yaml(path):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        raise InputError("%s: %s" % (path, e))


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def text(x):
    """An option key or answer as the bank compares it."""
    if isinstance(x, str):
        return x
    if is_number(x):
        return "%.15g" % x
    return None


# ---------------------------------------------------------------- scoring

def load(agency_dir):
    a = load_yaml(os.path.join(agency_dir, "agency.yaml"))
    q = (a.get("plugins") or {}).get("quiz") or {}
    if "bank" not in q:
        raise InputError("agency.yaml: no plugins: quiz: bank:")
    bank = load_yaml(os.path.join(agency_dir, q["bank"]))
    roster = load_yaml(os.path.join(agency_dir, a.get("roster",
                                                      "roster.yaml")))
    evidence = load_yaml(os.path.join(agency_dir, a.get("evidence",
                                                        "evidence.yaml")))
    items = {}
    order = []
    for it in bank["items"]:
        items[it["id"]] = it
        order.append(it["id"])
    ev = {e["person"]: e for e in evidence["evidence"]}
    return dict(agency=a, pass_=q.get("pass", 0.6), bank=bank, items=items,
                order=order, persons=[p["id"] for p in roster["persons"]],
                evidence=ev)


def item_score(it, ans):
    pts = it.get("points", 1)
    if ans is None:
        return 0.0
    t = it["type"]
    if t == "single":
        if text(ans) is None:
            raise PersonError("%s: not an option: %r" % (it["id"], ans))
        return float(pts) if text(ans) == text(it["key"]) else 0.0
    if t == "multiple":
        if not isinstance(ans, list):
            raise PersonError("%s: not a list: %r" % (it["id"], ans))
        chosen = [text(x) for x in ans]
        keys = {text(x) for x in it["key"]}
        right = len([c for c in chosen if c in keys])
        wrong = len(chosen) - right
        if it.get("partial", True):
            return pts * max(0.0, (right - wrong) / len(keys))
        return float(pts) if set(chosen) == keys and not wrong else 0.0
    if t == "numeric":
        if not is_number(ans):
            raise PersonError("%s: not a number: %r" % (it["id"], ans))
        key = it["key"]
        slack = 1e-9 * max(1.0, abs(key))
        return float(pts) if abs(ans - key) <= it.get("tolerance", 0) + slack \
            else 0.0
    raise InputError("item %s: type %r" % (it["id"], t))


def person_form(d, qual):
    f = qual.get("form")
    if f is None:
        return list(d["order"])
    if isinstance(f, str):
        forms = d["bank"].get("forms") or {}
        if f not in forms:
            raise PersonError("form %r not in the bank" % f)
        return list(forms[f])
    return list(f)


def se(p, n):
    return math.sqrt(p * (1 - p) / n)


def score_person(d, pid, element):
    e = d["evidence"].get(pid)
    if e is None or not isinstance(e.get(element), dict):
        raise PersonError("no %s evidence" % element)
    qual = e[element]
    answers = qual.get("answers") or {}
    form = person_form(d, qual)
    for iid in answers:
        if iid not in d["items"] or iid not in form:
            raise PersonError("answer to %s, not on the form" % iid)
    scores = {}
    unanswered = []
    groups = {"competency": {}, "course": {}}
    earned = possible = 0.0
    for iid in form:
        it = d["items"][iid]
        ans = answers.get(iid)
        if ans is None:
            unanswered.append(iid)
        s = item_score(it, ans)
        pts = float(it.get("points", 1))
        scores[iid] = (s, pts)
        earned += s
        possible += pts
        for kind in ("competency", "course"):
            k = it.get(kind)
            if k is None:
                continue
            g = groups[kind].setdefault(k, [0.0, 0.0, 0])
            g[0] += s
            g[1] += pts
            g[2] += 1
    p = earned / possible
    out = {"value": p, "se": se(p, len(form)), "items": scores,
           "unanswered": unanswered, "competencies": {}, "courses": {},
           "recommend": []}
    for kind, key in (("competency", "competencies"), ("course", "courses")):
        for k, (ea, po, n) in groups[kind].items():
            v = ea / po
            out[key][k] = {"value": v, "se": se(v, n), "n_items": n}
            if kind == "course" and v < d["pass_"] - 1e-9:
                out["recommend"].append(k)
    return out


# ------------------------------------------------------------ comparison

def close(x, y, tol=TOL):
    return is_number(x) and abs(x - y) <= tol


def compare_result(exp, got, element, weights):
    bad = []
    el = (got.get("elements") or {}).get(element)
    if not close(el, exp["value"]):
        bad.append("%s %r, expected %.12f" % (element, el, exp["value"]))
    comps = got.get("competencies") or {}
    if set(comps) != set(exp["competencies"]):
        bad.append("competencies %s, expected %s"
                   % (sorted(comps), sorted(exp["competencies"])))
    for k, w in exp["competencies"].items():
        c = comps.get(k) or {}
        for f in ("value", "se"):
            if not close(c.get(f), w[f]):
                bad.append("competency %s %s %r, expected %.12f"
                           % (k, f, c.get(f), w[f]))
        if c.get("level") is not None:
            bad.append("competency %s level %r, expected null"
                       % (k, c.get("level")))
    courses = got.get("courses") or {}
    if set(courses) != set(exp["courses"]):
        bad.append("courses %s, expected %s"
                   % (sorted(courses), sorted(exp["courses"])))
    for k, w in exp["courses"].items():
        c = courses.get(k) or {}
        for f in ("value", "se"):
            if not close(c.get(f), w[f]):
                bad.append("course %s %s %r, expected %.12f"
                           % (k, f, c.get(f), w[f]))
        if c.get("n_items") != w["n_items"]:
            bad.append("course %s n_items %r, expected %d"
                       % (k, c.get("n_items"), w["n_items"]))
    if weights:
        els = got.get("elements") or {}
        k = 0.0
        for e, wt in weights.items():
            v = exp["value"] if e == element else els.get(e)
            if not is_number(v):
                bad.append("element %s missing" % e)
                break
            k += wt * v
        else:
            if not close(got.get("K"), k):
                bad.append("K %r, expected %.12f" % (got.get("K"), k))
    return bad


def compare_explanation(exp, text_):
    bad = []
    m = re.search(r"^  bank \S+.*= [0-9.]+ \(se ([0-9.]+)\)$", text_, re.M)
    if not m or abs(float(m.group(1)) - exp["se"]) > 0.5e-4 + 1e-12:
        bad.append("explanation: se %s, expected %.4f"
                   % (m.group(1) if m else "missing", exp["se"]))
    rec = re.findall(r"^  course (\S+): [0-9.]+ < pass [0-9.]+: recommend$",
                     text_, re.M)
    if sorted(rec) != sorted(exp["recommend"]):
        bad.append("explanation: recommends %s, expected %s"
                   % (sorted(rec), sorted(exp["recommend"])))
    m = re.search(r"^  \d+ items? not answered, scored 0: (.*)$", text_,
                  re.M)
    un = m.group(1).split(", ") if m else []
    if un != exp["unanswered"]:
        bad.append("explanation: unanswered %s, expected %s"
                   % (un, exp["unanswered"]))
    return bad


def read_jsonl(path):
    rows = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    rows[r["person"]] = r
    except (OSError, ValueError, KeyError) as e:
        raise InputError("%s: %s" % (path, e))
    return rows


def read_register(path, agency):
    try:
        db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
        rows = db.execute("select person, explanation from latest_result "
                          "where agency = ?", (agency,)).fetchall()
        db.close()
    except sqlite3.Error as e:
        raise InputError("%s: %s" % (path, e))
    return dict(rows)


def check_results(agency_dir, results, element, register):
    d = load(agency_dir)
    got = read_jsonl(results)
    expl = read_register(register, d["agency"]["agency"]) if register \
        else None
    weights = WEIGHTS.get(d["agency"].get("assessment"))
    print("1..%d" % (len(d["persons"]) + 1))
    failed = 0
    for n, pid in enumerate(d["persons"], 1):
        try:
            exp = score_person(d, pid, element)
            bad = []
            if pid not in got:
                bad = ["missing from the results"]
            else:
                bad = compare_result(exp, got[pid], element, weights)
                if expl is not None:
                    bad += compare_explanation(exp, expl.get(pid, ""))
        except PersonError as e:
            bad = ["input: %s" % e]
        if bad:
            failed += 1
            print("not ok %d - %s" % (n, pid))
            for b in bad:
                print("#   %s" % b)
        else:
            print("ok %d - %s %s=%.6f, %d competencies, %d courses, "
                  "recommend %s" % (n, pid, element, exp["value"],
                                    len(exp["competencies"]),
                                    len(exp["courses"]),
                                    ",".join(exp["recommend"]) or "none"))
    extra = sorted(set(got) - set(d["persons"]))
    if extra:
        failed += 1
        print("not ok %d - persons not in the roster: %s"
              % (len(d["persons"]) + 1, " ".join(extra)))
    else:
        print("ok %d - no result for a person outside the roster"
              % (len(d["persons"]) + 1))
    return 1 if failed else 0


# -------------------------------------------------------- item statistics

def corr(x, y):
    try:
        return statistics.correlation(x, y)
    except statistics.StatisticsError:  # a constant column, or n < 2
        return None


def reliability(rows, ids, maxima):
    """Over the persons who took every item of ids: their count, the
    mean and sample SD of their totals, whether every item is 0/1, and
    KR-20 or Cronbach's alpha (population variances, which cancel); the
    standard error of measurement SD * sqrt(1 - reliability)."""
    complete = [row for row in rows if all(i in row for i in ids)]
    tot = [sum(row[i][0] for i in ids) for row in complete]
    k = len(ids)
    dich = all(maxima[i] == 1 for i in ids) and all(
        row[i][0] in (0, 1) for row in rows for i in ids if i in row)
    rel = None
    if k >= 2 and len(tot) >= 2 and statistics.pvariance(tot) > 0:
        iv = sum(statistics.pvariance([row[i][0] for row in complete])
                 for i in ids)
        rel = k / (k - 1) * (1 - iv / statistics.pvariance(tot))
    sd = statistics.stdev(tot) if len(tot) >= 2 else None
    sem = sd * math.sqrt(1 - rel) if sd is not None and rel is not None \
        else None
    return {"items": k, "max_total": sum(maxima[i] for i in ids),
            "complete": len(tot), "sd": sd,
            "reliability_method": "KR-20" if dich else "alpha",
            "reliability": rel, "sem": sem}


def course_sems(d, element):
    """Per course of the bank: the reliability and SEM of its subscore
    over the cohort, the SEM also as a share of the subscore."""
    rows = [score_person(d, pid, element)["items"] for pid in d["persons"]]
    maxima = {i: float(d["items"][i].get("points", 1)) for i in d["order"]}
    out = {}
    for c in dict.fromkeys(d["items"][i].get("course") for i in d["order"]):
        if c is None:
            continue
        ids = [i for i in d["order"] if d["items"][i].get("course") == c]
        r = reliability(rows, ids, maxima)
        r["sem_share"] = None if r["sem"] is None else \
            r["sem"] / r["max_total"]
        out[c] = r
    return out


def item_stats(d, element):
    ids, maxima, rows = [], {}, []
    for pid in d["persons"]:
        try:
            r = score_person(d, pid, element)
        except PersonError as e:
            raise InputError("%s: %s" % (pid, e))
        for iid, (s, m) in r["items"].items():
            if iid not in maxima:
                ids.append(iid)
                maxima[iid] = m
        rows.append(r["items"])
    totals = [sum(s for s, _ in row.values()) for row in rows]
    items = []
    for iid in ids:
        took = [(row[iid][0], t - row[iid][0])
                for row, t in zip(rows, totals) if iid in row]
        x = [a for a, _ in took]
        rest = [b for _, b in took]
        p = statistics.fmean(x) / maxima[iid]
        r = corr(x, rest)
        flags = []
        if p < P_LOW:
            flags.append("hard")
        if p > P_HIGH:
            flags.append("easy")
        if r is None or r < R_LOW:
            flags.append("low-discrimination")
        items.append({"id": iid, "n": len(x), "max": maxima[iid], "p": p,
                      "r_rest": r, "flags": flags})
    complete = [(row, t) for row, t in zip(rows, totals)
                if all(i in row for i in ids)]
    tot = [t for _, t in complete]
    k = len(ids)
    dich = all(m == 1 for m in maxima.values()) and all(
        s in (0, 1) for row in rows for s, _ in row.values())
    rel = None
    if k >= 2 and len(tot) >= 2 and statistics.pvariance(tot) > 0:
        if dich:
            # KR-20: sum of p q over the items
            pq = 0.0
            for iid in ids:
                pj = statistics.fmean(row[iid][0] for row, _ in complete)
                pq += pj * (1 - pj)
            rel = k / (k - 1) * (1 - pq / statistics.pvariance(tot))
        else:
            iv = sum(statistics.pvariance([row[iid][0] for row, _ in
                                           complete]) for iid in ids)
            rel = k / (k - 1) * (1 - iv / statistics.pvariance(tot))
    test = {"items": k, "max_total": sum(maxima.values()),
            "complete": len(tot),
            "mean": statistics.fmean(tot) if tot else None,
            "sd": statistics.stdev(tot) if len(tot) >= 2 else None,
            "reliability_method": "KR-20" if dich else "alpha",
            "reliability": rel,
            "sem": (statistics.stdev(tot) * math.sqrt(1 - rel)
                    if rel is not None and len(tot) >= 2 else None),
            "flagged": len([i for i in items if i["flags"]])}
    return items, test, len(rows)


def num_eq(a, b):
    if b is None:
        return a is None
    return is_number(a) and abs(a - b) <= TOL_ITEMS


def check_items(agency_dir, path, element):
    d = load(agency_dir)
    try:
        with open(path, encoding="utf-8") as f:
            got = json.load(f)
    except (OSError, ValueError) as e:
        raise InputError("%s: %s" % (path, e))
    items, test, n_persons = item_stats(d, element)
    got_items = {i.get("id"): i for i in got.get("items") or []}
    print("1..%d" % (len(items) + 2))
    failed = 0
    n = 0
    for it in items:
        n += 1
        g = got_items.get(it["id"])
        bad = []
        if g is None:
            bad.append("missing")
        else:
            for f in ("n", "max", "p", "r_rest"):
                if not num_eq(g.get(f), it[f]):
                    bad.append("%s %r, expected %r" % (f, g.get(f), it[f]))
            if g.get("flags") != it["flags"]:
                bad.append("flags %r, expected %r" % (g.get("flags"),
                                                      it["flags"]))
        if bad:
            failed += 1
            print("not ok %d - item %s" % (n, it["id"]))
            for b in bad:
                print("#   %s" % b)
        else:
            print("ok %d - item %s: n %d, p %.6f, r_rest %s%s"
                  % (n, it["id"], it["n"], it["p"],
                     "-" if it["r_rest"] is None else "%.6f" % it["r_rest"],
                     " [%s]" % ", ".join(it["flags"]) if it["flags"]
                     else ""))
    n += 1
    order = [i.get("id") for i in got.get("items") or []]
    if order != [i["id"] for i in items] or got.get("persons") != n_persons:
        failed += 1
        print("not ok %d - items in bank order, %d persons" % (n, n_persons))
        print("#   got %s, %r persons" % (order, got.get("persons")))
    else:
        print("ok %d - %d items in bank order, %d persons"
              % (n, len(items), n_persons))
    n += 1
    gt = got.get("test") or {}
    bad = []
    for f in ("items", "max_total", "complete", "mean", "sd", "reliability",
              "sem", "flagged"):
        if not num_eq(gt.get(f), test[f]):
            bad.append("%s %r, expected %r" % (f, gt.get(f), test[f]))
    if gt.get("reliability_method") != test["reliability_method"]:
        bad.append("method %r, expected %r" % (gt.get("reliability_method"),
                                               test["reliability_method"]))
    if bad:
        failed += 1
        print("not ok %d - test statistics" % n)
        for b in bad:
            print("#   %s" % b)
    else:
        print("ok %d - test: %s %s, mean %.6f, SD %s, %d flagged"
              % (n, test["reliability_method"],
                 "-" if test["reliability"] is None
                 else "%.6f" % test["reliability"], test["mean"],
                 "-" if test["sd"] is None else "%.6f" % test["sd"],
                 test["flagged"]))
    n += 1
    want = course_sems(d, element)
    have = {c.get("id"): c for c in got.get("courses") or []}
    bad = []
    if set(have) != set(want):
        bad.append("courses %s, expected %s" % (sorted(have), sorted(want)))
    for c, w in sorted(want.items()):
        for f in ("items", "max_total", "complete", "sd", "reliability",
                  "sem", "sem_share"):
            if c in have and not num_eq(have[c].get(f), w[f]):
                bad.append("%s.%s %r, expected %r" % (c, f, have[c].get(f),
                                                      w[f]))
        if c in have and have[c].get("reliability_method") != \
                w["reliability_method"]:
            bad.append("%s.reliability_method %r" % (c, have[c].get(
                "reliability_method")))
    if bad:
        failed += 1
        print("not ok %d - course subscores' reliability and SEM" % n)
        for b in bad:
            print("#   %s" % b)
    else:
        print("ok %d - SEM %.6f; per course %s" % (n, test["sem"], ", ".join(
            "%s SEM %.6f" % (c, w["sem"]) for c, w in sorted(want.items()))))
    return 1 if failed else 0


def check_recommend(agency_dir, path, element):
    """merit recommend --format json of persons, one object a line: each
    quiz recommendation is borderline exactly when the subscore is below
    the pass mark by less than the course's SEM (as a share), and gives
    that SEM."""
    d = load(agency_dir)
    sems = course_sems(d, element)
    n = failed = 0
    seen = {"borderline": 0, "clear": 0}
    text, lines, at = open(path, encoding="utf-8").read(), [], 0
    dec = json.JSONDecoder()
    while text[at:].strip():  # the objects one after another
        at += len(text[at:]) - len(text[at:].lstrip())
        obj, at = dec.raw_decode(text, at)
        lines.append(obj)
    print("1..%d" % (len(lines) + 1))
    for obj in lines:
        n += 1
        pid = obj["person"]
        r = score_person(d, pid, element)
        want = {c: v["value"] for c, v in r["courses"].items()
                if v["value"] < d["pass_"] - 1e-9}
        got = {x["course"]: x for x in obj["recommendations"]
               if x["kind"] == "quiz"}
        bad = []
        if set(got) != set(want):
            bad.append("courses %s, expected %s" % (sorted(got), sorted(want)))
        for c, v in want.items():
            if c not in got:
                continue
            sem = sems[c]["sem_share"]
            b = d["pass_"] - v < sem
            seen["borderline" if b else "clear"] += 1
            if got[c].get("borderline") is not b or \
                    not num_eq(got[c].get("sem"), sem) or \
                    not num_eq(got[c].get("measured"), v):
                bad.append("%s: borderline %r sem %r, expected %r %r"
                           % (c, got[c].get("borderline"), got[c].get("sem"),
                              b, sem))
        if bad:
            failed += 1
            print("not ok %d - %s" % (n, pid))
            for x in bad:
                print("#   %s" % x)
        else:
            print("ok %d - %s" % (n, pid))
    n += 1
    listed = {obj["person"] for obj in lines}
    missing = [pid for pid in d["persons"] if pid not in listed and any(
        v["value"] < d["pass_"] - 1e-9 for v in
        score_person(d, pid, element)["courses"].values())]
    if missing:
        failed += 1
        print("not ok %d - no recommendations for %s, who failed a course"
              % (n, " ".join(missing)))
    elif seen["borderline"] and seen["clear"]:
        print("ok %d - coverage: %d borderline, %d clear" % (
            n, seen["borderline"], seen["clear"]))
    else:
        failed += 1
        print("not ok %d - coverage: %r" % (n, seen))
    return 1 if failed else 0


def print_all(agency_dir, element):
    d = load(agency_dir)
    for pid in d["persons"]:
        try:
            r = score_person(d, pid, element)
        except PersonError as e:
            print("%s ERROR %s" % (pid, e))
            continue
        print("%s %.6f (se %.4f) %s recommend: %s"
              % (pid, r["value"], r["se"],
                 " ".join("%s=%.4f" % (k, v["value"]) for k, v in
                          sorted(r["courses"].items())),
                 ", ".join(r["recommend"]) or "none"))
    return 0


def usage(msg):
    sys.stderr.write("quiz_recompute.py: %s\n%s\n"
                     % (msg, __doc__.split("\n\n")[1]))
    return 2


def main(argv):
    element, register, mode, args = "qualities", None, "results", []
    it = iter(argv[1:])
    for a in it:
        if a == "--element":
            element = next(it, None)
        elif a == "--register":
            register = next(it, None)
        elif a == "--items":
            mode = "items"
        elif a == "--recommend":
            mode = "recommend"
        elif a == "--print":
            mode = "print"
        elif a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        elif a.startswith("-"):
            return usage("unknown option %s" % a)
        else:
            args.append(a)
    if element is None or (register is None and "--register" in argv):
        return usage("an option lacks its value")
    try:
        if mode == "print" and len(args) == 1:
            return print_all(args[0], element)
        if len(args) != 2:
            return usage("need AGENCY_DIR and a file to compare")
        if mode == "items":
            return check_items(args[0], args[1], element)
        if mode == "recommend":
            return check_recommend(args[0], args[1], element)
        return check_results(args[0], args[1], element, register)
    except InputError as e:
        print("Bail out! %s" % e)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
