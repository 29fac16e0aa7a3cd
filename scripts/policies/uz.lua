-- Uzbekistan: every civil servant completes at least one
-- continuing-education course every three years (seed 000). Rolling
-- window: three years back from any day must hold a completed course;
-- a reminder goes out 90 days before the window lapses.
-- Use from an agency: scripts: [policies/uz.lua], policies: [uz-ce-3y]

policy "uz-ce-3y" {
  title = { en = "Continuing education: one course every three years",
            ru = "Повышение квалификации: один курс раз в три года",
            uz = "Malaka oshirish: uch yilda bir kurs" },
  every = { years = 3 },
  require = { courses = 1 },
  remind_before = { days = 90 },
}
