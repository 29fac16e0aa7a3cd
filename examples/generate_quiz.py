#!/usr/bin/env python3
"""Generate the kz-quiz example agency of merit.

Writes examples/kz-quiz/{agency,roster,evidence,bank}.yaml: a fictional
Kazakh public service centre whose 60 synthetic, pseudonymous civil
servants take a knowledge test of two competencies of the Kazakhstan
framework (customer orientation; cooperation and interaction), scored by
the quiz engine under the assessment type A5-quiz (examples/kz-quiz/
quiz.lua, written by hand like README.md).

Answers follow a latent-ability model, so that item statistics computed
from them (merit items) behave like those of a real test: each person has
an ability theta ~ N(0, 1); each item a discrimination a and a difficulty
b; the person knows the answer with probability

    P(theta) = 1 / (1 + exp(-1.7 a (theta - b)))

and otherwise guesses: one option at random (single choice), each option
with probability one half (multiple choice), a plausible wrong number
(numeric), or leaves the item unanswered now and then. Three items are
built to be flagged for review: CO-05 is too easy (b = -3.2), CP-12 too
hard (b = 2.8) and CP-04 hardly discriminates (a = 0.1). Qualification and
performance are drawn with a strength that grows with theta.

The output is deterministic: every random choice comes from
random.Random(SEED). Standard library only; the helpers for qualification
facts, goals, positions and YAML come from examples/generate.py.

    python3 examples/generate_quiz.py            # write the example
    python3 examples/generate_quiz.py --check    # exit 1 if a file would change
"""

import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep examples/ free of __pycache__
sys.path.insert(0, HERE)
import generate as g  # noqa: E402  (the shared helpers of the examples)

SEED = 20250425
N_PERSONS = 60

# Mirror of the requirements in examples/kz-quiz/quiz.lua.
REQUIREMENTS = [
    dict(posts=(1, 6), education="bachelor", service_years=1,
         training_hours=36, certifications=["state-language-b1"],
         weights=None),
    dict(posts=(7, 9), education="bachelor", service_years=3,
         training_hours=54,
         certifications=["state-language-b2", "anti-corruption-basics"],
         weights=None),
    dict(posts=(10, 12), education="master", service_years=5,
         training_hours=72,
         certifications=["state-language-c1", "anti-corruption-basics"],
         weights=None),
]

OPTIONS4 = ("A", "B", "C", "D")

# The item bank. Each item: id, competency, course (or None), type, text,
# options, key, and the generator's own parameters a, b (not written to
# the bank: a real bank does not know them) and, for numeric items, wrong
# numbers that people who do not know tend to give.
ITEMS = [
    # -- customer orientation: informing recipients (public speaking)
    dict(id="CO-01", competency="customer-orientation", course="public-speaking",
         type="single",
         text="A citizen does not understand the list of documents a service "
              "requires. What do you do first?",
         options={"A": "Read the regulation out word for word",
                  "B": "Explain in plain words what each document is for and "
                       "check that they understood",
                  "C": "Refer them to the website",
                  "D": "Ask them to come back with a lawyer"},
         key="B", a=1.2, b=-1.0),
    dict(id="CO-02", competency="customer-orientation", course="public-speaking",
         type="single",
         text="Which way of informing service recipients is the most "
              "accessible?",
         options={"A": "A notice in legal language on the office door",
                  "B": "Short plain-language instructions in the state and "
                       "Russian languages on the portal, in the office and "
                       "by SMS",
                  "C": "An internal memo to the front office",
                  "D": "Oral information on request only"},
         key="B", a=1.0, b=-0.5),
    dict(id="CO-03", competency="customer-orientation", course="public-speaking",
         type="multiple",
         text="Which make an announcement of a change to a service "
              "understandable? Choose all that apply.",
         options={"A": "Plain words",
                  "B": "The date from which the change applies",
                  "C": "References to article numbers only",
                  "D": "What the recipient must now do differently"},
         key=["A", "B", "D"], a=1.1, b=0.0),
    dict(id="CO-04", competency="customer-orientation", course="public-speaking",
         type="single",
         text="A service recipient is rude on the telephone. The respectful "
              "response is to",
         options={"A": "end the call",
                  "B": "answer in the same tone",
                  "C": "stay calm, acknowledge the problem and offer the next "
                       "step",
                  "D": "put them on hold until they calm down"},
         key="C", a=1.3, b=-0.3),
    dict(id="CO-05", competency="customer-orientation", course="public-speaking",
         type="single",
         text="Information given to service recipients must be",
         options={"A": "up to date and accurate",
                  "B": "as long as possible",
                  "C": "on paper only",
                  "D": "in one language only"},
         key="A", a=1.0, b=-3.2),
    # -- customer orientation: crisis communication
    dict(id="CO-06", competency="customer-orientation",
         course="crisis-communication", type="single",
         text="A portal outage stops a popular service for a day. What "
              "should recipients hear first?",
         options={"A": "Nothing until it is fixed",
                  "B": "What happened, what it means for them and when the "
                       "next update will come",
                  "C": "The technical incident report",
                  "D": "An apology, without details"},
         key="B", a=1.4, b=0.2),
    dict(id="CO-07", competency="customer-orientation",
         course="crisis-communication", type="multiple", partial=False,
         text="Which belong in the first public statement on a service "
              "disruption? Choose all that apply.",
         options={"A": "The facts known so far",
                  "B": "Guesses about the cause",
                  "C": "Where to get the service in the meantime",
                  "D": "When the next update will come"},
         key=["A", "C", "D"], a=1.2, b=0.8),
    dict(id="CO-08", competency="customer-orientation",
         course="crisis-communication", type="single",
         text="During a disruption, rumours spread on social networks. What "
              "works best?",
         options={"A": "Ignore them",
                  "B": "Publish verified facts promptly through official "
                       "channels and answer questions",
                  "C": "Delete the comments",
                  "D": "Wait for the press to ask"},
         key="B", a=1.5, b=0.4),
    dict(id="CO-09", competency="customer-orientation",
         course="crisis-communication", type="single",
         text="Complaints rose from 30 in one week to 45 in the next, after an "
              "announcement. Which conclusion is justified without more "
              "data?",
         options={"A": "The announcement failed",
                  "B": "The announcement worked",
                  "C": "Complaints rose by half; the cause is not yet known",
                  "D": "Complaints doubled"},
         key="C", a=1.1, b=1.2),
    # -- customer orientation: quality of services (no course)
    dict(id="CO-10", competency="customer-orientation", course=None,
         type="numeric", tolerance=0.5,
         text="Of 240 requests received, 216 were resolved within the "
              "deadline. What percentage was resolved on time?",
         key=90, wrong=[10, 24, 88, 92.5], a=1.0, b=0.3),
    dict(id="CO-11", competency="customer-orientation", course=None,
         type="numeric", tolerance=0.5,
         text="In a survey 45 of 60 respondents were satisfied with a "
              "service. What is the satisfaction rate, in percent?",
         key=75, wrong=[45, 60, 33.3, 80], a=0.9, b=-0.2),
    dict(id="CO-12", competency="customer-orientation", course=None,
         type="single", points=2,
         text="What is the best basis for proposals to improve a service?",
         options={"A": "Analysis of complaints, surveys and processing times",
                  "B": "The head's personal preferences",
                  "C": "The number of staff",
                  "D": "Last year's budget"},
         key="A", a=1.3, b=-0.6),
    # -- cooperation: conflict management
    dict(id="CP-01", competency="cooperation", course="conflict-management",
         type="single",
         text="Two colleagues disagree about who prepares a report. What is "
              "the first step?",
         options={"A": "Decide for them without hearing them",
                  "B": "Hear both, clarify the task and agree who does what",
                  "C": "Prepare it yourself",
                  "D": "Escalate at once to the head of the agency"},
         key="B", a=1.3, b=-0.8),
    dict(id="CP-02", competency="cooperation", course="conflict-management",
         type="single",
         text="Which behaviour builds trust in a team?",
         options={"A": "Keeping information to yourself",
                  "B": "Sharing experience and knowledge with colleagues",
                  "C": "Taking the credit for joint results",
                  "D": "Avoiding discussion of tasks"},
         key="B", a=1.1, b=-1.3),
    dict(id="CP-03", competency="cooperation", course="conflict-management",
         type="multiple",
         text="Which are signs of ineffective cooperation? Choose all that "
              "apply.",
         options={"A": "Works alone",
                  "B": "Avoids discussing tasks with colleagues",
                  "C": "Exchanges information to complete tasks",
                  "D": "Counts only the contribution of their own unit"},
         key=["A", "B", "D"], a=1.2, b=0.1),
    dict(id="CP-04", competency="cooperation", course="conflict-management",
         type="single",
         text="In a conflict, active listening means",
         options={"A": "waiting for your turn to speak",
                  "B": "restating the other side's point to check that you "
                       "understood it",
                  "C": "agreeing with everything",
                  "D": "taking notes for a complaint"},
         key="B", a=0.1, b=0.0),
    dict(id="CP-05", competency="cooperation", course="conflict-management",
         type="single",
         text="A colleague in another department keeps missing deadlines "
              "that hold up your work. What is best?",
         options={"A": "Complain about them in a meeting",
                  "B": "Discuss the dependency with them and agree a "
                       "schedule",
                  "C": "Stop working with them",
                  "D": "Do their part yourself"},
         key="B", a=1.2, b=0.0),
    # -- cooperation: negotiation
    dict(id="CP-06", competency="cooperation", course="negotiation",
         type="single",
         text="Before negotiating with another agency you should first",
         options={"A": "define your interests and the options you can "
                       "accept",
                  "B": "decide to concede every point",
                  "C": "prepare your arguments only",
                  "D": "invite the press"},
         key="A", a=1.2, b=0.5),
    dict(id="CP-07", competency="cooperation", course="negotiation",
         type="multiple", partial=False,
         text="Which are collegial ways to develop a common approach? "
              "Choose all that apply.",
         options={"A": "A working group of all the departments concerned",
                  "B": "A decision taken single-handedly",
                  "C": "A joint review of the drafts",
                  "D": "Circulating a draft for comments"},
         key=["A", "C", "D"], a=1.3, b=1.0),
    dict(id="CP-08", competency="cooperation", course="negotiation",
         type="single",
         text="Negotiations stall on one point. A constructive step is to",
         options={"A": "walk out",
                  "B": "look for an option that meets both sides' interests",
                  "C": "repeat your position more firmly",
                  "D": "end the cooperation"},
         key="B", a=1.4, b=0.7),
    dict(id="CP-09", competency="cooperation", course="negotiation",
         type="numeric", tolerance=0.5,
         text="Three agencies share the cost of a joint information system: "
              "1.2, 0.9 and 0.9 million tenge. What share of the cost, in "
              "percent, does the first agency pay?",
         key=40, wrong=[33.3, 30, 1.2, 50], a=1.1, b=1.4),
    # -- cooperation: interaction with other agencies (no course)
    dict(id="CP-10", competency="cooperation", course=None, type="single",
         text="What helps interaction with other government agencies "
              "within your competence?",
         options={"A": "Knowing their contact persons and procedures",
                  "B": "Avoiding them",
                  "C": "Sending everything through the head only",
                  "D": "Informal favours"},
         key="A", a=1.0, b=-0.4),
    dict(id="CP-11", competency="cooperation", course=None, type="single",
         points=2,
         text="A plan carried out jointly with another department fails. "
              "What is the effective reaction?",
         options={"A": "Blame the other department",
                  "B": "Review together what went wrong and agree on "
                       "corrections",
                  "C": "Keep the result quiet",
                  "D": "Take the plan over alone"},
         key="B", a=1.4, b=-0.2),
    dict(id="CP-12", competency="cooperation", course=None, type="numeric",
         text="A working group of 6 members holds one meeting between every "
              "pair of its members. How many meetings is that?",
         key=15, wrong=[30, 12, 6, 36], a=1.0, b=2.8),
]

AGENCY = """\
# Example agency for merit: a fictional public service centre of
# Kazakhstan whose 60 synthetic, pseudonymous civil servants take a
# knowledge test of the competency model (assessment type A5-quiz,
# declared in quiz.lua; the test's items are in bank.yaml). Generated by
# examples/generate_quiz.py; edit that script, not this file.
agency: kz-quiz
title: { en: "Public Service Centre: assessment based on a test (example)", kk: "Халыққа қызмет көрсету орталығы: тестілеу негізіндегі бағалау (мысал)", ru: "Центр обслуживания населения: оценка по результатам тестирования (пример)" }
framework: kz
scripts: [assessments, ./quiz.lua]
assessment: A5-quiz
period: "2025"
exporters: [json]
plugins:
  quiz: { bank: bank.yaml, pass: 0.6 }
roster: roster.yaml
evidence: evidence.yaml
"""

ROSTER_HEADER = """\
# Roster of the fictional kz-quiz agency: synthetic persons with
# pseudonymous ids (no names). Generated by examples/generate_quiz.py."""

EVIDENCE_HEADER = """\
# Evidence for the fictional kz-quiz agency (synthetic). Per person:
# qualification facts, the answers given in the knowledge test (item ids of
# bank.yaml; an item left out or answered ~ was not answered and scores 0),
# and performance goals. Generated by examples/generate_quiz.py."""

BANK_HEADER = """\
# Item bank of the kz-quiz example: a knowledge test of two competencies of
# the Kazakhstan framework (seed 002, Table 1), each item tied to the
# course that teaches it. Read by the quiz engine (plugins/engines/quiz/
# README.md describes the format). Generated by examples/generate_quiz.py."""


def p_know(theta, it):
    return 1.0 / (1.0 + math.exp(-1.7 * it["a"] * (theta - it["b"])))


def answer(rng, theta, it):
    """The answer a person gives, or None when they leave it out."""
    knows = rng.random() < p_know(theta, it)
    if not knows and rng.random() < 0.05:
        return None
    if it["type"] == "single":
        return it["key"] if knows else rng.choice(OPTIONS4)
    if it["type"] == "multiple":
        if knows:
            return list(it["key"])
        return [o for o in OPTIONS4 if rng.random() < 0.5]
    return it["key"] if knows else rng.choice(it["wrong"])


def phi(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def persons():
    rng = random.Random(SEED)
    posts = [p for p in range(1, 13) for _ in range(3)]
    posts += [rng.randint(1, 9) for _ in range(N_PERSONS - len(posts))]
    rng.shuffle(posts)
    out = []
    for i in range(N_PERSONS):
        post = posts[i]
        pid = "KQ-%04d" % (i + 1)
        theta = rng.gauss(0.0, 1.0)
        category, position = rng.choice(g.positions_for(g.KZ_POSITIONS, post))
        if post <= 3 and i % 5 == 0:
            term = "probation"
        elif rng.random() < 0.2:
            term = "fixed"
        else:
            term = "indefinite"
        cls = max(1, min(12, (post + 1) // 2 + rng.randint(-1, 1)))
        req = g.requirement_for(REQUIREMENTS, post)
        strength = 0.25 + 0.7 * phi(theta)
        qual = g.draw_qualification(rng, req, strength, g.KZ_EXTRA_CERTS)
        lo = 0.45 + 0.4 * phi(theta)
        goals = g.draw_goals(rng, g.KZ_GOALS, lo, lo + 0.3)
        answers = []
        for it in ITEMS:
            a = answer(rng, theta, it)
            # most persons skip by leaving the item out, some write ~
            if a is None and rng.random() < 0.5:
                continue
            answers.append((it["id"], a))
        out.append(dict(id=pid, post_level=post, category=category,
                        term=term, **{"class": cls}, position=position,
                        qualification=qual, answers=answers,
                        performance=goals))
    cats = {p["category"] for p in out}
    terms = {p["term"] for p in out}
    if cats != {"official", "operational", "auxiliary"} or \
            terms != {"indefinite", "fixed", "probation"}:
        raise SystemExit("generate_quiz.py: categories %s, terms %s"
                         % (sorted(cats), sorted(terms)))
    return out


def answer_yaml(a):
    if a is None:
        return "~"
    if isinstance(a, list):
        return g.slist(a)
    if isinstance(a, (int, float)):
        return g.num(a)
    return a


def evidence_yaml(ps):
    out = [EVIDENCE_HEADER, "evidence:"]
    for p in ps:
        qf = p["qualification"]
        out.append("  - person: %s" % p["id"])
        out.append("    qualification:")
        out.append("      education: %s" % qf["education"])
        out.append("      service_years: %s" % g.num(qf["service_years"]))
        out.append("      training_hours: %s" % g.num(qf["training_hours"]))
        out.append("      certifications: %s" % g.slist(qf["certifications"]))
        out.append("    qualities:")
        out.append("      answers:")
        for iid, a in p["answers"]:
            out.append("        %s: %s" % (iid, answer_yaml(a)))
        out.append("    performance:")
        for gl in p["performance"]:
            s = "      - { goal: %s, target: %s, actual: %s" % (
                g.q(gl["goal"]), g.num(gl["target"]), g.num(gl["actual"]))
            if "weight" in gl:
                s += ", weight: %s" % g.num(gl["weight"])
            out.append(s + " }")
    return "\n".join(out) + "\n"


def bank_yaml():
    out = [BANK_HEADER,
           "bank: kz-service-2025",
           "title:",
           "  en: \"Customer orientation and cooperation: diagnostic test "
           "(example)\"",
           "  ru: \"Ориентация на потребителя и сотрудничество: "
           "диагностический тест (пример)\"",
           "source: \"Kazakhstan framework of basic competencies (seed 002, "
           "Table 1); items invented for the example\"",
           "items:"]
    for it in ITEMS:
        out.append("  - id: %s" % it["id"])
        out.append("    competency: %s" % it["competency"])
        if it["course"]:
            out.append("    course: %s" % it["course"])
        out.append("    type: %s" % it["type"])
        out.append("    text: %s" % g.q(it["text"]))
        if "options" in it:
            out.append("    options:")
            for k, v in it["options"].items():
                out.append("      %s: %s" % (k, g.q(v)))
        out.append("    key: %s" % answer_yaml(it["key"]))
        if "partial" in it:
            out.append("    partial: %s" % ("true" if it["partial"]
                                            else "false"))
        if "tolerance" in it:
            out.append("    tolerance: %s" % g.num(it["tolerance"]))
        if "points" in it:
            out.append("    points: %s" % g.num(it["points"]))
    return "\n".join(out) + "\n"


def main(argv):
    check = "--check" in argv[1:]
    if [a for a in argv[1:] if a != "--check"]:
        sys.stderr.write("usage: generate_quiz.py [--check]\n")
        return 2
    changed = []
    ps = persons()
    d = os.path.join(HERE, "kz-quiz")
    g.write(os.path.join(d, "agency.yaml"), AGENCY, check, changed)
    g.write(os.path.join(d, "bank.yaml"), bank_yaml(), check, changed)
    g.write(os.path.join(d, "roster.yaml"), g.roster_yaml(ROSTER_HEADER, ps),
            check, changed)
    g.write(os.path.join(d, "evidence.yaml"), evidence_yaml(ps), check,
            changed)
    for path in changed:
        print(("would change: " if check else "wrote: ")
              + os.path.relpath(path, os.path.dirname(HERE)))
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
