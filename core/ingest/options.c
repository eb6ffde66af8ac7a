/* options.c - the readers' options, by key (samnett/option.h). */
#include <stddef.h>

#include "samnett/ingest.h"

const sn_opt sn_ingest_options[] = {
    {"max_field", NULL, SN_OPT_WHOLE, 0, NULL, 16, SN_OPT_UNBOUNDED, "bytes >= 16",
     "longest accepted field in bytes (default 65536)", NULL, sn_opt_to_size,
     offsetof(sn_ingest_opts, max_field)},
    {"max_line", NULL, SN_OPT_WHOLE, 0, NULL, 16, SN_OPT_UNBOUNDED, "bytes >= 16",
     "longest accepted line (record) in bytes (default 1 MiB)", NULL, sn_opt_to_size,
     offsetof(sn_ingest_opts, max_line)},
};
const size_t sn_ingest_n_options = sizeof sn_ingest_options / sizeof *sn_ingest_options;

sn_status sn_ingest_opts_set(sn_ingest_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_ingest_options, sn_ingest_n_options, o, key, value, NULL, err);
}
