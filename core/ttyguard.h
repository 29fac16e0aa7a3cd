/* Standard output on a terminal shows register data (ids, titles,
 * positions) that an older version, or sqlite3, may have let hold control
 * characters: escape sequences in them would rewrite the screen. */
#ifndef MERIT_TTYGUARD_H
#define MERIT_TTYGUARD_H

/* When standard output is a terminal, route it through a filter that
 * shows control characters, bidirectional formatting characters and
 * bytes that are not UTF-8 as escapes (\x1b), keeping line feeds and
 * tabs. Otherwise (a file, a pipe) nothing changes. */
void ttyguard_stdout(void);

#endif
