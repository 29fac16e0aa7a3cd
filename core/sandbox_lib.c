#include <math.h>
#include <stdio.h>
#include <string.h>
#include <lauxlib.h>
#include "sandbox_lib.h"

#define MAX_REP (16u << 20) /* largest string string.rep may build */
#define MAX_CALL_STEPS 2e8 /* worst-case steps of one call: about a second */
#define MAX_ELEMENTS (1u << 24) /* table elements one call may go through */
#define BYTES_PER_INSTRUCTION 4 /* string work charged as one instruction */

/* One instruction per table element: a get and a set through the API
 * cost about what a VM instruction does. */
static void charge_elements(lua_State *L, double n, const char *fname)
{
	sandbox_charge(L, n < 1e15 ? (uint64_t)n + 1 : (uint64_t)1e15, fname);
}

static void charge_bytes(lua_State *L, double n, const char *fname)
{
	charge_elements(L, n / BYTES_PER_INSTRUCTION, fname);
}

/* An optional integer argument; 0 when it is neither absent nor an
 * integer, and then the original function raises its own error. */
static int opt_integer(lua_State *L, int arg, lua_Integer def,
    lua_Integer *out)
{
	int ok = 1;
	*out = lua_isnoneornil(L, arg) ? def : lua_tointegerx(L, arg, &ok);
	return ok;
}

/* How many bytes s:sub(i, j) spans in a string of n bytes, by Lua's
 * rules for negative and out-of-range positions. */
static double slice_len(size_t n, lua_Integer i, lua_Integer j)
{
	lua_Integer len = (lua_Integer)n;
	if (i < 0)
		i = i < -len ? 1 : len + i + 1;
	if (i < 1)
		i = 1;
	if (j < 0)
		j = j < -len ? 0 : len + j + 1;
	if (j > len)
		j = len;
	return j >= i ? (double)j - (double)i + 1 : 0;
}

/* Functions of (s, i, j) that walk s:sub(i, j): string.sub and utf8.len
 * (j defaults to -1) go through its bytes; string.byte and
 * utf8.codepoint (j defaults to i) return a value per position. */
enum slice_work { SLICE_BYTES, SLICE_VALUES };

static int charge_slice(lua_State *L, enum slice_work work, const char *fname)
{
	size_t n;
	lua_Integer i, j;
	luaL_checklstring(L, 1, &n);
	if (opt_integer(L, 2, 1, &i) &&
	    opt_integer(L, 3, work == SLICE_BYTES ? -1 : i, &j)) {
		if (work == SLICE_BYTES)
			charge_bytes(L, slice_len(n, i, j), fname);
		else
			charge_elements(L, slice_len(n, i, j), fname);
	}
	return sandbox_call_original(L);
}

/* -- strings ----------------------------------------------------------- */

static int safe_rep(lua_State *L)
{
	size_t l, lsep = 0;
	luaL_checklstring(L, 1, &l);
	lua_Integer n = luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &lsep);
	double bytes = n > 0 ? (double)(l + lsep) * (double)n : 0;
	char msg[160]; /* luaL_error knows no %.0f */
	if (bytes > (double)MAX_REP) {
		snprintf(msg, sizeof(msg), "string.rep would build %.0f bytes, "
		    "over the %u MiB limit of model scripts", bytes, MAX_REP >> 20);
		return luaL_error(L, "%s", msg);
	}
	/* an empty string is copied n times all the same */
	if (n > (lua_Integer)MAX_REP) {
		snprintf(msg, sizeof(msg), "string.rep would repeat %lld times, "
		    "over the limit of %u of model scripts", (long long)n, MAX_REP);
		return luaL_error(L, "%s", msg);
	}
	charge_bytes(L, bytes + (n > 0 ? (double)n : 0), "string.rep");
	return sandbox_call_original(L);
}

/* Index of the ']' closing the set that opens at p[i] (or pl). As in
 * Lua, a ']' first in the set, after an optional '^', is a member. */
static size_t set_end(const char *p, size_t pl, size_t i)
{
	i++;
	if (i < pl && p[i] == '^')
		i++;
	if (i < pl && p[i] == ']')
		i++;
	while (i < pl && p[i] != ']')
		i += p[i] == '%' ? 2 : 1;
	return i;
}

/* The items after which Lua's backtracking matcher may try every
 * position of the rest of the subject: repetitions (- * + ?), balances
 * (%b, which scan to the end) and back-references (%1-%9, which compare
 * a whole capture). Counting a character Lua reads literally is safe. */
static void count_items(const char *p, size_t pl, int *reps, int *others)
{
	*reps = *others = 0;
	for (size_t i = 0; i < pl; i++) {
		if (p[i] == '%' && i + 1 < pl) {
			char c = p[++i];
			if (c == 'b') {
				++*others;
				i += 2; /* its two delimiters */
			} else if (c >= '1' && c <= '9') {
				++*others;
			}
		} else if (p[i] == '[') {
			i = set_end(p, pl, i);
		} else if (strchr("-*+?", p[i])) {
			++*reps;
		}
	}
}

/* Bound a pattern call (string.find, match, gmatch, gsub) by its worst
 * case: every start position (one if anchored) times the pattern's
 * length times the subject's length for each backtracking item. A plain
 * search is the first two factors. Refuse past MAX_CALL_STEPS; charge the
 * bytes it reads, which is what the call costs when nothing backtracks. */
static void pattern_guard(lua_State *L, const char *fname, int anchors,
    int plain_arg)
{
	size_t n, pl;
	luaL_checklstring(L, 1, &n);
	const char *p = luaL_checklstring(L, 2, &pl);
	int plain = plain_arg && lua_toboolean(L, plain_arg);
	int reps = 0, others = 0;
	if (!plain)
		count_items(p, pl, &reps, &others);
	int anchored = !plain && anchors && pl && p[0] == '^';
	double steps = (anchored ? 1 : (double)n + 1) * ((double)pl + 1) *
	    pow((double)n + 1, reps + others);
	if (steps > MAX_CALL_STEPS) {
		char msg[320];
		if (reps + others == 0)
			snprintf(msg, sizeof(msg), "%s: search too costly for a model "
			    "script (subject of %zu bytes, looking for %zu bytes): "
			    "shorten the subject or what is looked for", fname, n, pl);
		else if (!others)
			snprintf(msg, sizeof(msg), "pattern too costly for a model "
			    "script (subject of %zu bytes, %d repetition operators): "
			    "shorten the subject, simplify the pattern, or search "
			    "plainly", n, reps);
		else
			snprintf(msg, sizeof(msg), "pattern too costly for a model "
			    "script (subject of %zu bytes, %d repetition operators "
			    "and %d balances (%%b) or back-references): shorten the "
			    "subject, simplify the pattern, or search plainly", n,
			    reps, others);
		luaL_error(L, "%s", msg);
	}
	/* matching takes a few nanoseconds a byte, as an instruction does */
	charge_elements(L, (double)n + (double)pl, fname);
}

static int safe_find(lua_State *L)
{
	pattern_guard(L, "string.find", 1, 4);
	return sandbox_call_original(L);
}

static int safe_match(lua_State *L)
{
	pattern_guard(L, "string.match", 1, 0);
	return sandbox_call_original(L);
}

/* gmatch reads a leading '^' as a plain character, not an anchor */
static int safe_gmatch(lua_State *L)
{
	pattern_guard(L, "string.gmatch", 0, 0);
	return sandbox_call_original(L);
}

static int safe_gsub(lua_State *L)
{
	pattern_guard(L, "string.gsub", 1, 0);
	if (lua_type(L, 3) == LUA_TSTRING)
		charge_bytes(L, (double)lua_rawlen(L, 3), "string.gsub");
	return sandbox_call_original(L);
}

static int safe_sub(lua_State *L)
{
	return charge_slice(L, SLICE_BYTES, "string.sub");
}

static int safe_byte(lua_State *L)
{
	return charge_slice(L, SLICE_VALUES, "string.byte");
}

/* string.upper, lower (a C library call a byte), reverse (a copy): the
 * whole string */
static int charge_whole(lua_State *L, const char *fname, int per_byte)
{
	size_t n;
	luaL_checklstring(L, 1, &n);
	if (per_byte)
		charge_elements(L, (double)n, fname);
	else
		charge_bytes(L, (double)n, fname);
	return sandbox_call_original(L);
}

static int safe_upper(lua_State *L)
{
	return charge_whole(L, "string.upper", 1);
}

static int safe_lower(lua_State *L)
{
	return charge_whole(L, "string.lower", 1);
}

static int safe_reverse(lua_State *L)
{
	return charge_whole(L, "string.reverse", 0);
}

/* string.char, utf8.char, table.pack: one element per argument */
static int charge_args(lua_State *L, const char *fname)
{
	charge_elements(L, lua_gettop(L), fname);
	return sandbox_call_original(L);
}

static int safe_char(lua_State *L)
{
	return charge_args(L, "string.char");
}

/* The format and the strings it copies; a width or precision is at most
 * two digits in Lua, so a number adds little. */
static int safe_format(lua_State *L)
{
	double bytes = 0;
	for (int i = 1; i <= lua_gettop(L); i++)
		bytes += lua_type(L, i) == LUA_TSTRING ?
		    (double)lua_rawlen(L, i) : 32;
	charge_bytes(L, bytes, "string.format");
	return sandbox_call_original(L);
}

const struct sandbox_wrap sandbox_string_wraps[] = {
	{ "rep", safe_rep }, { "find", safe_find }, { "match", safe_match },
	{ "gmatch", safe_gmatch }, { "gsub", safe_gsub }, { "sub", safe_sub },
	{ "byte", safe_byte }, { "upper", safe_upper }, { "lower", safe_lower },
	{ "reverse", safe_reverse }, { "char", safe_char },
	{ "format", safe_format }, { NULL, NULL }
};

/* -- utf8 -------------------------------------------------------------- */

static int safe_utf8_len(lua_State *L)
{
	return charge_slice(L, SLICE_BYTES, "utf8.len");
}

static int safe_codepoint(lua_State *L)
{
	return charge_slice(L, SLICE_VALUES, "utf8.codepoint");
}

static int safe_offset(lua_State *L)
{
	size_t n;
	luaL_checklstring(L, 1, &n);
	charge_bytes(L, (double)n, "utf8.offset");
	return sandbox_call_original(L);
}

static int safe_utf8_char(lua_State *L)
{
	return charge_args(L, "utf8.char");
}

const struct sandbox_wrap sandbox_utf8_wraps[] = {
	{ "len", safe_utf8_len }, { "codepoint", safe_codepoint },
	{ "offset", safe_offset }, { "char", safe_utf8_char }, { NULL, NULL }
};

/* -- tables ------------------------------------------------------------ */

/* #t as the table library reads it, __len included; 0 when t is not a
 * table or its length not an integer (the original then says so). */
static int table_len(lua_State *L, lua_Integer *n)
{
	int ok = 0;
	if (lua_type(L, 1) != LUA_TTABLE)
		return 0;
	lua_len(L, 1);
	*n = lua_tointegerx(L, -1, &ok);
	lua_pop(L, 1);
	return ok;
}

/* Refuse a call that would go through more than MAX_ELEMENTS elements
 * (a range typed wrong, or a __len that lies); charge the rest. */
static void bound_elements(lua_State *L, const char *fname, double count,
    double charge)
{
	if (count > MAX_ELEMENTS) {
		char msg[320];
		snprintf(msg, sizeof(msg), "%s would go through %.0f elements, "
		    "over the limit of %u for one call in a model script (a wrong "
		    "range, or a length (__len) too large?)", fname, count,
		    MAX_ELEMENTS);
		luaL_error(L, "%s", msg);
	}
	charge_elements(L, charge, fname);
}

/* elements from i to j, none when j < i */
static double span(lua_Integer i, lua_Integer j)
{
	return j >= i ? (double)j - (double)i + 1 : 0;
}

static int safe_move(lua_State *L)
{
	lua_Integer f, e;
	if (opt_integer(L, 2, 0, &f) && opt_integer(L, 3, 0, &e))
		bound_elements(L, "table.move", span(f, e), span(f, e));
	return sandbox_call_original(L);
}

/* table.concat and table.unpack: from i (1) to j (#t), given as
 * arguments first and first + 1 */
static int bound_range(lua_State *L, const char *fname, int first)
{
	lua_Integer i, j;
	int ok = opt_integer(L, first, 1, &i) && (lua_isnoneornil(L, first + 1) ?
	    table_len(L, &j) : opt_integer(L, first + 1, 0, &j));
	if (ok)
		bound_elements(L, fname, span(i, j), span(i, j));
	return sandbox_call_original(L);
}

static int safe_concat(lua_State *L)
{
	return bound_range(L, "table.concat", 3);
}

static int safe_unpack(lua_State *L)
{
	return bound_range(L, "table.unpack", 2);
}

/* table.insert(t, pos, v) shifts the elements from pos to #t up */
static int safe_insert(lua_State *L)
{
	lua_Integer n, pos;
	if (lua_gettop(L) == 3 && table_len(L, &n) &&
	    opt_integer(L, 2, 0, &pos))
		bound_elements(L, "table.insert", span(pos, n) + 1,
		    span(pos, n) + 1);
	return sandbox_call_original(L);
}

/* table.remove(t, pos) shifts the elements after pos down */
static int safe_remove(lua_State *L)
{
	lua_Integer n, pos;
	if (table_len(L, &n) && opt_integer(L, 2, n, &pos))
		bound_elements(L, "table.remove", span(pos, n), span(pos, n));
	return sandbox_call_original(L);
}

/* n log n comparisons; a comparator's own instructions are counted as
 * it runs */
static int safe_sort(lua_State *L)
{
	lua_Integer n;
	if (table_len(L, &n) && n > 1)
		bound_elements(L, "table.sort", (double)n,
		    (double)n * log2((double)n));
	return sandbox_call_original(L);
}

static int safe_pack(lua_State *L)
{
	return charge_args(L, "table.pack");
}

const struct sandbox_wrap sandbox_table_wraps[] = {
	{ "move", safe_move }, { "concat", safe_concat },
	{ "unpack", safe_unpack }, { "insert", safe_insert },
	{ "remove", safe_remove }, { "sort", safe_sort }, { "pack", safe_pack },
	{ NULL, NULL }
};
