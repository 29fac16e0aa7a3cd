#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "merit/error.h"
#include "trusted.h"

static const char *user_name(uid_t uid, char *buf, size_t len)
{
	const struct passwd *pw = getpwuid(uid);
	if (pw)
		snprintf(buf, len, "%s (uid %u)", pw->pw_name, (unsigned)uid);
	else
		snprintf(buf, len, "uid %u", (unsigned)uid);
	return buf;
}

/* Root and merit itself may own what it runs; anyone else could swap it. */
static int owner_trusted(const struct stat *st)
{
	return st->st_uid == 0 || st->st_uid == geteuid();
}

static int refuse_owner(const char *what, const char *path,
    const struct stat *st, char *why, size_t whylen)
{
	char owner[96], self[112] = "root", chown_to[64] = "root";
	const struct passwd *me = getpwuid(geteuid());
	/* copied: getpwuid() reuses its storage */
	if (geteuid() != 0 && me)
		snprintf(chown_to, sizeof(chown_to), "%s", me->pw_name);
	if (geteuid() != 0) {
		memcpy(self, "root or by ", 12);
		user_name(geteuid(), self + 11, sizeof(self) - 11);
	}
	snprintf(why, whylen, "%s %s is owned by %s, not by %s, who runs "
	    "merit: whoever owns it can change the code merit runs; fix with: "
	    "chown %s %s", what, path,
	    user_name(st->st_uid, owner, sizeof(owner)), self, chown_to, path);
	return MERIT_EPLUGIN;
}

static int check_file(const char *shown, const struct stat *st, char *why,
    size_t whylen)
{
	if (!S_ISREG(st->st_mode)) {
		snprintf(why, whylen, "not a regular file");
		return MERIT_EPLUGIN;
	}
	if (!owner_trusted(st))
		return refuse_owner("file", shown, st, why, whylen);
	/* Anyone who can write the file can run code as merit. */
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, whylen, "file is writable by %s; fix with: chmod "
		    "go-w %s", (st->st_mode & S_IWOTH) ? "others" : "its group",
		    shown);
		return MERIT_EPLUGIN;
	}
	return 0;
}

/* A folder others may write lets them rename the plugin away and put
 * their own in its place, unless it has the sticky bit: then only an
 * entry's owner (or the folder's, or root) may rename or remove it, and
 * the entry below is itself required to be root's or merit's. */
static int check_folder(const char *dir, char *why, size_t whylen)
{
	struct stat st;
	if (stat(dir, &st)) {
		snprintf(why, whylen, "cannot stat its folder %s: %s", dir,
		    strerror(errno));
		return MERIT_EPLUGIN;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, whylen, "%s is not a folder", dir);
		return MERIT_EPLUGIN;
	}
	if (!owner_trusted(&st))
		return refuse_owner("its folder", dir, &st, why, whylen);
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX)) {
		int others = (st.st_mode & S_IWOTH) != 0;
		snprintf(why, whylen, "its folder %s is writable by %s, who could "
		    "replace the plugin; fix with: chmod %s %s (or move the "
		    "plugin)", dir, others ? "others" : "its group",
		    others ? "o-w" : "g-w", dir);
		return MERIT_EPLUGIN;
	}
	return 0;
}

/* Every folder from the file's own up to the root. */
static int check_folders(const char *real, char *why, size_t whylen)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", real);
	for (;;) {
		char *slash = strrchr(dir, '/');
		if (!slash)
			return 0;
		if (slash == dir)
			slash[1] = '\0'; /* the root itself */
		else
			*slash = '\0';
		int rc = check_folder(dir, why, whylen);
		if (rc || !strcmp(dir, "/"))
			return rc;
	}
}

int trusted_file(const char *path, char **real, char *why, size_t whylen)
{
	struct stat st;
	*real = NULL;
	char *r = realpath(path, NULL);
	if (!r) {
		int e = errno;
		if (e == ENOMEM)
			return MERIT_ENOMEM;
		snprintf(why, whylen, "cannot stat: %s", strerror(e));
		return MERIT_ENOENT;
	}
	int rc = 0;
	if (stat(r, &st)) {
		snprintf(why, whylen, "cannot stat: %s", strerror(errno));
		rc = MERIT_ENOENT;
	}
	if (!rc)
		rc = check_file(path, &st, why, whylen);
	if (!rc)
		rc = check_folders(r, why, whylen);
	if (rc) {
		free(r);
		return rc;
	}
	*real = r;
	return 0;
}
