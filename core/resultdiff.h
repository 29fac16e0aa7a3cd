/* merit explain --diff: what moved K between two results of a person.
 *
 * K = Σ wᵢBᵢ, so ΔK = Σ Δ(wᵢBᵢ), and each term splits exactly into
 * Δwᵢ·Bᵢ (the weight moved, at the old score) + wᵢ'·ΔBᵢ (the score moved,
 * at the new weight). The element scores are traced to the inputs and
 * competencies that changed, the weights to the assessment type, and
 * both to the model (its hash and files) that scored them. A scorer's
 * own rule (a Lua score function) shows as the remainder. */
#ifndef MERIT_RESULTDIFF_H
#define MERIT_RESULTDIFF_H

#include <stdio.h>
#include <sqlite3.h>

/* Print to f how result `from` became result `to` (register ids).
 * 0, or MERIT_ENOENT / MERIT_EDB with a message on stderr. */
int result_diff(FILE *f, sqlite3 *db, long long from, long long to);

#endif
