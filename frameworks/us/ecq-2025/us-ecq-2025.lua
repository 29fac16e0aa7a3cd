-- United States: Executive Core Qualifications for the Senior Executive
-- Service, 2025 version.
--
-- Source: Office of Personnel Management (OPM), Executive Core
-- Qualifications for the Senior Executive Service, revised January 2025
-- and replaced June 2025. See FRAMEWORKS.md, "USA".
--
-- What rests on what: [V], seen in a public source: the revision and
-- replacement in 2025, and the five qualifications below. Our sources do
-- not say whether these five are the January revision or the June
-- replacement; we take them as the ECQs in force after June 2025.
--
-- How it is encoded: the five ECQs are the competencies. No source here
-- gives competencies under them, a proficiency scale for them, or
-- indicators, so there are no levels, no groups and no indicators; they
-- are assessed by direct rating. Like the 2006 ECQs they are judged
-- qualified or not, which the DSL cannot state (see ../ecq-2006).
--
-- Kept apart from the 2006 version (a different framework id, its own
-- folder): the two are different models, and an assessment must say
-- which it used.

framework {
  id = "us-ecq-2025",
  country = "US",
  version = "2025",
  title = { en = "Executive Core Qualifications (Senior Executive Service), 2025" },
  source = "Office of Personnel Management (OPM), Executive Core Qualifications for the "
    .. "Senior Executive Service, revised January 2025, replaced June 2025",
}

competency "rule-of-law-and-founding-principles" {
  title = { en = "Commitment to the Rule of Law and the Principles of the American Founding" },
}

competency "driving-efficiency" {
  title = { en = "Driving Efficiency" },
}

competency "merit-and-competence" {
  title = { en = "Merit and Competence" },
}

competency "leading-people" {
  title = { en = "Leading People" },
}

competency "achieving-results" {
  title = { en = "Achieving Results" },
}
