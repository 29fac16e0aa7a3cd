-- Qualification requirements of the fictional uz-adps agency.
--
-- Illustrative only: these are invented for the example agency and are not
-- taken from any regulation of the Republic of Uzbekistan. Each declaration
-- covers one range of post levels (1..12, no overlaps); merit scores a
-- person's qualification (B_M) against the declaration whose range contains
-- the person's post level. A criterion counts only when it is declared;
-- weights default to 1.
--
-- The golden check in t/golden/recompute.py holds a hand-made copy of these
-- numbers: change both together.

-- Entry posts need no prior service: a required 0 scores 1 for everyone.
requirements "uz-adps-specialist" {
  title = {
    en = "Posts 1-3: qualification requirements (example)",
    ru = "Должности 1-3: квалификационные требования (пример)",
    uz = "1-3 lavozimlar: malaka talablari (namuna)",
  },
  posts = { 1, 3 },
  education = "bachelor",
  service_years = 0,
  training_hours = 24,
  certifications = { "state-language-b1" },
}

requirements "uz-adps-leading" {
  title = {
    en = "Posts 4-6: qualification requirements (example)",
    ru = "Должности 4-6: квалификационные требования (пример)",
    uz = "4-6 lavozimlar: malaka talablari (namuna)",
  },
  posts = { 4, 6 },
  education = "bachelor",
  service_years = 2,
  training_hours = 36,
  certifications = { "state-language-b2", "anti-corruption" },
}

-- Heads of division weigh education and certifications double.
requirements "uz-adps-head" {
  title = {
    en = "Posts 7-9: qualification requirements (example)",
    ru = "Должности 7-9: квалификационные требования (пример)",
    uz = "7-9 lavozimlar: malaka talablari (namuna)",
  },
  posts = { 7, 9 },
  education = "master",
  service_years = 4,
  training_hours = 72,
  certifications = { "state-language-b2", "anti-corruption", "project-management" },
  weights = { education = 2, service_years = 1, training_hours = 1, certifications = 2 },
}

requirements "uz-adps-executive" {
  title = {
    en = "Posts 10-12: qualification requirements (example)",
    ru = "Должности 10-12: квалификационные требования (пример)",
    uz = "10-12 lavozimlar: malaka talablari (namuna)",
  },
  posts = { 10, 12 },
  education = "master",
  service_years = 7,
  training_hours = 100,
  certifications = { "anti-corruption", "project-management", "public-finance" },
}
