/*
 * header.h - the start of a CSV file, found the same way by every reader,
 * and the columns its header (or a JSONL object's keys) may name (internal
 * to ingest).
 *
 * The serial reader, the parallel reader and the incremental feed all find
 * the header record with sni_head_scan() and the end of later records with
 * sni_csv_records_end(), so they agree on where the header ends and on the
 * line numbers of the rows after it.
 *
 * Line ends: LF, CRLF and a lone CR (as old Mac exports write) each end a
 * line, outside quoted fields. Inside a quoted field CR and LF are content.
 */
#ifndef SN_INGEST_HEADER_H
#define SN_INGEST_HEADER_H

#include <stddef.h>

/* The header record must end within this many bytes of the start of the file. */
#define SNI_HEAD_MAX ((size_t)65536)

typedef struct sni_head {
    size_t start;    /* the header's first byte (after a BOM, blank lines and leading space) */
    size_t text_len; /* the header record's bytes, without its line end */
    size_t end;      /* the first byte after the header's line end: where rows start */
    long line;       /* the header's line */
    long col;        /* characters before start on the header's line */
    long next_line;  /* the line of the byte at end */
    char delim;      /* ',', ';' or TAB, from the header line */
} sni_head;

typedef enum sni_head_status {
    SNI_HEAD_FOUND,   /* *h is set */
    SNI_HEAD_MORE,    /* the header is not complete in data: more bytes are needed */
    SNI_HEAD_EMPTY,   /* at the end of the input there is nothing but white space */
    SNI_HEAD_TOO_LONG /* no header line end within SNI_HEAD_MAX bytes */
} sni_head_status;

/*
 * Find the header in the first bytes of a file, data[0..len). `eof` says the
 * input ends there (then the header may end without a line end).
 */
sni_head_status sni_head_scan(const char *data, size_t len, int eof, sni_head *h);

/*
 * The length of the complete CSV records at the start of data[0..len), which
 * must begin at a record boundary (0 = none). With `first`, only the first
 * record. A CR at the very end is not a record end yet (its LF may follow).
 * A record longer than max_line bytes (0 = no limit; its line end not
 * counted) ends at the first LF after that, even inside quotes, as in the
 * tokenizer (which rejects it).
 */
size_t sni_csv_records_end(const char *data, size_t len, char delim, int first, size_t max_line);

/* The number of LF bytes in data[0..len). */
long sni_head_newlines(const char *data, size_t len);

/* The length of a UTF-8 byte order mark at the start of data[0..len): 3, or 0 when none. */
size_t sni_head_bom(const char *data, size_t len);

/* The position of the first byte of data[0..len) that is not white space (' ', TAB, CR, LF). */
size_t sni_head_skip_space(const char *data, size_t len);

/* The columns samnett knows. Anything else in an actors file is an extra attribute. */
typedef enum colid {
    COL_ID,
    COL_NAME,
    COL_TYPE,
    COL_ORG,
    COL_UNIT,
    COL_RANK,
    COL_PROF,
    COL_TIME,
    COL_FROM,
    COL_TO,
    COL_CHANNEL,
    COL_CASE,
    COL_MEETING,
    COL_WEIGHT,
    NCOLS,
    COL_EXTRA = -1
} colid;

/* Each column's name, as messages show it. */
extern const char *const sni_col_names[NCOLS];

/* The column a header name (or JSON key) names, by its aliases; COL_EXTRA if none. */
colid sni_header_col(const char *name, size_t len);
/* The names a header may use for column k, "time, timestamp, ...", into buf. */
const char *sni_col_aliases(colid k, char *buf, size_t cap);

/*
 * name[0..len) without surrounding spaces and in lower case (ASCII and Æ Ø Å)
 * into dst, at most cap - 1 bytes and a NUL.
 */
void sni_lower(char *dst, const char *src, size_t len, size_t cap);

#endif
