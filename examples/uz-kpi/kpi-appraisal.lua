-- The annual KPI appraisal of the fictional uz-kpi example: performance on
-- the Uzbek points scale, professional qualities rated by the manager,
-- peers and the person.
--
-- What rests on what (FRAMEWORKS.md, "Uzbekistan"): the nine competencies
-- [G]; the KPI scale -- below 60 points unsatisfactory, 60-80
-- satisfactory, 80-100 good, 100 and more excellent -- and no assessment
-- in the first three months of service or while on leave [V]. The weights,
-- the raters' rules and the profiles are the example's own.
--
-- t/golden/recompute_raters.py holds a hand-made copy of these numbers:
-- change both together.

assessment "UZ-KPI" {
  title = { en = "Annual KPI appraisal (example)",
            uz = "Yillik KPI baholash (namuna)",
            ru = "Ежегодная оценка по KPI (пример)" },
  source = "FRAMEWORKS.md, Uzbekistan: KPI methodology [V]; weights and raters: the example's own",
  -- The appraisal is of performance against the KPI card; the
  -- competencies of management personnel enter with less weight.
  elements = {
    qualities   = { weight = 0.3, engine = "indicators" },
    performance = { weight = 0.7, engine = "kpi" },
  },
  -- The KPI scale's 60 and 80 points, read on K x 100. Its "excellent"
  -- (100 points and more) has no band: K cannot pass 1, and B_FS is
  -- min(KPI, 100) / 100. The kpi engine's explanation line gives the
  -- points and their own rating, excellent included.
  bands = {
    { min = 0.80, label = "good" },
    { min = 0.60, label = "satisfactory" },
    { min = 0.00, label = "unsatisfactory" },
  },
  raters = {
    combine = "weighted",
    weights = { manager = 0.6, peer = 0.4 },
    self = "report",
    disagreement = 0.25,
    minimum = 2,
  },
  gaps = { k = 1 },
}

-- Required ratings on the 1-5 scale.
profile "uz-kpi-heads" {
  title = { en = "Heads of division and department (posts 7-12) (example)" },
  posts = { 7, 12 },
  require = {
    leadership = 4,
    ["project-management"] = 4,
    ["result-orientation"] = 4,
    ["building-trust"] = 3,
  },
  importance = { leadership = 2, ["result-orientation"] = 1.5 },
}

profile "uz-kpi-staff" {
  title = { en = "Specialists (posts 1-6) (example)" },
  posts = { 1, 6 },
  require = {
    ethics = 4,
    teamwork = 3,
    ["business-communication"] = 3,
    ["result-orientation"] = 3,
  },
  importance = { ethics = 2 },
}
