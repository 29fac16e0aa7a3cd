-- Singapore: 100 hours of learning in each calendar year (seed 001).
-- Any course counts; hours add up from 1 January to 31 December, and a
-- reminder goes out from 1 October for whoever is short. New hires are
-- first held to the year after their first twelve months.
-- Use from an agency: scripts: [policies/sg.lua], policies: [sg-100h]

policy "sg-100h" {
  title = { en = "100 training hours per calendar year" },
  every = { years = 1 },
  calendar = true,
  require = { hours = 100 },
  remind_before = { days = 92 },
}
