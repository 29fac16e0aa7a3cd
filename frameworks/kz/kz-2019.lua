-- Kazakhstan: Unified framework of basic and differentiating competencies
-- for administrative civil servants of corps "A" and "B" (as of 24 April 2019).
--
-- Source: Agency for Civil Service Affairs of the Republic of Kazakhstan,
-- Unified Framework of Basic and Differentiating Competencies and its
-- dictionary (2019), as quoted in seed 002, Table 1 ("Effective and
-- ineffective behavior"). See FRAMEWORKS.md, "Kazakhstan".
--
-- What rests on what:
--   [V] in the seed, which quotes the framework's dictionary: the two
--       first competencies, customer orientation and cooperation, given
--       completely: description, levels of manifestation tied to post
--       levels, and every effective and ineffective indicator, in English
--       as the seed gives them. The levels D, C and B come from them.
--   [M] recalled, to be checked: the other competencies of corps "B",
--       declared after them with English titles and recalled Russian
--       ones. No source here gives their descriptions, levels,
--       indicators, posts, or whether each is basic or differentiating,
--       so they declare none of these and are assessed by direct rating.
--       "Strategic thinking / change management" is recalled under either
--       name and kept as one competency.
-- Not encoded: levels for posts 13-15, which the seed gives for no
-- competency but customer orientation; the qualities seed 002 lists for
-- selection (initiative, communication, analyticity, self-discipline,
-- ethics, quality orientation, consumer orientation, intolerance to
-- corruption; leadership and strategic thinking for leadership posts),
-- which are criteria of a procedure, not this dictionary; the annual
-- assessment of corps "B" (quarterly by the supervisor through e-Kyzmet
-- since 2025, rated outstanding / effective / satisfactory /
-- unsatisfactory [M]), which an assessment type would declare.

framework {
  id = "kz-2019",
  country = "KZ",
  version = "2019-04-24",
  title = {
    en = "Unified framework of basic and differentiating competencies",
    ru = "Единая рамка базовых и дифференцирующих компетенций",
    kk = "Базалық және саралаушы құзыреттердің бірыңғай шеңбері",
  },
  source = "Unified Framework of Basic and Differentiating Competencies and dictionary of "
    .. "Basic and Differentiating Competencies for administrative civil servants of Corps "
    .. "\"A\" and \"B\" of the Republic of Kazakhstan (as of April 24, 2019); quoted in "
    .. "seed 002, Table 1",
  -- ordinal, low to high, tied to post levels as Table 1 gives them
  levels = {
    { id = "D", posts = { 1, 6 } },
    { id = "C", posts = { 7, 9 } },
    { id = "B", posts = { 10, 12 } },
  },
}

competency "customer-orientation" {
  title = {
    en = "Customer orientation and informing customers",
    ru = "Ориентация на потребителя услуг и его информирование",
  },
  group = "basic",
  description = {
    en = "Constant monitoring of satisfaction with the quality of services, prompt "
      .. "resolution of emerging issues, taking measures established by law, the ability "
      .. "to bring information to the recipient of services in an accessible and "
      .. "understandable way.",
  },
  posts = { 1, 15 }, -- "the level of manifestation of competence (1 - 15 levels of posts)"
  indicators = {
    effective = {
      "uses effective ways to inform the recipients of the service, brings up-to-date "
        .. "information to the consumer in an accessible and respectful form",
      "applies effective tools for the prompt provision of services",
      "analyzes the level of satisfaction with the quality of services",
      "makes suggestions to improve the quality of services",
    },
    ineffective = {
      "uses inefficient ways of informing service recipients and brings information to "
        .. "the consumer incomprehensibly or does it disparagingly",
      "has a superficial understanding of the tools for providing services",
      "ignores the problems and questions of the consumer",
      "shows a lack of initiative to improve the quality of services",
    },
  },
}

competency "cooperation" {
  title = {
    en = "Cooperation and interaction",
    ru = "Сотрудничество и взаимодействие",
  },
  group = "basic",
  description = {
    en = "The ability to build constructive relationships with colleagues, other "
      .. "government agencies and organizations to achieve the strategic goals of the "
      .. "government agency.",
  },
  indicators = {
    B = {
      effective = {
        "builds effective interaction with other government agencies and organizations "
          .. "within its competence",
        "jointly with other departments implements and achieves the plans of the state agency",
        "uses collegial methods to develop unified approaches",
      },
      ineffective = {
        "avoids interaction with other government agencies and organizations",
        "when implementing the plans of a state agency, considers only the contribution "
          .. "of its unit important",
        "single-handedly decides which approach to use to achieve common goals",
      },
    },
    C = {
      effective = {
        "establishes trusting relationships in the team",
        "builds productive relationships with other departments",
        "shares experience and knowledge with colleagues to work together",
      },
      ineffective = {
        "creates a relationship of mutual distrust among employees",
        "has difficulty establishing relationships with other departments",
        "does not share experience and knowledge with colleagues",
      },
    },
    D = {
      effective = {
        "easily finds a common language with others",
        "exchanges information to complete tasks",
        "interacts with colleagues and representatives of other government agencies",
      },
      ineffective = {
        "hardly finds a common language with others",
        "avoids discussing tasks with colleagues",
        "works alone",
      },
    },
  },
}

-- [M] The other competencies of corps "B", recalled: titles only.

competency "managing-activities" {
  title = { en = "Managing activities", ru = "Управление деятельностью" },
}

competency "decision-making" {
  title = { en = "Decision-making", ru = "Принятие решений" },
}

competency "initiative" {
  title = { en = "Initiative", ru = "Инициативность" },
}

competency "stress-resistance" {
  title = { en = "Stress resistance", ru = "Стрессоустойчивость" },
}

competency "responsibility" {
  title = { en = "Responsibility", ru = "Ответственность" },
}

competency "results-orientation" {
  title = { en = "Results orientation", ru = "Ориентация на результат" },
}

competency "integrity" {
  title = { en = "Integrity", ru = "Добропорядочность" },
}

competency "self-development" {
  title = { en = "Self-development", ru = "Саморазвитие" },
}

competency "developing-staff" {
  title = { en = "Developing staff", ru = "Развитие сотрудников" },
}

competency "leadership" {
  title = { en = "Leadership", ru = "Лидерство" },
}

competency "strategic-thinking" {
  title = { en = "Strategic thinking / change management",
            ru = "Стратегическое мышление / управление изменениями" },
}
