/* Input value trees: what YAML (and later CSV/JSON) input becomes, with
 * file:line:col on every node. Trees live in an arena. */
#ifndef MERIT_VTREE_H
#define MERIT_VTREE_H

#include <stddef.h>
#include <jansson.h>
#include "merit/value.h"
#include "arena.h"
#include "diag.h"

struct merit_value {
	enum merit_value_type type;
	int line, col;
	const char *file;
	const char *text; /* scalars: the source text; NULL otherwise */
	union {
		int b;
		double num;
		struct {
			size_t n;
			struct merit_value **items;
			const char **keys; /* maps only */
		} c;
	} u;
};

/* The shared null value, for "no evidence given". */
extern const merit_value value_null;

/* Parse one YAML document. Reports every syntax problem it can to d with
 * file:line:col and returns MERIT_EINPUT; the tree lives in `a`.
 * Aliases are refused (they make input size unbounded). */
int yaml_parse(struct arena *a, const char *file, const char *buf,
    size_t len, merit_value **root, struct diag *d);

/* Stream a YAML file that is a mapping holding one list ("persons:
 * [...]"), without holding the file or its tree in memory: on_item(ctx,
 * key, NULL) announces the list's key, then on_item(ctx, key, element)
 * runs for each element of the list in turn; the element's tree lives
 * only until on_item returns. A non-zero return from on_item stops the
 * stream and is returned. rd supplies the bytes, as libyaml's read
 * handler does (1 on success, *got = 0 at the end). Findings inside
 * elements (duplicate keys) go to d before the element is handed over. */
typedef int (*yaml_read_fn)(void *rd_ctx, unsigned char *buf, size_t size,
    size_t *got);
typedef int (*yaml_item_fn)(void *ctx, const char *key,
    const merit_value *element);
int yaml_stream_list(const char *file, yaml_read_fn rd, void *rd_ctx,
    yaml_item_fn on_item, void *ctx, struct diag *d);

const merit_value *value_get(const merit_value *v, const char *key);
const char *value_str(const merit_value *v); /* strings only */
int value_num(const merit_value *v, double *out);
int value_int(const merit_value *v, int *out); /* whole numbers only */
const char *value_type_name(enum merit_value_type t);
const char *value_where(const merit_value *v, char *buf, size_t len);

/* Check that map v has only keys from the NULL-terminated list `allowed`;
 * reports each unknown key to d. Returns the number of unknown keys. */
int value_check_keys(const merit_value *v, const char *const *allowed,
    const char *what, struct diag *d);
void value_diag(struct diag *d, const merit_value *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Every mapping key in v, and every text a key 'id', 'person', 'course'
 * or 'rater' holds, is an identifier (ident_problem); each that is not
 * is reported to d at its node. Returns the number reported. */
int value_check_idents(const merit_value *v, struct diag *d);

/* Every text and mapping key in v (a tree read from JSON) is at most
 * INPUT_MAX_VALUE bytes; each that is longer is reported to d. Returns
 * the number reported. */
int value_check_sizes(const merit_value *v, struct diag *d);

/* Put every node of v at line:col. */
void value_place(merit_value *v, int line, int col);
/* Put a record (a JSON Lines line, a request body) at `line`, each
 * top-level field and what it holds at its own column (1, 2, ...), so a
 * finding's place tells which field it is about. */
void value_place_fields(merit_value *row, int line);
/* The field of map `row` a finding is about: the top-level key whose
 * value it points at, else a key of `keys` (may be NULL) it quotes as
 * 'key'; NULL when neither. */
const char *value_finding_key(const merit_value *row,
    const struct diag_item *it, const char *const *keys);

/* Canonical JSON (sorted keys, compact): the form hashed into receipts
 * and stored in the register. NULL when out of memory. */
json_t *value_to_json(const merit_value *v);
/* The tree of a JSON value; every node is placed at file:line (a JSON
 * Lines record, or the register row it came from). NULL when out of
 * memory. */
merit_value *value_from_json(struct arena *a, const json_t *j,
    const char *file, int line);

#endif
