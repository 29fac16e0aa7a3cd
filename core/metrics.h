/* Counters and histograms of merit serve, in the Prometheus text format
 * (version 0.0.4). Loop thread only. Labels name route templates, never
 * a person or a token. */
#ifndef MERIT_METRICS_H
#define MERIT_METRICS_H

#include <stddef.h>

struct metrics;

/* n_routes templates, labels kept by pointer. NULL when out of memory. */
struct metrics *metrics_new(const char *const *routes, size_t n_routes);
void metrics_free(struct metrics *m);
/* route: an index below n_routes, or -1 when no route matched. */
void metrics_request(struct metrics *m, int route, const char *method,
    int status, double seconds);
void metrics_scoring(struct metrics *m, double seconds);
void metrics_commit(struct metrics *m, double seconds, size_t requests);
void metrics_reload(struct metrics *m, int ok);
void metrics_set_gauges(struct metrics *m, size_t connections,
    size_t agencies, unsigned long long generation);
/* The exposition, malloc'd. */
char *metrics_text(const struct metrics *m);

#endif
