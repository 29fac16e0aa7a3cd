-- Republic of Korea: competency assessment of the Senior Civil Service
-- (고위공무원단), the model in use since 2009.
--
-- Source: Ministry of Personnel Management (인사혁신처), Senior Civil
-- Service competency assessment. See FRAMEWORKS.md, "South Korea".
--
-- What rests on what:
--   [V] seen in a public source: the six competencies below, in use since
--       2009; separate competency models per position tier.
--   [M] recalled, to be checked: their grouping into the clusters
--       thinking (사고), working (업무) and relating (관계), kept as each
--       competency's group; the assessment centre (4 exercises, 7-9
--       assessors); the rating of each competency on 1-5 with a pass at an
--       average of at least 2.5.
--
-- Levels: none. The 1-5 is a rating scale, on which assessors score each
-- competency; it is not a set of levels of manifestation, and no source
-- gives levels. Ratings go to the indicators engine as direct ratings (its
-- default scale is 1-5). The pass mark of 2.5 is a decision rule on the
-- mean rating; an assessment type's bands are on K in [0, 1], where a mean
-- rating of 2.5 is (2.5 - 1) / 4 = 0.375.
--
-- No source here gives indicators, so none are declared.
--
-- Tiers: the director tier (과장급) has its own model, in ../director
-- under its own framework id. The DSL has no key saying which tier a
-- framework serves, nor a way to hold both tiers in one framework with
-- different competencies; the tier is in the id and the title only.

framework {
  id = "kr-scs-2009",
  country = "KR",
  version = "2009",
  title = {
    en = "Senior Civil Service competency assessment",
    ko = "고위공무원단 역량평가",
  },
  source = "Ministry of Personnel Management (Republic of Korea), Senior Civil Service "
    .. "competency assessment (six competencies since 2009)",
}

-- thinking [M]
competency "problem-recognition" {
  title = { en = "Problem recognition", ko = "문제인식" }, group = "thinking" }
competency "strategic-thinking" {
  title = { en = "Strategic thinking", ko = "전략적 사고" }, group = "thinking" }

-- working [M]
competency "results-orientation" {
  title = { en = "Results orientation", ko = "성과지향" }, group = "working" }
competency "change-management" {
  title = { en = "Change management", ko = "변화관리" }, group = "working" }

-- relating [M]
competency "customer-satisfaction" {
  title = { en = "Customer satisfaction", ko = "고객만족" }, group = "relating" }
competency "coordination-and-integration" {
  title = { en = "Coordination and integration", ko = "조정·통합" }, group = "relating" }
