/* TAP: what core/ident.c takes as an identifier, a period and a file-name
 * token, and how it escapes text for a terminal, holding back a UTF-8
 * sequence split between two writes (the terminal filter's case). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/ident.h"

static int n_test, failed;

static void ok(int cond, const char *what)
{
	n_test++;
	if (!cond)
		failed = 1;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, what);
}

static int ident_ok(const char *s)
{
	size_t at;
	return !ident_problem(s, strlen(s), &at);
}

static int escapes_to(const char *in, int keep_lines, const char *want)
{
	char *got = text_escape_n(in, strlen(in), keep_lines);
	int same = got && !strcmp(got, want);
	if (!same)
		printf("# got '%s', want '%s'\n", got ? got : "(null)", want);
	free(got);
	return same;
}

int main(void)
{
	size_t at = 0;
	printf("1..11\n");
	ok(ident_ok("KZ-0001") && ident_ok("Әлібек") && ident_ok("bo‘lim"),
	    "ids in ASCII, Kazakh and Uzbek are taken");
	ok(ident_problem("KZ\x1b[2J", 6, &at) && at == 2,
	    "ESC is refused, at its byte");
	ok(!ident_ok("a\nb") && !ident_ok("a\tb") && !ident_ok("a\x7f"),
	    "line feed, tab and DEL are refused");
	ok(!ident_ok("a\xc2\x85") && !ident_ok("a\xc2\x9b"),
	    "C1 controls (NEL, CSI) are refused");
	ok(!ident_ok("a\xe2\x80\xae") && !ident_ok("\xe2\x81\xa6x"),
	    "bidirectional overrides and isolates are refused");
	ok(!ident_ok("a\xff") && !ident_ok("\xc0\xaf") && !ident_ok("\xed\xa0\x80")
	    && !ident_ok(""), "invalid UTF-8, overlong forms, surrogates and "
	    "the empty id are refused");
	ok(!period_problem("2025") && !period_problem("2025-H1") &&
	    !period_problem("2025.q3_b"), "periods 2025, 2025-H1, 2025.q3_b");
	ok(period_problem("../x") && period_problem("2025/../x") &&
	    period_problem("2025..") && period_problem(".2025") &&
	    period_problem("-2025") && period_problem("2025/x") &&
	    period_problem("a b") && period_problem(""),
	    "periods with .., /, a leading dot or dash, a space, or empty are "
	    "refused");
	ok(!period_problem("12345678901234567890123456789012") &&
	    period_problem("123456789012345678901234567890123"),
	    "a period of 32 bytes is taken, 33 refused");
	ok(escapes_to("KZ\x1b[2J\n\xe2\x80\xae\xc2\x85\xff", 0,
	    "KZ\\x1b[2J\\n\\u202e\\x85\\xff") && escapes_to("é\tz\n", 1, "é\tz\n"),
	    "escapes: ESC, line feed, U+202E, NEL and a stray byte; lines kept "
	    "when asked");
	ok(utf8_incomplete_tail("ab\xd3", 3) == 1 &&
	    utf8_incomplete_tail("a\xe2\x80", 3) == 2 &&
	    utf8_incomplete_tail("a\xd3\x99", 3) == 0 &&
	    utf8_incomplete_tail("abc", 3) == 0,
	    "an incomplete UTF-8 sequence at the end is held back, a whole one "
	    "is not");
	return failed;
}
