-- Singapore: Public Service core competencies.
--
-- Source: Singapore Public Service, core competencies; the name as in
-- seed 000, Table 1 (garbled), the list recalled. See FRAMEWORKS.md,
-- "Singapore".
--
-- What rests on what:
--   [G] only in the garbled seed table: the framework's name, and this
--       list of competencies, which is NOT encoded:
--         clear thinking and sound judgment; commitment and dedication;
--         effective engagement with citizens and stakeholders; public
--         service values; innovation and continuous improvement.
--   [M] recalled, to be checked: the six competencies encoded below, the
--       likely official list.
--   [V] seen in a public source, noted here but not encoded, as they are
--       not competencies of this model:
--         potential is assessed on "AIM": Analytical & Intellectual
--         capacity, Influence & Collaboration, Motivation for Excellence;
--         the Public Service values: Integrity, Service, Excellence.
--   Seed 001 gives 100 hours of learning a year; that is a policy, not a
--   competency (a policy "sg-100h" { every = { years = 1 },
--   require = { hours = 100 } } would declare it).
--
-- No source here gives levels or indicators, so none are declared; no
-- year is given, hence version "undated".

framework {
  id = "sg-core",
  country = "SG",
  version = "undated",
  title = { en = "Public Service core competencies" },
  source = "Singapore Public Service core competencies (name as in seed 000, Table 1; "
    .. "list of six recalled, unverified)",
}

competency "thinking-clearly" {
  title = { en = "Thinking Clearly & Making Sound Judgements" } }
competency "working-as-a-team" {
  title = { en = "Working as a Team" } }
competency "working-with-citizens-and-stakeholders" {
  title = { en = "Working Effectively with Citizens & Stakeholders" } }
competency "keep-learning" {
  title = { en = "Keep Learning & Putting Skills into Action" } }
competency "serving-with-heart" {
  title = { en = "Serving with Heart, Commitment & Purpose" } }
competency "supporting-change-and-innovation" {
  title = { en = "Supporting Change & Innovation" } }
