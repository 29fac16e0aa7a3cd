-- Finland: selection criteria for senior management posts in central
-- government.
--
-- Source: Ministry of Finance (Valtiovarainministeriö), selection
-- criteria for senior management posts. See FRAMEWORKS.md, "Finland".
--
-- What rests on what: [V], seen in a public source: everything below.
--
-- This is a set of selection criteria, not a graded competency model: no
-- levels, no indicators. Each criterion is declared as a competency so
-- that a selection can rate a candidate on it directly. The groups keep
-- the source's own split: "criteria" are the selection criteria proper,
-- "adverts" the qualities that vacancy notices typically ask for.
--
-- The master's degree is a qualification rather than a competency; in a
-- model set for scoring it belongs in a requirements declaration
-- (education = "master") for the posts concerned, which this folder does
-- not declare because no post levels are given. Senior posts are filled
-- for a fixed term (a roster's term: fixed).
--
-- Finnish and Swedish titles are given only for the criteria whose
-- official wording we know; the others are in English only.

framework {
  id = "fi-senior-criteria",
  country = "FI",
  version = "undated",
  title = { en = "Selection criteria for senior management posts" },
  source = "Ministry of Finance (Finland), selection criteria for senior management "
    .. "posts in central government",
}

competency "masters-degree" {
  title = { en = "Master's degree", fi = "Ylempi korkeakoulututkinto",
            sv = "Högre högskoleexamen" },
  group = "criteria",
}

competency "versatile-experience" {
  title = { en = "Versatile experience", fi = "Monipuolinen kokemus",
            sv = "Mångsidig erfarenhet" },
  group = "criteria",
}

competency "proven-leadership" {
  title = { en = "Leadership skill proven in practice",
            fi = "Käytännössä osoitettu johtamistaito",
            sv = "I praktiken visad ledarförmåga" },
  group = "criteria",
}

competency "development-potential" {
  title = { en = "Development potential and usability in other posts" },
  group = "criteria",
}

competency "cooperation-interaction-organising" {
  title = { en = "Cooperation, interaction and organising skills" },
  group = "adverts",
}

competency "results-orientation" {
  title = { en = "Results orientation" },
  group = "adverts",
}

competency "broad-fast-moving-environment" {
  title = { en = "Working in a broad, fast-moving environment" },
  group = "adverts",
}

competency "language-skills" {
  title = { en = "Language skills" },
  group = "adverts",
}
