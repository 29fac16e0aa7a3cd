-- Qualification requirements of the fictional kz-360 agency.
--
-- Illustrative only: invented for the example ministry, not taken from any
-- regulation of the Republic of Kazakhstan. Each declaration covers one
-- range of post levels (1..15, no overlaps); merit scores a person's
-- qualification (B_M) against the declaration whose range contains the
-- person's post level. A criterion counts only when it is declared;
-- weights default to 1.
--
-- t/golden/recompute_raters.py and examples/generate_raters.py hold
-- hand-made copies of these numbers: change all three together.

requirements "kz-360-junior" {
  title = { en = "Posts 1-6: qualification requirements (example)",
            ru = "Должности 1-6: квалификационные требования (пример)" },
  posts = { 1, 6 },
  education = "bachelor",
  service_years = 1,
  training_hours = 36,
  certifications = { "state-language-b1" },
}

requirements "kz-360-middle" {
  title = { en = "Posts 7-9: qualification requirements (example)",
            ru = "Должности 7-9: квалификационные требования (пример)" },
  posts = { 7, 9 },
  education = "bachelor",
  service_years = 3,
  training_hours = 54,
  certifications = { "state-language-b2", "anti-corruption-basics" },
}

-- Heads of division: education and experience weigh double.
requirements "kz-360-senior" {
  title = { en = "Posts 10-12: qualification requirements (example)",
            ru = "Должности 10-12: квалификационные требования (пример)" },
  posts = { 10, 12 },
  education = "master",
  service_years = 5,
  training_hours = 72,
  certifications = { "state-language-c1", "anti-corruption-basics", "project-management" },
  weights = { education = 2, service_years = 2, training_hours = 1, certifications = 1 },
}

requirements "kz-360-management" {
  title = { en = "Posts 13-15: qualification requirements (example)",
            ru = "Должности 13-15: квалификационные требования (пример)" },
  posts = { 13, 15 },
  education = "master",
  service_years = 8,
  training_hours = 72,
}
