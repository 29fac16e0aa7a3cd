-- Qualification requirements of the senior posts of the fictional
-- fi-senior example.
--
-- The master's degree is the selection criteria's own [V] (FRAMEWORKS.md,
-- "Finland"); the years of experience, the language certificates and the
-- weights are the example's, invented to be plausible, not taken from a
-- statute. Post levels 13-15 are the example's numbering: 13 head of unit,
-- 14 director, 15 director-general.
--
-- t/golden/recompute_raters.py and examples/generate_raters.py hold
-- hand-made copies of these numbers: change all three together.

requirements "fi-senior-director" {
  title = { en = "Heads of unit and directors (posts 13-14): requirements (example)",
            fi = "Yksikön päälliköt ja johtajat: vaatimukset (esimerkki)" },
  posts = { 13, 14 },
  education = "master",
  service_years = 6,
  certifications = { "finnish-excellent", "swedish-satisfactory" },
  weights = { education = 3, service_years = 2, certifications = 1 },
}

requirements "fi-senior-director-general" {
  title = { en = "Directors-general (post 15): requirements (example)",
            fi = "Ylijohtajat: vaatimukset (esimerkki)" },
  posts = { 15, 15 },
  education = "master",
  service_years = 10,
  certifications = { "finnish-excellent", "swedish-satisfactory" },
  weights = { education = 3, service_years = 2, certifications = 1 },
}
