-- Assessment types and the gap profile of the fictional kz-360 agency: the
-- annual assessment with 360-degree ratings of professional qualities.
--
-- The element weights are seed 001's, Table 1 (A1: 0.2 / 0.3 / 0.5; A5:
-- 0.2 / 0.4 / 0.4). Everything else here -- the raters' weights, the
-- minimums, the profile -- is the example's own choice, not a regulation.
--
-- t/golden/recompute_raters.py holds a hand-made copy of these numbers:
-- change both together.

local bands = {
  { min = 0.85, label = "excellent" },
  { min = 0.70, label = "good" },
  { min = 0.50, label = "satisfactory" },
  { min = 0.00, label = "unsatisfactory" },
}

-- How the raters of professional qualities become one value per
-- competency: the mean per role, the manager's counting half, the peers'
-- 0.3 and the subordinates' 0.2 (re-weighted over the roles present). The
-- self-rating is reported beside the score, not in it; a competency whose
-- raters' standard deviation exceeds 0.25 is flagged; every competency
-- needs two raters other than self.
local raters360 = {
  combine = "weighted",
  weights = { manager = 0.5, peer = 0.3, subordinate = 0.2 },
  self = "report",
  disagreement = 0.25,
  minimum = 2,
}

assessment "A1-360" {
  title = { en = "Annual assessment, professional qualities rated 360 degrees",
            ru = "Ежегодная оценка, профессиональные качества по методу 360 градусов" },
  source = "Seed 001, Table 1 (weights of A1); raters, minimums and gaps: the example's own",
  elements = {
    qualification = { weight = 0.2, engine = "qualification" },
    qualities     = { weight = 0.3, engine = "indicators" },
    performance   = { weight = 0.5, engine = "kpi" },
  },
  bands = bands,
  raters = raters360,
  -- Non-compensatory: good performance cannot make up for professional
  -- qualities below 0.45 on average, nor for integrity rated below the
  -- middle of the scale (a rating of 3 of 5 is 0.5).
  require = { qualities = 0.45 },
  floors = { integrity = 0.5 },
  fail_band = "unsatisfactory",
  -- Gaps: beyond one standard error, from the level of the post (D for
  -- posts 1-6, C for 7-9) or from the profile below (posts 10-12).
  gaps = { k = 1 },
}

-- The same raters and gaps with A5's weights and no minimums, to compare:
--   merit assess examples/kz-360 --assessment A5-360 --what-if
assessment "A5-360" {
  title = { en = "Assessment based on a test, professional qualities rated 360 degrees" },
  source = "Seed 001, Table 1 (weights of A5); raters and gaps: the example's own",
  elements = {
    qualification = { weight = 0.2, engine = "qualification" },
    qualities     = { weight = 0.4, engine = "indicators" },
    performance   = { weight = 0.4, engine = "kpi" },
  },
  bands = bands,
  raters = raters360,
  gaps = { k = 1 },
}

-- A1-360 with the 1-5 rating scale anchored: each point describes the
-- behaviour a rater sees and says which level it evidences, relative to
-- the level the person's post requires, so that a rating of 3 means "as
-- the post requires" rather than a value of 0.5 below attain = 0.6.
-- Direct ratings are placed by these anchors (merit-lua(7)).
--   merit assess examples/kz-360 --assessment A1-360-ANCHORED --what-if
assessment "A1-360-ANCHORED" {
  title = { en = "Annual assessment, 360 degrees, anchored rating scale",
            ru = "Ежегодная оценка, 360 градусов, шкала с поведенческими якорями" },
  source = "Seed 001, Table 1 (weights of A1); the anchors: the example's own",
  elements = {
    qualification = { weight = 0.2, engine = "qualification" },
    qualities     = { weight = 0.3, engine = "indicators" },
    performance   = { weight = 0.5, engine = "kpi" },
  },
  bands = bands,
  raters = raters360,
  gaps = { k = 1 },
  rating_scale = {
    { point = 1, evidences = "below",
      anchor = { en = "Seldom shows the behaviour, even when reminded",
                 ru = "Редко проявляет поведение, даже после напоминаний" } },
    { point = 2, evidences = "below",
      anchor = { en = "Shows the behaviour now and then, with guidance",
                 ru = "Время от времени проявляет поведение, под руководством" } },
    { point = 3, evidences = "meets",
      anchor = { en = "Shows the behaviour the post requires, consistently",
                 ru = "Стабильно проявляет поведение, которого требует должность" } },
    { point = 4, evidences = "above",
      anchor = { en = "Goes beyond the post: others follow the example",
                 ru = "Превосходит требования должности: другие берут пример" } },
    { point = 5, evidences = "above",
      anchor = { en = "A model of the behaviour, who develops it in others",
                 ru = "Образец поведения, развивающий его в других" } },
  },
}

-- Heads of division (posts 10-12, level B) are examined on six
-- competencies at level B (developing staff by its number: B is the third
-- level); leadership and strategic thinking count most when the gaps are
-- ranked.
profile "kz-360-heads-of-division" {
  title = { en = "Heads of division: required levels (example)" },
  posts = { 10, 12 },
  require = {
    cooperation = "B",
    ["customer-orientation"] = "B",
    leadership = "B",
    ["strategic-thinking"] = "B",
    ["decision-making"] = "B",
    ["developing-staff"] = 3,
  },
  importance = { leadership = 2, ["strategic-thinking"] = 1.5 },
}
