#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include "merit/error.h"
#include "fsio.h"
#include <unistd.h>

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

/* An asynchronous whole-file read: open, fstat, read until done, close,
 * each step a libuv request whose callback issues the next. */
struct async_read {
	uv_fs_t req;
	uv_loop_t *loop;
	fsio_cb cb;
	void *data;
	uv_file fd;
	int status;
	char *buf;
	size_t size, got;
};

static void ar_deliver(uv_fs_t *req)
{
	struct async_read *r = req->data;
	uv_fs_req_cleanup(req);
	if (r->status) {
		free(r->buf);
		r->buf = NULL;
	} else {
		r->buf[r->got] = '\0';
	}
	r->cb(r->data, r->status, r->buf, r->got);
	free(r);
}

static void ar_close(struct async_read *r, int status)
{
	if (!r->status)
		r->status = status;
	uv_fs_req_cleanup(&r->req);
	if (uv_fs_close(r->loop, &r->req, r->fd, ar_deliver))
		ar_deliver(&r->req); /* could not even queue the close */
}

static void ar_read_cb(uv_fs_t *req);

static void ar_read_next(struct async_read *r)
{
	uv_buf_t ub = uv_buf_init(r->buf + r->got, (unsigned)(r->size - r->got >
	    (1u << 30) ? (1u << 30) : r->size - r->got));
	uv_fs_req_cleanup(&r->req);
	int rc = uv_fs_read(r->loop, &r->req, r->fd, &ub, 1, (int64_t)r->got,
	    ar_read_cb);
	if (rc)
		ar_close(r, rc);
}

static void ar_read_cb(uv_fs_t *req)
{
	struct async_read *r = req->data;
	if (req->result < 0)
		return ar_close(r, (int)req->result);
	r->got += (size_t)req->result;
	if (req->result == 0 || r->got == r->size)
		return ar_close(r, 0); /* a file that shrank: take what is there */
	ar_read_next(r);
}

static void ar_fstat_cb(uv_fs_t *req)
{
	struct async_read *r = req->data;
	if (req->result < 0)
		return ar_close(r, (int)req->result);
	if ((req->statbuf.st_mode & S_IFMT) == S_IFDIR)
		return ar_close(r, UV_EISDIR);
	r->size = (size_t)req->statbuf.st_size;
	if (r->size > FSIO_MAX_FILE)
		return ar_close(r, UV_EFBIG);
	if (!(r->buf = malloc(r->size + 1)))
		return ar_close(r, MERIT_ENOMEM);
	if (!r->size)
		return ar_close(r, 0);
	ar_read_next(r);
}

static void ar_open_cb(uv_fs_t *req)
{
	struct async_read *r = req->data;
	int rc;
	if (req->result < 0) {
		r->status = (int)req->result;
		return ar_deliver(req);
	}
	r->fd = (uv_file)req->result;
	uv_fs_req_cleanup(req);
	if ((rc = uv_fs_fstat(r->loop, req, r->fd, ar_fstat_cb)))
		ar_close(r, rc);
}

int fsio_read_async(uv_loop_t *loop, const char *path, fsio_cb cb, void *data)
{
	struct async_read *r = calloc(1, sizeof(*r));
	if (!r)
		return MERIT_ENOMEM;
	r->loop = loop;
	r->cb = cb;
	r->data = data;
	r->req.data = r;
	int rc = uv_fs_open(loop, &r->req, path, UV_FS_O_RDONLY, 0, ar_open_cb);
	if (rc) {
		uv_fs_req_cleanup(&r->req);
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

int fsio_create_in(const char *dir, const char *name, FILE **out)
{
	*out = NULL;
	if (!*name || strchr(name, '/'))
		return -EINVAL;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0644);
	int err = errno;
	close(dfd);
	if (fd < 0)
		return -err;
	if (!(*out = fdopen(fd, "w"))) {
		err = errno;
		close(fd);
		return -err;
	}
	return 0;
}
