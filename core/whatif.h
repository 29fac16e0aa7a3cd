/* merit assess --what-if: a scheme tried on the cohort beside the
 * results of the scheme the agency has adopted, nothing written. Side by
 * side: the weights, the mean K, the count in each band, and every
 * person whose band would change. */
#ifndef MERIT_WHATIF_H
#define MERIT_WHATIF_H

#include <stdio.h>
#include "merit/model.h"
#include "adoption.h"
#include "agency.h"
#include "report.h"

struct whatif;

/* now: the adopted scheme (its results are compared), as: the one tried;
 * adopted describes the adoption (found 0: none recorded yet). NULL when
 * out of memory. */
struct whatif *whatif_begin(FILE *f, const char *db, const struct agency *ag,
    const struct merit_model *m, const char *now,
    const struct adoption *adopted, const struct merit_assessment *as);
/* The persons of a window as scored under the type tried. */
void whatif_window(struct whatif *w, const struct scored *v, size_t n);
/* The side-by-side summary and the band changes; frees w. */
void whatif_end(struct whatif *w);
/* Without the summary: a run that failed. */
void whatif_free(struct whatif *w);

#endif
