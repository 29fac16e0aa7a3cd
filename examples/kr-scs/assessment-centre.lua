-- The assessment centre of the fictional kr-scs example: candidates for
-- the Senior Civil Service rated by seven to nine assessors on the six
-- competencies of frameworks/kr/scs, each on 1-5.
--
-- What rests on what (see frameworks/kr/scs/kr-scs-2009.lua and
-- FRAMEWORKS.md, "South Korea"): the six competencies [V]; 7-9 assessors,
-- ratings 1-5 and a pass at an average of at least 2.5 [M, recalled, to be
-- checked]. Combining the assessors by the median, the minimum of five
-- assessors per competency, the disagreement limit and the profile are
-- the example's own choices.
--
-- t/golden/recompute_raters.py re-implements score() below by hand and
-- holds a copy of these numbers: change both together.

-- The rating scale; it must be the agency's plugins.indicators.rating_scale.
local LO, HI = 1, 5
-- The pass mark, on the rating scale.
local PASS = 2.5

-- K is the mean rating over the six competencies, moved onto [0, 1]:
-- K = (mean rating - 1) / 4. The indicators engine already gives each
-- competency the value (rating - 1) / 4 of its combined rating, so K is
-- also the mean of those values, B_KF, and the weighted sum (qualities
-- weigh 1) is the same number: the function adds the decision rule, which
-- is stated on the rating scale, not on K. "pass" when the mean rating
-- reaches 2.5 (K >= 0.375), "fail" below it.
local SIX = { "problem-recognition", "strategic-thinking", "results-orientation",
              "change-management", "customer-satisfaction",
              "coordination-and-integration" }

local function pass_at_mean(e)
  local sum = 0
  for _, id in ipairs(SIX) do  -- a fixed order: the same sum every run
    local v = e.competencies[id]
    if v == nil then
      error("competency " .. id .. " was not measured")
    end
    sum = sum + (LO + v * (HI - LO))
  end
  local mean = sum / #SIX
  local k = (mean - LO) / (HI - LO)
  if mean >= PASS - 1e-9 then
    return k, "pass"
  end
  return k, "fail"
end

-- The bands agree with the rule, so a K shown without the function still
-- reads the same: a mean rating of 2.5 is K = (2.5 - 1) / 4 = 0.375.
local bands = {
  { min = 0.375, label = "pass" },
  { min = 0, label = "fail" },
}

assessment "SCS-AC" {
  title = { en = "Senior Civil Service competency assessment (assessment centre)",
            ko = "고위공무원단 역량평가" },
  source = "FRAMEWORKS.md, South Korea: 7-9 assessors, 1-5, pass at an average of 2.5 [M]",
  elements = {
    qualities = { weight = 1, engine = "indicators" },
  },
  bands = bands,
  raters = {
    combine = "median",  -- one severe or lenient assessor moves nothing
    disagreement = 0.25, -- a standard deviation above one rating point
    minimum = 5,
  },
  score = pass_at_mean,
  gaps = { k = 2 },
}

-- The same centre with a trimmed mean (a fifth cut at each end) instead of
-- the median, to compare:
--   merit assess examples/kr-scs --assessment SCS-AC-T --what-if
assessment "SCS-AC-T" {
  title = { en = "Senior Civil Service competency assessment, trimmed mean of the assessors" },
  source = "FRAMEWORKS.md, South Korea [M]; trimmed mean: the example's own",
  elements = {
    qualities = { weight = 1, engine = "indicators" },
  },
  bands = bands,
  raters = { combine = "trimmed", trim = 0.2, disagreement = 0.25, minimum = 5 },
  score = pass_at_mean,
  gaps = { k = 2 },
}

-- What the example expects of a senior civil servant on four of the six
-- competencies: 3 on the 1-5 scale, strategic thinking counting double
-- when the gaps are ranked. Post levels 13 and 14 are the example's
-- numbering of the two candidate grades (see README.md).
profile "kr-scs-candidates" {
  title = { en = "Senior Civil Service candidates: required ratings (example)" },
  posts = { 13, 14 },
  require = {
    ["problem-recognition"] = 3,
    ["strategic-thinking"] = 3,
    ["change-management"] = 3,
    ["coordination-and-integration"] = 3,
  },
  importance = { ["strategic-thinking"] = 2 },
}
