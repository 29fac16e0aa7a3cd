#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ident.h"

/* Decode the UTF-8 sequence at s (n bytes left): its length, the code
 * point in *cp; 0 when the bytes are not well-formed UTF-8. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], min;
	size_t k;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		k = 1, min = 0x80;
	else if ((c & 0xF0) == 0xE0)
		k = 2, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 3, min = 0x10000;
	else
		return 0;
	if (n <= k)
		return 0;
	unsigned v = c & (0x3Fu >> k);
	for (size_t j = 1; j <= k; j++) {
		if ((s[j] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[j] & 0x3F);
	}
	/* overlong forms and UTF-16 surrogates are not UTF-8 */
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return k + 1;
}

size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0, k;
	unsigned cp;
	while (i < n && (k = utf8_decode(s + i, n - i, &cp)))
		i += k;
	return i;
}

static int is_control(unsigned cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

/* Characters that reorder what follows them on screen: an id holding one
 * can show as another. */
static int is_bidi_format(unsigned cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

const char *ident_problem(const char *s, size_t n, size_t *at)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;
	unsigned cp;
	*at = 0;
	if (!n)
		return "is empty";
	while (i < n) {
		*at = i;
		if (!(k = utf8_decode(u + i, n - i, &cp)))
			return "is not UTF-8";
		if (is_control(cp))
			return "holds a control character";
		if (is_bidi_format(cp))
			return "holds a bidirectional formatting character";
		i += k;
	}
	return NULL;
}

const char *token_problem(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (!n)
		return "is empty";
	if (n > max)
		return "is too long";
	if (!((s[0] >= '0' && s[0] <= '9') || (s[0] >= 'A' && s[0] <= 'Z') ||
	    (s[0] >= 'a' && s[0] <= 'z')))
		return "must start with a letter or digit";
	if (strspn(s, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz._-") != n)
		return "may hold only letters and digits of ASCII, '.', '_' "
		    "and '-'";
	if (strstr(s, ".."))
		return "must not hold \"..\"";
	return NULL;
}

const char *period_problem(const char *s)
{
	return token_problem(s, IDENT_PERIOD_MAX);
}

char *text_escape(const char *s)
{
	return text_escape_n(s, strlen(s), 0);
}

char *text_escape_n(const char *s, size_t n, int keep_lines)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k, o = 0;
	/* at worst every byte becomes \xHH, every bidi character \uHHHH */
	char *out = malloc(4 * n + 1);
	unsigned cp;
	if (!out)
		return NULL;
	while (i < n) {
		k = utf8_decode(u + i, n - i, &cp);
		if (!k) {
			o += (size_t)sprintf(out + o, "\\x%02x", u[i]);
			i++;
		} else if (keep_lines && (cp == '\n' || cp == '\t')) {
			out[o++] = (char)cp;
			i++;
		} else if (cp == '\n' || cp == '\t' || cp == '\r') {
			out[o++] = '\\';
			out[o++] = cp == '\n' ? 'n' : cp == '\t' ? 't' : 'r';
			i += k;
		} else if (is_control(cp)) {
			o += (size_t)sprintf(out + o, "\\x%02x", cp);
			i += k;
		} else if (is_bidi_format(cp)) {
			o += (size_t)sprintf(out + o, "\\u%04x", cp);
			i += k;
		} else {
			memcpy(out + o, s + i, k);
			o += k;
			i += k;
		}
	}
	out[o] = '\0';
	return out;
}

size_t utf8_incomplete_tail(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t back = 1; back <= 3 && back <= n; back++) {
		unsigned c = u[n - back];
		if ((c & 0xC0) == 0x80)
			continue; /* a continuation byte: look further back */
		size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		return need > back ? back : 0;
	}
	return 0;
}
