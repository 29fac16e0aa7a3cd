/* merit_strerror: names merit's codes and passes errno/libuv codes on. */
#include <string.h>
#include <uv.h>
#include "merit/error.h"

static const char *const messages[] = {
	[-(MERIT_ENOMEM - MERIT_ERRBASE)] = "out of memory",
	[-(MERIT_EINVAL - MERIT_ERRBASE)] = "invalid argument",
	[-(MERIT_EIO - MERIT_ERRBASE)] = "input/output error",
	[-(MERIT_EINPUT - MERIT_ERRBASE)] = "invalid input data",
	[-(MERIT_EMODEL - MERIT_ERRBASE)] = "the model did not validate",
	[-(MERIT_EPLUGIN - MERIT_ERRBASE)] = "plugin refused or failed",
	[-(MERIT_ESCRIPT - MERIT_ERRBASE)] = "Lua script failed or was stopped",
	[-(MERIT_EABI - MERIT_ERRBASE)] = "plugin ABI mismatch",
	[-(MERIT_ENOENT - MERIT_ERRBASE)] = "not found",
	[-(MERIT_EDB - MERIT_ERRBASE)] = "register (database) error",
	[-(MERIT_ECANCELED - MERIT_ERRBASE)] = "interrupted",
	[-(MERIT_ENOTAPPLIC - MERIT_ERRBASE)] = "not applicable",
};

const char *merit_strerror(int err)
{
	if (err == 0)
		return "success";
	if (err < MERIT_ERRBASE && err > MERIT_ERRLAST)
		return messages[-(err - MERIT_ERRBASE)];
	if (err < 0 && err > MERIT_ERRBASE)
		return uv_strerror(err); /* libuv codes are negated errno */
	return "unknown error";
}
