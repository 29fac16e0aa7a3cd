-- Malaysia: the Public Service Department's competency dictionary, as
-- used in INTAN's leadership training.
--
-- Source: Public Service Department of Malaysia (JPA), competency
-- dictionary; National Institute of Public Administration (INTAN),
-- leadership training. See FRAMEWORKS.md, "Malaysia".
--
-- What rests on what: [V], seen in a public source: the twelve
-- competencies of the management group; that support groups use subsets
-- of them plus Team Effectiveness; that the dictionary has scale-level
-- descriptors linked to grades.
--
-- How it is encoded: the twelve management competencies have group
-- "management", Team Effectiveness group "support". Which subset of the
-- twelve each support group uses is not in our sources, so the model
-- cannot say which competencies apply to support staff; an agency
-- assessing them must, until it can, use a model set with their subset.
-- The scale levels and their descriptors are not in our sources either,
-- so no levels and no indicators are declared (not even the number of
-- levels, which we do not know).
--
-- Titles are in English only: we do not know the official Malay wording.

framework {
  id = "my-psd",
  country = "MY",
  version = "undated",
  title = { en = "Public Service Department competency dictionary" },
  source = "Public Service Department of Malaysia, competency dictionary; INTAN "
    .. "leadership training",
}

competency "community-focus" {
  title = { en = "Community Focus" }, group = "management" }
competency "achievement-orientation" {
  title = { en = "Achievement Orientation" }, group = "management" }
competency "passion-for-action" {
  title = { en = "Passion for Action" }, group = "management" }
competency "desire-for-knowledge" {
  title = { en = "Desire for Knowledge" }, group = "management" }
competency "emotional-maturity" {
  title = { en = "Emotional Maturity" }, group = "management" }
competency "visionary-leadership" {
  title = { en = "Visionary Leadership" }, group = "management" }
competency "impact-and-influence" {
  title = { en = "Impact & Influence" }, group = "management" }
competency "organisational-awareness" {
  title = { en = "Organisational Awareness" }, group = "management" }
competency "self-confidence" {
  title = { en = "Self Confidence" }, group = "management" }
competency "society-before-self" {
  title = { en = "Society Before Self" }, group = "management" }
competency "holding-people-accountable" {
  title = { en = "Holding People Accountable" }, group = "management" }
competency "adaptive-thinking" {
  title = { en = "Adaptive Thinking" }, group = "management" }

competency "team-effectiveness" {
  title = { en = "Team Effectiveness" }, group = "support" }
