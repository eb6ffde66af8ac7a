/*
 * samnett/tools/lens_tools.h - tools for lens authors, beside the CLI
 * (core/tools, the samnett_tools library; not part of the engine and not
 * installed): `samnett lens new` and `samnett lens test`.
 */
#ifndef SAMNETT_TOOLS_LENS_TOOLS_H
#define SAMNETT_TOOLS_LENS_TOOLS_H

#include <stddef.h>
#include <stdio.h>

#include "samnett/error.h"
#include "samnett/lens.h"

/*
 * Write NAME.lua and NAME_test.lua into dir (a working lens and its test).
 * SN_EUSAGE for a bad name, SN_EIO when a file exists or cannot be written.
 */
sn_status sn_lens_scaffold(const char *name, const char *dir, sn_err *err);

/*
 * Run a lens's test file: `spec` is the lens (NAME or FILE; the test file
 * is NAME_test.lua beside it or in a sibling tests/ folder) or the test file
 * itself. Prints "ok N - case" / "FAIL N - case: why" to out. Sets passed
 * and failed; SN_EUSAGE/SN_EIO when the files cannot be found or read, and
 * SN_EANALYSIS when the test file itself is not valid.
 */
sn_status sn_lens_test(const sn_lens_opts *opts, const char *spec, FILE *out, size_t *passed,
                       size_t *failed, sn_err *err);

#endif
