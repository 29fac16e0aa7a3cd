-- Russia: professional and personal competencies of state civil servants
-- under Federal Law No. 79-FZ "On the State Civil Service of the Russian
-- Federation" and the Ministry of Labour's methodological toolkit.
--
-- Source: Federal Law No. 79-FZ of 27 July 2004; Ministry of Labour of
-- the Russian Federation, methodological toolkit. See FRAMEWORKS.md,
-- "Russia".
--
-- What rests on what:
--   [M] recalled, to be checked: the skills below, both the basic skills
--       required of every civil servant (group "basic") and those required
--       in addition of managers of the highest and main groups of
--       positions (group "managers"). The Russian titles are recalled
--       wordings of the toolkit's.
--   [V] seen in a public source: five groups of positions (highest, main,
--       leading, senior, junior) across four categories of positions;
--       attestation every 3 years.
--
-- Levels: none. The five groups are groups of positions, not levels of a
-- competency's manifestation: no source gives indicators or descriptors
-- by group, and the same basic skills are required in every group. They
-- could be declared as levels tied to posts 1-5 (junior = 1 ... highest =
-- 5) if an agency numbered its posts so; nothing here depends on it, so
-- they are left out.
--
-- Managers' skills: the DSL restricts a competency by post range only,
-- not by category of position, so the "managers" group applies at every
-- post to which the framework is applied. An agency assessing
-- non-managers must, until the DSL can say so, use a model set without
-- them.
--
-- The toolkit's key-competency model (systemic and strategic thinking,
-- team interaction, personal effectiveness, flexibility and readiness for
-- change, effective communication, managerial competencies) is another
-- model [M] and is not encoded here. No source here gives indicators, so
-- none are declared.

framework {
  id = "ru-79fz",
  country = "RU",
  version = "2004-07-27",
  title = { en = "Professional and personal competencies of state civil servants" },
  source = "Federal Law No. 79-FZ of 27 July 2004 \"On the State Civil Service of the "
    .. "Russian Federation\"; Ministry of Labour of the Russian Federation, "
    .. "methodological toolkit",
}

-- basic skills, for all civil servants [M]

competency "systemic-strategic-thinking" {
  title = { en = "Systemic and strategic thinking", ru = "Системное и стратегическое мышление" },
  group = "basic",
}

competency "planning-and-results" {
  title = { en = "Planning, using working time rationally and achieving results",
            ru = "Умение планировать, рационально использовать служебное время и "
              .. "достигать результата" },
  group = "basic",
}

competency "communication" {
  title = { en = "Communication skills", ru = "Коммуникативные умения" },
  group = "basic",
}

competency "managing-change" {
  title = { en = "Managing change", ru = "Управление изменениями" },
  group = "basic",
}

-- managers of the highest and main groups, in addition [M]

competency "leading-subordinates" {
  title = { en = "Leading subordinates", ru = "Умение руководить подчинёнными" },
  group = "managers",
}

competency "planning-organising-controlling" {
  title = { en = "Planning, organising and controlling work",
            ru = "Умение эффективно планировать, организовывать работу и контролировать "
              .. "её выполнение" },
  group = "managers",
}

competency "prompt-decisions" {
  title = { en = "Taking and implementing managerial decisions promptly",
            ru = "Умение оперативно принимать и реализовывать управленческие решения" },
  group = "managers",
}
