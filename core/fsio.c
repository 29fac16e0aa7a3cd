#include <stdlib.h>
#include <string.h>
#include "merit/error.h"
#include "fsio.h"

int fsio_read(uv_loop_t *loop, const char *path, char **buf, size_t *len)
{
	uv_fs_t req;
	char *b = NULL;
	size_t size, got = 0;
	int fd, rc;

	*buf = NULL;
	*len = 0;
	fd = uv_fs_open(loop, &req, path, UV_FS_O_RDONLY, 0, NULL);
	uv_fs_req_cleanup(&req);
	if (fd < 0)
		return fd;
	rc = uv_fs_fstat(loop, &req, fd, NULL);
	size = (size_t)req.statbuf.st_size;
	int is_dir = (req.statbuf.st_mode & S_IFMT) == S_IFDIR;
	uv_fs_req_cleanup(&req);
	if (rc < 0)
		goto out;
	if (is_dir) {
		rc = UV_EISDIR;
		goto out;
	}
	if (size > FSIO_MAX_FILE) {
		rc = UV_EFBIG;
		goto out;
	}
	b = malloc(size + 1);
	if (!b) {
		rc = MERIT_ENOMEM;
		goto out;
	}
	while (got < size) {
		uv_buf_t ub = uv_buf_init(b + got, (unsigned)(size - got > (1u << 30)
		    ? (1u << 30) : size - got));
		rc = uv_fs_read(loop, &req, fd, &ub, 1, (int64_t)got, NULL);
		uv_fs_req_cleanup(&req);
		if (rc < 0)
			goto out;
		if (rc == 0)
			break; /* shrank under us: take what is there */
		got += (size_t)rc;
	}
	b[got] = '\0';
	*buf = b;
	*len = got;
	b = NULL;
	rc = 0;
out:
	free(b);
	uv_fs_close(loop, &req, fd, NULL);
	uv_fs_req_cleanup(&req);
	return rc;
}

struct async_read {
	uv_work_t work;
	uv_loop_t *loop;
	char *path;
	fsio_cb cb;
	void *data;
	int status;
	char *buf;
	size_t len;
};

static void read_work(uv_work_t *w)
{
	struct async_read *r = w->data;
	/* uv_fs_* with a NULL callback run on this (pool) thread. */
	r->status = fsio_read(r->loop, r->path, &r->buf, &r->len);
}

static void read_done(uv_work_t *w, int status)
{
	struct async_read *r = w->data;
	if (status == UV_ECANCELED)
		r->status = MERIT_ECANCELED;
	r->cb(r->data, r->status, r->status ? NULL : r->buf, r->len);
	if (r->status)
		free(r->buf);
	free(r->path);
	free(r);
}

int fsio_read_async(uv_loop_t *loop, const char *path, fsio_cb cb, void *data)
{
	struct async_read *r = calloc(1, sizeof(*r));
	if (!r || !(r->path = strdup(path))) {
		free(r);
		return MERIT_ENOMEM;
	}
	r->loop = loop;
	r->cb = cb;
	r->data = data;
	r->work.data = r;
	int rc = uv_queue_work(loop, &r->work, read_work, read_done);
	if (rc) {
		free(r->path);
		free(r);
	}
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void fsio_list_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int fsio_list(uv_loop_t *loop, const char *dir, const char *suffix,
    char ***out, size_t *n)
{
	uv_fs_t req;
	uv_dirent_t ent;
	char **v = NULL;
	size_t cnt = 0, cap = 0, sl = strlen(suffix);
	int rc = uv_fs_scandir(loop, &req, dir, 0, NULL);
	*out = NULL;
	*n = 0;
	if (rc < 0) {
		uv_fs_req_cleanup(&req);
		return rc;
	}
	rc = 0;
	while (uv_fs_scandir_next(&req, &ent) != UV_EOF) {
		size_t l = strlen(ent.name);
		if (ent.name[0] == '.' || l <= sl || strcmp(ent.name + l - sl, suffix))
			continue;
		if (ent.type != UV_DIRENT_FILE && ent.type != UV_DIRENT_UNKNOWN &&
		    ent.type != UV_DIRENT_LINK)
			continue;
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			char **nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				rc = MERIT_ENOMEM;
				break;
			}
			v = nv;
		}
		size_t dl = strlen(dir);
		int slash = dl && dir[dl - 1] != '/';
		if (!(v[cnt] = malloc(dl + l + 2))) {
			rc = MERIT_ENOMEM;
			break;
		}
		memcpy(v[cnt], dir, dl);
		if (slash)
			v[cnt][dl++] = '/';
		memcpy(v[cnt] + dl, ent.name, l + 1);
		cnt++;
	}
	uv_fs_req_cleanup(&req);
	if (rc) {
		fsio_list_free(v, cnt);
		return rc;
	}
	if (cnt)
		qsort(v, cnt, sizeof(*v), cmp_str);
	*out = v;
	*n = cnt;
	return 0;
}

int fsio_is_dir(uv_loop_t *loop, const char *path)
{
	uv_fs_t req;
	int rc = uv_fs_stat(loop, &req, path, NULL);
	if (rc == 0)
		rc = (req.statbuf.st_mode & S_IFMT) == S_IFDIR;
	uv_fs_req_cleanup(&req);
	return rc;
}
