-- United States: Executive Core Qualifications for the Senior Executive
-- Service, 2006 version, with their 28 competencies.
--
-- Source: Office of Personnel Management (OPM), Executive Core
-- Qualifications (ECQs) for the Senior Executive Service, 2006 version.
-- See FRAMEWORKS.md, "USA".
--
-- What rests on what: everything below is [V], seen in a public source:
-- the five ECQs, the 22 competencies under them and the 6 fundamental
-- competencies (28 in all), and the five-point proficiency scale.
--
-- How it is encoded:
--   * each of the 28 competencies is a competency; its group is the name
--     of its ECQ, or "fundamental" for the six that underlie all five;
--   * the levels are the proficiency scale, 1 Awareness to 5 Expert. They
--     describe how far a competency is mastered, not a grade, so they are
--     tied to no posts;
--   * no source here gives behavioural indicators, so none are declared.
-- The ECQs themselves are not scored on the scale: a Qualifications Review
-- Board finds a candidate qualified or not on each. The DSL has no
-- pass/fail element above competencies; the ECQ survives only as the
-- group.
--
-- The 2025 ECQs are a different model, kept apart in ../ecq-2025 (one
-- framework per folder).

framework {
  id = "us-ecq-2006",
  country = "US",
  version = "2006",
  title = { en = "Executive Core Qualifications and competencies (Senior Executive Service)" },
  source = "Office of Personnel Management (OPM), Executive Core Qualifications for the "
    .. "Senior Executive Service, 2006 version (5 ECQs, 22 competencies, 6 fundamental "
    .. "competencies; proficiency scale 1-5)",
  -- the proficiency scale, low to high; not tied to posts
  levels = {
    { id = "1", title = { en = "Awareness" } },
    { id = "2", title = { en = "Basic" } },
    { id = "3", title = { en = "Intermediate" } },
    { id = "4", title = { en = "Advanced" } },
    { id = "5", title = { en = "Expert" } },
  },
}

-- ECQ 1: Leading Change
competency "creativity-and-innovation" {
  title = { en = "Creativity & Innovation" }, group = "Leading Change" }
competency "external-awareness" {
  title = { en = "External Awareness" }, group = "Leading Change" }
competency "flexibility" {
  title = { en = "Flexibility" }, group = "Leading Change" }
competency "resilience" {
  title = { en = "Resilience" }, group = "Leading Change" }
competency "strategic-thinking" {
  title = { en = "Strategic Thinking" }, group = "Leading Change" }
competency "vision" {
  title = { en = "Vision" }, group = "Leading Change" }

-- ECQ 2: Leading People
competency "conflict-management" {
  title = { en = "Conflict Management" }, group = "Leading People" }
competency "leveraging-diversity" {
  title = { en = "Leveraging Diversity" }, group = "Leading People" }
competency "developing-others" {
  title = { en = "Developing Others" }, group = "Leading People" }
competency "team-building" {
  title = { en = "Team Building" }, group = "Leading People" }

-- ECQ 3: Results Driven
competency "accountability" {
  title = { en = "Accountability" }, group = "Results Driven" }
competency "customer-service" {
  title = { en = "Customer Service" }, group = "Results Driven" }
competency "decisiveness" {
  title = { en = "Decisiveness" }, group = "Results Driven" }
competency "entrepreneurship" {
  title = { en = "Entrepreneurship" }, group = "Results Driven" }
competency "problem-solving" {
  title = { en = "Problem Solving" }, group = "Results Driven" }
competency "technical-credibility" {
  title = { en = "Technical Credibility" }, group = "Results Driven" }

-- ECQ 4: Business Acumen
competency "financial-management" {
  title = { en = "Financial Management" }, group = "Business Acumen" }
competency "human-capital-management" {
  title = { en = "Human Capital Management" }, group = "Business Acumen" }
competency "technology-management" {
  title = { en = "Technology Management" }, group = "Business Acumen" }

-- ECQ 5: Building Coalitions
competency "partnering" {
  title = { en = "Partnering" }, group = "Building Coalitions" }
competency "political-savvy" {
  title = { en = "Political Savvy" }, group = "Building Coalitions" }
competency "influencing-negotiating" {
  title = { en = "Influencing/Negotiating" }, group = "Building Coalitions" }

-- The fundamental competencies, which underlie all five ECQs
competency "interpersonal-skills" {
  title = { en = "Interpersonal Skills" }, group = "fundamental" }
competency "oral-communication" {
  title = { en = "Oral Communication" }, group = "fundamental" }
competency "written-communication" {
  title = { en = "Written Communication" }, group = "fundamental" }
competency "integrity-honesty" {
  title = { en = "Integrity/Honesty" }, group = "fundamental" }
competency "continual-learning" {
  title = { en = "Continual Learning" }, group = "fundamental" }
competency "public-service-motivation" {
  title = { en = "Public Service Motivation" }, group = "fundamental" }
