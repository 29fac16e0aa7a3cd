-- The five types of integral assessment and the weights of their elements,
-- from seed 001, Table 1 ("Weight indicators of evaluation elements").
-- The paper proposes these weights; no regulation fixing them was found,
-- so they are a configuration to adapt, not law. K = B_M*P_M + B_KF*P_KF
-- + B_FS*P_FS (the paper's formula 1).
--
-- The paper gives no bands; the four below are this configuration's
-- defaults, to be replaced by an agency's own.

local source = "Seed 001, Table 1: weight indicators of evaluation elements"

local bands = {
  { min = 0.85, label = "excellent" },
  { min = 0.70, label = "good" },
  { min = 0.50, label = "satisfactory" },
  { min = 0.00, label = "unsatisfactory" },
}

assessment "A1" {
  title = { en = "Annual assessment on criteria set by the state",
            ru = "Ежегодная оценка по критериям, установленным государством" },
  source = source,
  elements = {
    qualification = { weight = 0.2, engine = "qualification" },
    qualities     = { weight = 0.3, engine = "indicators" },
    performance   = { weight = 0.5, engine = "kpi" },
  },
  bands = bands,
}

assessment "A2" {
  title = { en = "Extraordinary appraisal", ru = "Внеочередная аттестация" },
  source = source,
  elements = {
    qualification = { weight = 0.2, engine = "qualification" },
    qualities     = { weight = 0.3, engine = "indicators" },
    performance   = { weight = 0.5, engine = "kpi" },
  },
  bands = bands,
}

assessment "A3" {
  title = { en = "Assessment for forming the personnel reserve",
            ru = "Оценка при формировании кадрового резерва" },
  source = source,
  elements = {
    qualification = { weight = 0.8, engine = "qualification" },
    qualities     = { weight = 0.2, engine = "indicators" },
  },
  bands = bands,
}

assessment "A4" {
  title = { en = "Assessment for filling a vacancy",
            ru = "Оценка для замещения вакантной должности" },
  source = source,
  elements = {
    qualification = { weight = 0.8, engine = "qualification" },
    qualities     = { weight = 0.2, engine = "indicators" },
  },
  bands = bands,
}

assessment "A5" {
  title = { en = "Assessment based on a test", ru = "Оценка по результатам тестирования" },
  source = source,
  elements = {
    qualification = { weight = 0.2, engine = "qualification" },
    qualities     = { weight = 0.4, engine = "indicators" },
    performance   = { weight = 0.4, engine = "kpi" },
  },
  bands = bands,
}
