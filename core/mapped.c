#include <link.h>
#include <stdint.h>
#include <string.h>
#include "mapped.h"

struct probe {
	uintptr_t addr;
	int code;
	size_t room; /* bytes from addr to the end of its segment */
	int found;
};

static int probe_object(struct dl_phdr_info *info, size_t size, void *data)
{
	struct probe *pr = data;
	(void)size;
	for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_R))
			continue;
		if (pr->code && !(ph->p_flags & PF_X))
			continue;
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
		uintptr_t hi = lo + ph->p_memsz;
		if (pr->addr >= lo && pr->addr < hi) {
			pr->room = hi - pr->addr;
			pr->found = 1;
			return 1; /* segments do not overlap: stop here */
		}
	}
	return 0;
}

/* Fills pr->room, the readable bytes from addr on; 0 when unmapped. */
static int probe(struct probe *pr)
{
	pr->found = 0;
	pr->room = 0;
	if (!pr->addr)
		return 0;
	dl_iterate_phdr(probe_object, pr);
	return pr->found;
}

int mapped_range(const void *p, size_t len, int code)
{
	struct probe pr = { .addr = (uintptr_t)p, .code = code };
	return probe(&pr) && pr.room >= len;
}

long mapped_string(const char *s, size_t max)
{
	struct probe pr = { .addr = (uintptr_t)s };
	if (!probe(&pr))
		return -1;
	size_t n = pr.room < max ? pr.room : max;
	const char *nul = memchr(s, '\0', n);
	return nul ? (long)(nul - s) : -1;
}

int mapped_code(void (*fn)(void))
{
	const void *p;
	/* POSIX (dlsym) makes function and object pointers interchangeable */
	memcpy(&p, &fn, sizeof(p));
	return mapped_range(p, 1, 1);
}
