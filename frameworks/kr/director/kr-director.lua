-- Republic of Korea: competency assessment of director-level officials
-- (과장급), the tier below the Senior Civil Service.
--
-- Source: Ministry of Personnel Management (인사혁신처), competency
-- assessment, director tier. See FRAMEWORKS.md, "South Korea".
--
-- What rests on what:
--   [V] seen in a public source: competency models are separate per
--       position tier.
--   [M] recalled, to be checked: that the director tier is one such tier,
--       and its six competencies below; the rating of each on 1-5 with a
--       pass at an average of at least 2.5 (as for the Senior Civil
--       Service). No year is given for this model, hence version
--       "undated".
--
-- Levels: none; the 1-5 is a rating scale, not levels (see
-- ../scs/kr-scs-2009.lua). No source here gives clusters or indicators,
-- so none are declared.
--
-- Tiers: the Senior Civil Service model is in ../scs under its own
-- framework id; the DSL has no key naming the tier a framework serves.

framework {
  id = "kr-director",
  country = "KR",
  version = "undated",
  title = {
    en = "Director-level competency assessment",
    ko = "과장급 역량평가",
  },
  source = "Ministry of Personnel Management (Republic of Korea), competency assessment "
    .. "of director-level officials (separate model per tier)",
}

competency "policy-planning" {
  title = { en = "Policy planning", ko = "정책기획" } }
competency "performance-management" {
  title = { en = "Performance management", ko = "성과관리" } }
competency "organisation-management" {
  title = { en = "Organisation management", ko = "조직관리" } }
competency "communication" {
  title = { en = "Communication", ko = "의사소통" } }
competency "stakeholder-coordination" {
  title = { en = "Stakeholder coordination", ko = "이해관계 조정" } }
competency "motivating-others" {
  title = { en = "Motivating others", ko = "동기부여" } }
