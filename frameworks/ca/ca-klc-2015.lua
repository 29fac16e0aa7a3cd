-- Canada: Key Leadership Competencies (federal public service).
--
-- Source: Treasury Board of Canada Secretariat / Public Service
-- Commission, Key Leadership Competencies (2015). See FRAMEWORKS.md,
-- "Canada".
--
-- What rests on what:
--   [V] seen in a public source: the six competencies below; effective
--       behaviours given per level; one generic set of ineffective
--       behaviours; the levels Deputy Minister, Assistant Deputy Minister,
--       Director General, Director, Manager, Supervisor, Employee.
--   [M] recalled, to be checked: that the lower levels of this list
--       already belong to the 2015 profile (our source does not say
--       where "lower" begins).
-- The French titles are the official French names of the competencies
-- and levels.
--
-- The levels are positions of the hierarchy, listed low to high. Our
-- sources number no posts for them, so they are tied to no post levels;
-- an agency that uses them for scoring will need to give each a post
-- range.
--
-- Indicators: FRAMEWORKS.md gives none of the behaviours' text, so none
-- are declared and the competencies are assessed by direct rating. The
-- source's shape is effective behaviours per level plus one shared list
-- of ineffective behaviours for all levels, which the DSL declares as
-- (the text left out):
--
--   competency "achieve-results" {
--     title = { en = "Achieve Results", fr = "Obtenir des résultats" },
--     indicators = {
--       ineffective = { "...", "..." },   -- the one generic set
--       employee = { effective = { "...", "..." } },
--       supervisor = { effective = { "..." } },
--       -- ... one effective list per level, up to
--       dm = { effective = { "..." } },
--     },
--   }
--
-- Each level then takes the shared ineffective list.
--
-- The 2005 profile (Values & Ethics, Strategic Thinking, Engagement,
-- Management Excellence) is an earlier model and is not encoded here.

framework {
  id = "ca-klc-2015",
  country = "CA",
  version = "2015",
  title = { en = "Key Leadership Competencies", fr = "Compétences clés en leadership" },
  source = "Treasury Board of Canada Secretariat / Public Service Commission of Canada, "
    .. "Key Leadership Competencies (2015)",
  -- low to high; not tied to posts (see above)
  levels = {
    { id = "employee", title = { en = "Employee", fr = "Employé" } },
    { id = "supervisor", title = { en = "Supervisor", fr = "Superviseur" } },
    { id = "manager", title = { en = "Manager", fr = "Gestionnaire" } },
    { id = "director", title = { en = "Director", fr = "Directeur" } },
    { id = "dg", title = { en = "Director General", fr = "Directeur général" } },
    { id = "adm", title = { en = "Assistant Deputy Minister", fr = "Sous-ministre adjoint" } },
    { id = "dm", title = { en = "Deputy Minister", fr = "Sous-ministre" } },
  },
}

competency "create-vision-and-strategy" {
  title = { en = "Create Vision and Strategy", fr = "Créer une vision et une stratégie" },
}

competency "mobilize-people" {
  title = { en = "Mobilize People", fr = "Mobiliser les personnes" },
}

competency "uphold-integrity-and-respect" {
  title = { en = "Uphold Integrity and Respect", fr = "Préserver l'intégrité et le respect" },
}

competency "collaborate-with-partners-and-stakeholders" {
  title = { en = "Collaborate with Partners and Stakeholders",
            fr = "Collaborer avec les partenaires et les intervenants" },
}

competency "promote-innovation-and-guide-change" {
  title = { en = "Promote Innovation and Guide Change",
            fr = "Promouvoir l'innovation et orienter le changement" },
}

competency "achieve-results" {
  title = { en = "Achieve Results", fr = "Obtenir des résultats" },
}
