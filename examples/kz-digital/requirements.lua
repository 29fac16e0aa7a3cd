-- Qualification requirements of the fictional kz-digital agency.
--
-- Illustrative only: these are invented for the example ministry and are not
-- taken from any regulation of the Republic of Kazakhstan. Each declaration
-- covers one range of post levels (1..15, no overlaps); merit scores a
-- person's qualification (B_M) against the declaration whose range contains
-- the person's post level. A criterion counts only when it is declared;
-- weights default to 1.
--
-- The golden check in t/golden/recompute.py holds a hand-made copy of these
-- numbers: change both together.

requirements "kz-digital-junior" {
  title = {
    en = "Posts 1-6: qualification requirements (example)",
    ru = "Должности 1-6: квалификационные требования (пример)",
    kk = "1-6 лауазымдар: біліктілік талаптары (мысал)",
  },
  posts = { 1, 6 },
  education = "bachelor",
  service_years = 1,
  training_hours = 36,
  certifications = { "state-language-b1" },
}

requirements "kz-digital-middle" {
  title = {
    en = "Posts 7-9: qualification requirements (example)",
    ru = "Должности 7-9: квалификационные требования (пример)",
    kk = "7-9 лауазымдар: біліктілік талаптары (мысал)",
  },
  posts = { 7, 9 },
  education = "bachelor",
  service_years = 3,
  training_hours = 54,
  certifications = { "state-language-b2", "anti-corruption-basics" },
}

-- Heads of division weigh education and experience double.
requirements "kz-digital-senior" {
  title = {
    en = "Posts 10-12: qualification requirements (example)",
    ru = "Должности 10-12: квалификационные требования (пример)",
    kk = "10-12 лауазымдар: біліктілік талаптары (мысал)",
  },
  posts = { 10, 12 },
  education = "master",
  service_years = 5,
  training_hours = 72,
  certifications = { "state-language-c1", "anti-corruption-basics", "project-management" },
  weights = { education = 2, service_years = 2, training_hours = 1, certifications = 1 },
}

-- No certifications are declared for posts 13-15, so B_M there is the mean
-- of education, service years and training hours only.
requirements "kz-digital-management" {
  title = {
    en = "Posts 13-15: qualification requirements (example)",
    ru = "Должности 13-15: квалификационные требования (пример)",
    kk = "13-15 лауазымдар: біліктілік талаптары (мысал)",
  },
  posts = { 13, 15 },
  education = "master",
  service_years = 8,
  training_hours = 72,
}
