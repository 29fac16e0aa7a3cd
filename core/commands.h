/* The commands of merit(1); each returns the exit status. */
#ifndef MERIT_COMMANDS_H
#define MERIT_COMMANDS_H

#include <stddef.h>
#include <stdint.h>

int cmd_check(int argc, char **argv);
int cmd_assess(int argc, char **argv);
int cmd_adopt(int argc, char **argv);
int cmd_items(int argc, char **argv);
int cmd_raters(int argc, char **argv);
int cmd_fairness(int argc, char **argv);
int cmd_plugins(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_recommend(int argc, char **argv);
int cmd_courses(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_pool(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_compliance(int argc, char **argv);
int cmd_forecast(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_rank(int argc, char **argv);

/* --lua-memory MIB and --lua-instructions N: 0, or -1 after a message. */
int opt_lua_memory(const char *arg, size_t *out);
int opt_lua_instructions(const char *arg, uint64_t *out);

/* --years N and dates (YYYY-MM-DD): 0, or -1 after a message. */
int opt_years(const char *arg, int *out);
int opt_date(const char *opt, const char *arg, long *out);
/* --period P: a period as agency.yaml takes it; 0, or -1 after a
 * message. */
int opt_period(const char *arg);
/* --format table|json: *json set; 0, or -1 after a message. */
int opt_format(const char *arg, int *json);

#endif
