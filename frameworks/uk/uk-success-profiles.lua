-- United Kingdom: Civil Service Success Profiles, the Behaviours element.
--
-- Source: Cabinet Office, Civil Service Success Profiles (2018); the
-- Civil Service Behaviours page (2024). See FRAMEWORKS.md, "UK".
--
-- What rests on what:
--   [V] seen in a public source: the five elements of Success Profiles
--       (Behaviours, Strengths, Ability, Experience, Technical) and the
--       nine behaviours below, with their names.
--   [M] recalled, to be checked: the six levels and the grades tied to
--       them (1 AA/AO, 2 EO, 3 HEO/SEO, 4 G7/G6, 5 Deputy Director,
--       6 Director); behaviours scored 1-7.
--
-- Only the Behaviours element is a competency model, so only it is
-- encoded. No source here gives the behaviours' indicators at each level,
-- nor a grouping of the nine into clusters, so the competencies declare
-- neither indicators nor a group. (The 2012 predecessor framework had 10
-- competencies in 3 clusters, 6 levels and effective/ineffective pairs
-- [V]; it is a different framework and its contents are not in our
-- sources.)
--
-- Levels and posts: the levels belong to grades, which are names, not
-- numbers; the DSL ties a level only to a range of numeric post levels.
-- So level N is tied to post N (posts 1-6), and the grades are kept in
-- the levels' titles. An agency's roster then gives a person's grade as
-- the post level 1-6 (AA/AO = 1 ... Director = 6).
--
-- The 1-7 score is a rating scale, not a level: an agency rating the
-- behaviours on it sets the indicators engine's rating_scale to [1, 7].

framework {
  id = "uk-success-profiles",
  country = "GB",
  version = "2018",
  title = { en = "Civil Service Success Profiles: Behaviours" },
  source = "Cabinet Office, Civil Service Success Profiles (2018); Success Profiles: "
    .. "Civil Service Behaviours (2024)",
  -- [M] low to high, level N tied to post N (see above)
  levels = {
    { id = "1", posts = { 1, 1 },
      title = { en = "Level 1: Administrative Assistant / Administrative Officer (AA/AO)" } },
    { id = "2", posts = { 2, 2 }, title = { en = "Level 2: Executive Officer (EO)" } },
    { id = "3", posts = { 3, 3 },
      title = { en = "Level 3: Higher / Senior Executive Officer (HEO/SEO)" } },
    { id = "4", posts = { 4, 4 }, title = { en = "Level 4: Grade 7 / Grade 6 (G7/G6)" } },
    { id = "5", posts = { 5, 5 }, title = { en = "Level 5: Deputy Director" } },
    { id = "6", posts = { 6, 6 }, title = { en = "Level 6: Director" } },
  },
}

-- [V] the nine behaviours, in the order the source lists them

competency "seeing-the-big-picture" {
  title = { en = "Seeing the Big Picture" },
}

competency "changing-and-improving" {
  title = { en = "Changing and Improving" },
}

competency "making-effective-decisions" {
  title = { en = "Making Effective Decisions" },
}

competency "leadership" {
  title = { en = "Leadership" },
}

competency "communicating-and-influencing" {
  title = { en = "Communicating and Influencing" },
}

competency "working-together" {
  title = { en = "Working Together" },
}

competency "developing-self-and-others" {
  title = { en = "Developing Self and Others" },
}

competency "managing-a-quality-service" {
  title = { en = "Managing a Quality Service" },
}

competency "delivering-at-pace" {
  title = { en = "Delivering at Pace" },
}
