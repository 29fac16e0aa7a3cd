/* TAP: core/mapped.c tells memory of a loaded object, which the loader
 * may read, from memory it may not (NULL, a small integer, the heap, the
 * stack), and code from data, on pointers whose nature is known. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/mapped.h"

static int n_test, failed;

static void ok(int cond, const char *what)
{
	n_test++;
	if (!cond)
		failed = 1;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, what);
}

static const char greeting[] = "hello";
static const unsigned char table[64] = { 1, 2, 3 };
static char zeroed[32]; /* .bss: mapped, though not in the file */

static int a_function(int x)
{
	return x + 1;
}

int main(void)
{
	printf("1..14\n");
	char *heap = malloc(32);
	char on_stack[16] = "stack";
	int (*fn)(int) = a_function;
	if (!heap)
		return 1;
	strcpy(heap, "heap");

	ok(mapped_range(table, sizeof(table), 0), "static data is readable");
	ok(mapped_range(zeroed, sizeof(zeroed), 0), "zeroed static data is readable");
	ok(!mapped_range(table, sizeof(table), 1), "static data is not code");
	ok(mapped_code((void (*)(void))fn), "a function is code");
	ok(!mapped_range(NULL, 1, 0), "NULL is not mapped");
	ok(!mapped_range((const void *)16, 1, 0), "a small integer is not mapped");
	ok(!mapped_range(heap, 1, 0), "the heap is not a loaded object");
	ok(!mapped_range(on_stack, 1, 0), "the stack is not a loaded object");
	ok(!mapped_range(table, (size_t)1 << 40, 0),
	    "a range longer than its segment is not mapped");
	ok(mapped_string(greeting, 64) == 5, "a static string's length: 5");
	ok(mapped_string(greeting, 5) == -1,
	    "a string not ended within the bound is refused");
	ok(mapped_string(greeting, 6) == 5, "a string ended at the bound is taken");
	ok(mapped_string(heap, 64) == -1, "a string on the heap is refused");
	ok(mapped_string((const char *)16, 64) == -1,
	    "a string at a small integer is refused");
	free(heap);
	return failed;
}
