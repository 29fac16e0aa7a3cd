/* merit — input values as plugins see them.
 *
 * Evidence, roster entries and plugin configuration reach plugins as
 * read-only trees of values (parsed from YAML, CSV or JSON by the core).
 * The tree is opaque: walk it with the accessors in struct merit_host.
 * Every value remembers where it came from, so a plugin can report
 * "evidence.yaml:41:7: target must be a positive number".
 */
#ifndef MERIT_VALUE_H
#define MERIT_VALUE_H

typedef struct merit_value merit_value;

enum merit_value_type {
	MERIT_VALUE_NULL = 0,
	MERIT_VALUE_BOOL,
	MERIT_VALUE_NUMBER,
	MERIT_VALUE_STRING,
	MERIT_VALUE_LIST,
	MERIT_VALUE_MAP,
};

#endif
