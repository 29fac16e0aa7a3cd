/* One size limit for every input format (YAML, CSV, JSON Lines, API
 * bodies), so that no reader takes what another refuses and none holds
 * an unbounded value in memory for longer than it takes to refuse it. */
#ifndef MERIT_INPUT_LIMITS_H
#define MERIT_INPUT_LIMITS_H

/* One value: a YAML scalar or key, a CSV cell, a JSON string or key. */
#define INPUT_MAX_VALUE ((size_t)64 << 10)
/* One record, its line breaks included: a YAML list entry, a CSV record,
 * a JSON Lines line. */
#define INPUT_MAX_RECORD ((size_t)1 << 20)

#endif
