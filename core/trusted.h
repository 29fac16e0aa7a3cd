/* May a file be trusted to hold code merit runs? Only when no one but
 * root and the user merit runs as can change it: the checks the loader
 * makes on a plugin before it maps it, since mapping runs its
 * constructors. */
#ifndef MERIT_TRUSTED_H
#define MERIT_TRUSTED_H

#include <stddef.h>

/* 0 with the file's resolved path in *real (malloc'd; open that one, so
 * that what was checked is what runs), or a negative code with the
 * reason in why: MERIT_ENOENT when it cannot be resolved, MERIT_EPLUGIN
 * when the file, or a folder above it, is not a regular file / folder,
 * is owned by someone else, or is writable by its group or others (a
 * folder with the sticky bit excepted). */
int trusted_file(const char *path, char **real, char *why, size_t whylen);

#endif
