/* merit — everything a plugin author includes. */
#ifndef MERIT_MERIT_H
#define MERIT_MERIT_H

#include "error.h"
#include "value.h"
#include "model.h"
#include "result.h"
#include "host.h"
#include "plugin.h"

#endif
