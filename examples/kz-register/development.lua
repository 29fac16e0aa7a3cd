-- Training policies and a reserve pool of the fictional kz-register
-- agency (examples/kz-register). Illustrative only: the periods, the
-- course, the thresholds and the post range are this example's own
-- choices to show merit compliance, forecast and pool, not a regulation
-- of the Republic of Kazakhstan.

-- Continuing education: at least one course in any three years (rolling
-- window); a reminder 90 days before the window lapses.
policy "kz-ce-3y" {
  title = { en = "Continuing education: one course every three years",
            ru = "Повышение квалификации: один курс раз в три года",
            kk = "Біліктілікті арттыру: үш жылда бір курс" },
  every = { years = 3 },
  require = { courses = 1 },
  remind_before = { days = 90 },
}

-- A yearly integrity refresher for officials: only kz-integrity counts.
policy "kz-integrity-1y" {
  title = { en = "Integrity refresher every year (officials)",
            ru = "Ежегодный курс по добропорядочности (должностные лица)",
            kk = "Жыл сайынғы адалдық курсы (лауазымды адамдар)" },
  every = { years = 1 },
  courses = { "kz-integrity" },
  require = { courses = 1 },
  remind_before = { days = 60 },
  applies = { categories = { "official" } },
}

-- A management reserve: officials at posts 7 to 15 whose A1-360 score
-- reached 0.75 in the last two years; membership lasts three years. The
-- 9-box sets performance against professional qualities (potential).
pool "kz-management-reserve" {
  title = { en = "Management reserve (illustrative)",
            ru = "Управленческий резерв (пример)",
            kk = "Басқарушылық резерв (мысал)" },
  months = 36,
  posts = { 7, 15 },
  categories = { "official" },
  require = {
    { assessment = "A1-360", min_k = 0.75, within_months = 24 },
  },
  grid = {
    performance = { assessment = "A1-360", element = "performance" },
    potential = { assessment = "A1-360", element = "qualities" },
    cuts = { 0.6, 0.8 },
  },
}
