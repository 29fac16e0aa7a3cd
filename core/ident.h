/* What identifiers, periods and file-name parts taken from input may
 * hold, and input text made safe to print. Ids reach tables on a
 * terminal, log lines and file names: a control character could rewrite
 * the screen or forge a line, a slash or ".." could leave a folder. */
#ifndef MERIT_IDENT_H
#define MERIT_IDENT_H

#include <stddef.h>

#define IDENT_PERIOD_MAX 32 /* bytes in a period */
#define IDENT_TOKEN_MAX 64 /* bytes in an agency id or other file-name part */

/* Offset of the first byte of s[0..n) that is not well-formed UTF-8, or
 * n when all are. */
size_t utf8_valid_prefix(const unsigned char *s, size_t n);

/* NULL when s (n bytes) is an identifier: non-empty UTF-8 without a
 * control character (C0, DEL, C1) or a bidirectional formatting
 * character; else why not, in words, with the byte offset in *at. */
const char *ident_problem(const char *s, size_t n, size_t *at);

/* NULL when s is a file-name token of at most `max` bytes: letters and
 * digits of ASCII, '.', '_' and '-', starting with a letter or digit, and
 * no ".."; else why not. Periods are tokens of IDENT_PERIOD_MAX. */
const char *token_problem(const char *s, size_t max);
const char *period_problem(const char *s);

/* A copy of s with every control character, bidirectional formatting
 * character and byte that is not UTF-8 written as an escape (\n, \x1b,
 * \u202e); malloc'd, NULL when out of memory. */
char *text_escape(const char *s);
/* The same for n bytes (which may hold NUL); with keep_lines, line feeds
 * and tabs stay as they are, for text laid out in lines. */
char *text_escape_n(const char *s, size_t n, int keep_lines);
/* How many bytes at the end of s[0..n) begin a UTF-8 sequence that the
 * next bytes may complete (0 to 3). */
size_t utf8_incomplete_tail(const char *s, size_t n);

#endif
