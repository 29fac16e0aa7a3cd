#include "merit/error.h"
#include "watchdog.h"

static void watch(void *arg)
{
	struct watchdog *w = arg;
	uv_mutex_lock(&w->lock);
	while (!w->stopping) {
		if (!w->deadline) {
			uv_cond_wait(&w->wake, &w->lock);
			continue;
		}
		uint64_t now = uv_hrtime();
		if (now >= w->deadline) {
			atomic_store(&w->expired, 1);
			w->deadline = 0;
			continue;
		}
		/* a timeout or a wake-up: either way, look again */
		(void)uv_cond_timedwait(&w->wake, &w->lock, w->deadline - now);
	}
	uv_mutex_unlock(&w->lock);
}

int watchdog_start(struct watchdog *w)
{
	w->deadline = 0;
	w->stopping = 0;
	atomic_init(&w->expired, 0);
	if (uv_mutex_init(&w->lock))
		return MERIT_ENOMEM;
	if (uv_cond_init(&w->wake)) {
		uv_mutex_destroy(&w->lock);
		return MERIT_ENOMEM;
	}
	if (uv_thread_create(&w->thread, watch, w)) {
		uv_cond_destroy(&w->wake);
		uv_mutex_destroy(&w->lock);
		return MERIT_ENOMEM;
	}
	return 0;
}

void watchdog_stop(struct watchdog *w)
{
	uv_mutex_lock(&w->lock);
	w->stopping = 1;
	uv_cond_signal(&w->wake);
	uv_mutex_unlock(&w->lock);
	uv_thread_join(&w->thread);
	uv_cond_destroy(&w->wake);
	uv_mutex_destroy(&w->lock);
}

void watchdog_arm(struct watchdog *w, uint64_t ms)
{
	uv_mutex_lock(&w->lock);
	atomic_store(&w->expired, 0);
	w->deadline = uv_hrtime() + ms * 1000000u;
	uv_cond_signal(&w->wake);
	uv_mutex_unlock(&w->lock);
}

void watchdog_disarm(struct watchdog *w)
{
	uv_mutex_lock(&w->lock);
	w->deadline = 0;
	uv_mutex_unlock(&w->lock);
}
