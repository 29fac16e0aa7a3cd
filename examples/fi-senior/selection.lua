-- The selection of the fictional fi-senior example: candidates for senior
-- management posts rated by a panel of three to five assessors and the
-- hiring manager on the eight criteria of frameworks/fi (each 1-5), with
-- their qualification against requirements.lua.
--
-- t/golden/recompute_raters.py holds a hand-made copy of these numbers:
-- change both together.

assessment "FI-SEL" {
  title = { en = "Selection for a senior management post (example)",
            fi = "Ylimmän johdon virkaan valinta (esimerkki)" },
  source = "FRAMEWORKS.md, Finland: selection criteria [V]; weights, minimum and panel rules: the example's own",
  -- Why 0.3 / 0.7 and not A4's 0.8 / 0.2: the formal requirements decide
  -- who is eligible (the minimum below), and among the eligible the
  -- criteria the panel rates decide; qualification beyond the minimum
  -- still counts, but less.
  elements = {
    qualification = { weight = 0.3, engine = "qualification" },
    qualities     = { weight = 0.7, engine = "indicators" },
  },
  bands = {
    { min = 0.80, label = "recommended" },
    { min = 0.60, label = "suitable" },
    { min = 0.00, label = "not recommended" },
  },
  -- The panel: the trimmed mean, a fifth cut at each end (none of four
  -- raters, one at each end of five or six), so one outlying panellist
  -- does not decide; at least three ratings per criterion.
  raters = { combine = "trimmed", trim = 0.2, disagreement = 0.25, minimum = 3 },
  -- Eligibility, not compensable by the panel: B_M at least 0.9. With the
  -- weights of requirements.lua a bachelor's degree scores 3/4 on the
  -- criterion weighing 3 of 6, so B_M <= (3 * 0.75 + 2 + 1) / 6 = 0.875:
  -- no candidate without a master's degree passes. A master's degree with
  -- three quarters of the experience, or one language certificate missing,
  -- still does (0.917).
  require = { qualification = 0.9 },
  fail_band = "not recommended",
  gaps = { k = 2 },
}

-- Development needs of the appointee, on the 1-5 scale of the panel.
profile "fi-senior-directors" {
  title = { en = "Heads of unit and directors: expected ratings (example)" },
  posts = { 13, 14 },
  require = {
    ["proven-leadership"] = 3,
    ["cooperation-interaction-organising"] = 4,
    ["results-orientation"] = 4,
  },
  importance = { ["cooperation-interaction-organising"] = 2 },
}

profile "fi-senior-directors-general" {
  title = { en = "Directors-general: expected ratings (example)" },
  posts = { 15, 15 },
  require = {
    ["proven-leadership"] = 4,
    ["development-potential"] = 4,
    ["broad-fast-moving-environment"] = 4,
    ["language-skills"] = 3,
  },
  importance = { ["proven-leadership"] = 2 },
}
