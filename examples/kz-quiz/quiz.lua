-- The fictional kz-quiz agency: qualification requirements, a course
-- catalogue and an assessment type whose professional qualities are
-- measured by a knowledge test (the quiz engine) instead of observed
-- indicators.
--
-- Illustrative only: the requirements and course hours are invented for
-- the example and are not taken from any regulation of the Republic of
-- Kazakhstan. The course titles are those named in seed 002.
--
-- examples/generate_quiz.py holds a copy of the requirements (to aim the
-- generated evidence), and t/golden/quiz_recompute.py a copy of the
-- weights: change them together.

requirements "kz-quiz-junior" {
  title = { en = "Posts 1-6: qualification requirements (example)",
            ru = "Должности 1-6: квалификационные требования (пример)" },
  posts = { 1, 6 },
  education = "bachelor",
  service_years = 1,
  training_hours = 36,
  certifications = { "state-language-b1" },
}

requirements "kz-quiz-middle" {
  title = { en = "Posts 7-9: qualification requirements (example)",
            ru = "Должности 7-9: квалификационные требования (пример)" },
  posts = { 7, 9 },
  education = "bachelor",
  service_years = 3,
  training_hours = 54,
  certifications = { "state-language-b2", "anti-corruption-basics" },
}

requirements "kz-quiz-senior" {
  title = { en = "Posts 10-12: qualification requirements (example)",
            ru = "Должности 10-12: квалификационные требования (пример)" },
  posts = { 10, 12 },
  education = "master",
  service_years = 5,
  training_hours = 72,
  certifications = { "state-language-c1", "anti-corruption-basics" },
}

-- The courses the test diagnoses: each item of bank.yaml names the course
-- that teaches it, and a course whose subscore falls below the quiz
-- engine's `pass` is recommended to the person.

course "public-speaking" {
  title = { en = "Professional communications and public speaking",
            ru = "Профессиональные коммуникации и публичные выступления" },
  hours = 36, format = "blended",
  develops = { ["customer-orientation"] = true },
  source = "Seed 002: courses of the Academy of Public Administration",
}

course "crisis-communication" {
  title = { en = "Crisis communication", ru = "Кризисные коммуникации" },
  hours = 24, format = "in-person",
  develops = { ["customer-orientation"] = true },
  source = "Seed 002: courses of the Academy of Public Administration",
}

course "conflict-management" {
  title = { en = "Professional communications and conflict management",
            ru = "Профессиональные коммуникации и управление конфликтами" },
  hours = 36, format = "in-person",
  develops = { cooperation = "C" },
  source = "Seed 002: courses of the Academy of Public Administration",
}

course "negotiation" {
  title = { en = "Negotiation process technologies",
            ru = "Технологии переговорного процесса" },
  hours = 24, format = "online",
  develops = { cooperation = "B" },
  source = "Seed 002: courses of the Academy of Public Administration",
}

-- A5 of seed 001, Table 1 ("assessment based on a test"), with the same
-- weights, but the professional qualities are a knowledge test of the
-- competency model scored by the quiz engine.
assessment "A5-quiz" {
  title = { en = "Assessment based on a test (knowledge test of the competency model)",
            ru = "Оценка по результатам тестирования (тест знаний модели компетенций)" },
  source = "Seed 001, Table 1: weight indicators of evaluation elements (A5)",
  elements = {
    qualification = { weight = 0.2, engine = "qualification" },
    qualities     = { weight = 0.4, engine = "quiz" },
    performance   = { weight = 0.4, engine = "kpi" },
  },
  bands = {
    { min = 0.85, label = "excellent" },
    { min = 0.70, label = "good" },
    { min = 0.50, label = "satisfactory" },
    { min = 0.00, label = "unsatisfactory" },
  },
}
