/*
 * fuzz_csv.c - the CSV reader: a contacts file and an optional actors file
 * read by sn_ingest (input layout and flags: fuzz_ingest.h).
 */
#include "fuzz_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sn_init();
    return fuzz_ingest_run(data, size, ".csv");
}
