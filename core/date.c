#include <stdio.h>
#include <time.h>
#include "date.h"

/* Days from civil and back: count 400-year eras from 0000-03-01, so the
 * leap day falls at the end of each counted year. */
long date_make(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_split(long day, int *y, int *m, int *d)
{
	day += 719468;
	long era = (day >= 0 ? day : day - 146096) / 146097;
	long doe = day - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int month_days(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : n[m - 1];
}

int date_parse(const char *s, long *day)
{
	int y, m, d, len = 0;
	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &len) != 3 ||
	    len != 10 || s[len] || s[4] != '-' || s[7] != '-' || y < 1900 ||
	    y > 2999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*day = date_make(y, m, d);
	return 0;
}

char *date_format(long day, char *buf)
{
	int y, m, d;
	date_split(day, &y, &m, &d);
	snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
	return buf;
}

long date_add_months(long day, int months)
{
	int y, m, d;
	date_split(day, &y, &m, &d);
	long t = (long)y * 12 + (m - 1) + months;
	y = (int)(t >= 0 ? t / 12 : (t - 11) / 12);
	m = (int)(t - (long)y * 12) + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return date_make(y, m, d);
}

long date_today(void)
{
	return (long)(time(NULL) / 86400);
}

long date_quarter_start(long day)
{
	int y, m, d;
	date_split(day, &y, &m, &d);
	return date_make(y, (m - 1) / 3 * 3 + 1, 1);
}

char *date_quarter_name(long day, char *buf)
{
	int y, m, d;
	date_split(day, &y, &m, &d);
	y %= 10000;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = 'Q';
	buf[6] = (char)('1' + (m - 1) / 3);
	buf[7] = '\0';
	return buf;
}
