/* A scored result as the API answers it: one element of GET
 * .../persons/{person}/results, and the answer of POST .../evidence. */
#ifndef MERIT_API_RESULT_H
#define MERIT_API_RESULT_H

#include <jansson.h>
#include <sqlite3.h>
#include "api.h"

/* The result of agency with `receipt`, competency and gap titles from
 * ag's model in `lang`, with "lang" (and "lang_fallback") set as the
 * model routes set them. NULL when there is no such result or on a
 * database error (sqlite3_errcode tells). */
json_t *api_result_by_receipt(sqlite3 *db, const char *agency,
    const char *receipt, const char *lang, struct api_agency *ag);

#endif
