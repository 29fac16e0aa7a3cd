/* Calendar dates as day numbers (days since 1970-01-01, proleptic
 * Gregorian), so windows, deadlines and quarters are integer arithmetic. */
#ifndef MERIT_DATE_H
#define MERIT_DATE_H

/* "YYYY-MM-DD" -> day number; 0 on success, -1 if s is not a real date. */
int date_parse(const char *s, long *day);
/* day number -> "YYYY-MM-DD" in buf (at least 11 bytes); returns buf. */
char *date_format(long day, char *buf);
void date_split(long day, int *y, int *m, int *d);
long date_make(int y, int m, int d);
/* Add months (may be negative); the day is clamped to the month's end,
 * so 2024-01-31 + 1 month is 2024-02-29. */
long date_add_months(long day, int months);
/* Today in UTC. */
long date_today(void);
/* The first day of the quarter holding day, and of the next quarter. */
long date_quarter_start(long day);
/* "2026-Q3" for the quarter holding day; buf at least 8 bytes. */
char *date_quarter_name(long day, char *buf);

#endif
