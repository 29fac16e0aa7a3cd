/* Where a pointer points: inside the segments of a loaded object, or not.
 * The loader asks before it reads a plugin's descriptor or calls into it,
 * so that a wild pointer is a refusal instead of a crash. */
#ifndef MERIT_MAPPED_H
#define MERIT_MAPPED_H

#include <stddef.h>

/* 1 when [p, p + len) lies within one loaded segment that is readable,
 * or, with code set, executable; else 0. */
int mapped_range(const void *p, size_t len, int code);
/* 1 when fn points into an executable loaded segment. */
int mapped_code(void (*fn)(void));
/* The length of the string at s when it lies, NUL included, within one
 * readable loaded segment and is shorter than max; else -1. */
long mapped_string(const char *s, size_t max);

#endif
