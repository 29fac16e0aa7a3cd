/* What the /v1 handlers share to build their JSON: model texts in the
 * caller's language, and a scored result as GET .../results and POST
 * .../evidence both answer it. */
#ifndef MERIT_API_JSON_H
#define MERIT_API_JSON_H

#include <stddef.h>
#include <jansson.h>
#include <sqlite3.h>
#include "merit/model.h"

#define API_TEXT_LANGS 8

/* The texts of one response: which languages they were taken in. */
struct api_texts {
	const char *lang; /* asked */
	size_t in_lang; /* texts found in lang */
	const char *other[API_TEXT_LANGS]; /* fallbacks used, first seen first */
	size_t n_by_other[API_TEXT_LANGS];
	size_t n_other;
};

void api_texts_init(struct api_texts *t, const char *lang);
/* A text in t->lang, else English, else the first (model_text); null
 * when the model gives none. */
json_t *api_text(struct api_texts *t, const struct merit_i18n *s);
/* Set "lang" on o: t->lang when any text was in it or there were none,
 * else the language the texts fell back to; and "lang_fallback", the
 * other languages some texts came in, when there are any. */
void api_texts_finish(struct api_texts *t, json_t *o);

/* A string, or null for NULL; a finite number, or null. */
json_t *api_jstr(const char *s);
json_t *api_jnum(double x);

/* "A1, A1-360" — the ids of the model's assessment types, or "none". */
void api_assessment_names(char *buf, size_t len,
    const struct merit_model *m);

/* Result `id` of the register as GET .../results lists it (competency
 * and gap titles from model m, in t's language; m may be NULL); NULL when
 * the row is gone or on a database error (see sqlite3_errcode). */
json_t *api_result_json(sqlite3 *db, long long id,
    const struct merit_model *m, struct api_texts *t);

#endif
