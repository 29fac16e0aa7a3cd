/* merit — error codes shared by the core and its plugins.
 *
 * Functions return 0 on success and a negative code on failure. merit's own
 * codes live below MERIT_ERRBASE so that a negative errno (or a libuv error,
 * which is one) can be passed through unchanged; merit_strerror() names both.
 */
#ifndef MERIT_ERROR_H
#define MERIT_ERROR_H

#define MERIT_ERRBASE    (-1000)
#define MERIT_ENOMEM     (-1001) /* out of memory */
#define MERIT_EINVAL     (-1002) /* invalid argument (a bug in the caller) */
#define MERIT_EIO        (-1003) /* reading or writing a file failed */
#define MERIT_EINPUT     (-1004) /* input data is malformed or incomplete */
#define MERIT_EMODEL     (-1005) /* the Lua model did not validate */
#define MERIT_EPLUGIN    (-1006) /* a plugin was refused or failed */
#define MERIT_ESCRIPT    (-1007) /* a Lua script failed or was stopped */
#define MERIT_EABI       (-1008) /* plugin ABI mismatch */
#define MERIT_ENOENT     (-1009) /* no such thing (file, id, plugin) */
#define MERIT_EDB        (-1010) /* the register (SQLite) failed */
#define MERIT_ECANCELED  (-1011) /* interrupted by a signal */
#define MERIT_ENOTAPPLIC (-1012) /* not applicable to this person */
#define MERIT_ERRLAST    (-1013)

#ifdef __cplusplus
extern "C" {
#endif

/* A short English description of err; never NULL. In the core; plugins
 * reach the same function as host->strerror. */
const char *merit_strerror(int err);

#ifdef __cplusplus
}
#endif
#endif
