/* A wall-clock deadline for a run of a Lua sandbox, kept by a thread of
 * its own, so that it passes even while the run blocks the thread (and
 * the event loop) it runs on.
 *
 * The watchdog only raises a flag; the sandbox's count hook, which every
 * coroutine of the state runs every thousand instructions, reads it and
 * stops the script. (Setting a hook from this thread would reach only
 * the main coroutine, not one running at the time, and would walk the
 * state's call list while the script changes it.) A C function that
 * never returns cannot be stopped either way, which is why the sandbox
 * also bounds the library's C functions.
 */
#ifndef MERIT_WATCHDOG_H
#define MERIT_WATCHDOG_H

#include <stdatomic.h>
#include <stdint.h>
#include <uv.h>

struct watchdog {
	uv_thread_t thread;
	uv_mutex_t lock;
	uv_cond_t wake;
	uint64_t deadline; /* uv_hrtime() nanoseconds; 0: not armed */
	int stopping;
	atomic_int expired; /* set by the thread, read by the hook */
};

/* Start the thread; 0 or MERIT_ENOMEM. */
int watchdog_start(struct watchdog *w);
/* Stop and join the thread. */
void watchdog_stop(struct watchdog *w);
/* Arm a deadline `ms` milliseconds from now, clearing `expired`. */
void watchdog_arm(struct watchdog *w, uint64_t ms);
/* Disarm: a deadline passing from now on is not seen. */
void watchdog_disarm(struct watchdog *w);

#endif
