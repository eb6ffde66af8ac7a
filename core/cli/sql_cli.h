/*
 * sql_cli.h - `samnett sql`: the contact -> tie reduce as one SQL query
 * (samnett/output.h, sn_sql_reduce).
 */
#ifndef SAMNETT_CLI_SQL_H
#define SAMNETT_CLI_SQL_H

/* samnett sql --dialect NAME ...; argv[0] is "sql". Returns the exit status. */
int sn_cli_sql(int argc, char **argv);

/* The text of samnett sql --help. */
const char *sn_cli_sql_usage(void);

#endif
