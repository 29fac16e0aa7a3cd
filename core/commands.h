/* The commands of merit(1); each returns the exit status. */
#ifndef MERIT_COMMANDS_H
#define MERIT_COMMANDS_H

int cmd_check(int argc, char **argv);
int cmd_assess(int argc, char **argv);
int cmd_items(int argc, char **argv);
int cmd_plugins(int argc, char **argv);
int cmd_explain(int argc, char **argv);

/* Shared option parsing helpers. */
int parse_size_mib(const char *arg, size_t *out);
int parse_count(const char *arg, unsigned long long *out);

#endif
