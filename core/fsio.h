/* File input through the libuv loop. */
#ifndef MERIT_FSIO_H
#define MERIT_FSIO_H

#include <stddef.h>
#include <stdio.h>
#include <uv.h>

#define FSIO_MAX_FILE ((size_t)1 << 31) /* 2 GiB: larger input is refused */

/* Read a whole file (NUL-terminated; *len excludes the NUL) on the loop's
 * file-system API, waiting for it. Negative libuv/merit code on failure. */
int fsio_read(uv_loop_t *loop, const char *path, char **buf, size_t *len);

/* Read a whole file with chained libuv requests; cb runs on the loop thread
 * with status 0 and the buffer (which it then owns), or a negative code.
 * If this returns an error, cb is never called. */
typedef void (*fsio_cb)(void *data, int status, char *buf, size_t len);
int fsio_read_async(uv_loop_t *loop, const char *path, fsio_cb cb, void *data);

/* The .lua files directly in dir, sorted by name (malloc'd array of
 * malloc'd paths "dir/name"). */
int fsio_list(uv_loop_t *loop, const char *dir, const char *suffix,
    char ***out, size_t *n);
void fsio_list_free(char **v, size_t n);

/* Create (or truncate) file `name` directly in folder `dir` for writing,
 * without following a symbolic link in its place: an export must not be
 * redirected out of its folder. `name` must hold no '/'. 0 with the
 * stream in *out, or a negative errno (-ELOOP: name is a link). */
int fsio_create_in(const char *dir, const char *name, FILE **out);

/* 1 if path is a directory, 0 if something else, negative on error. */
int fsio_is_dir(uv_loop_t *loop, const char *path);

#endif
