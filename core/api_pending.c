/* Routes whose handlers are not built in yet answer 501, so the table,
 * the access checks and the documentation can be tested whole. */
#include "api.h"

#define PENDING(fn)                                                     \
	void fn(struct api_req *q, struct api_resp *r)                  \
	{                                                               \
		api_error(r, 501, "%s %s is not available in this build", \
		    q->method, q->route);                               \
	}

PENDING(api_recommendations_get)
PENDING(api_plan_get)
PENDING(api_plan_post)
PENDING(api_plan_approve)
PENDING(api_plan_reject)
PENDING(api_person_compliance)
PENDING(api_compliance_get)
PENDING(api_forecast_get)
PENDING(api_pool_get)
