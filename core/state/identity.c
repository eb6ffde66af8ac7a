/*
 * identity.c - which stored file a file found on disk is (samnett/state.h,
 * sn_state_identify). Content decides; device, inode and name only rank
 * the candidates.
 *
 * Resuming record R from file S is safe when S[0 .. R.committed) is the
 * content R read. That is checked where it is cheap: the fingerprints agree
 * over the shorter one, and S holds R's anchor (the bytes before
 * R.committed). Files are expected to grow only at their end.
 */
#include <stdlib.h>
#include <string.h>

#include "samnett/state.h"

typedef struct pair {
    size_t seen, rec;
    int score;
} pair;

static int fp_agree(const sn_state_file *r, const sn_file_seen *s)
{
    size_t n = r->fp_len < s->fp_len ? r->fp_len : s->fp_len;
    return n > 0 && memcmp(r->fp, s->fp, n) == 0;
}

static int same_inode(const sn_state_file *r, const sn_file_seen *s)
{
    return r->ino != 0 && r->dev == s->dev && r->ino == s->ino;
}

/* S holds R's content up to R.committed, as far as the anchor tells. */
static int anchor_ok(const sn_state_file *r, const sn_file_seen *s, size_t i, sn_read_at_fn read_at,
                     void *ud)
{
    if (r->committed <= (int64_t)s->fp_len && r->committed <= (int64_t)r->fp_len)
        return 1; /* the fingerprints cover it */
    if (r->anchor_len == 0)
        return 1;
    unsigned char buf[SN_STATE_ANCHOR];
    if (read_at(ud, i, r->committed - (int64_t)r->anchor_len, buf, r->anchor_len) != 0)
        return 0;
    return memcmp(buf, r->anchor, r->anchor_len) == 0;
}

/* R has read rows (bytes past its header). */
static int has_rows(const sn_state_file *r)
{
    return r->committed > r->data_start;
}

static int by_score(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->score != y->score)
        return y->score - x->score;
    if (x->rec != y->rec)
        return x->rec < y->rec ? -1 : 1;
    return x->seen < y->seen ? -1 : x->seen > y->seen;
}

sn_status sn_state_identify(const sn_state_file *records, size_t n_records,
                            const sn_file_seen *seen, size_t n_seen, sn_read_at_fn read_at,
                            void *ud, sn_file_match *out, sn_err *err)
{
    pair *pairs = NULL;
    size_t n_pairs = 0, cap = 0;
    long *taken_by = calloc(n_records ? n_records : 1, sizeof *taken_by);
    if (!taken_by)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    for (size_t r = 0; r < n_records; r++)
        taken_by[r] = -1;
    for (size_t i = 0; i < n_seen; i++) {
        out[i].kind = seen[i].fp_len ? SN_SEEN_NEW : SN_SEEN_EMPTY;
        out[i].record = -1;
        if (!seen[i].fp_len)
            continue;
        for (size_t r = 0; r < n_records; r++) {
            const sn_state_file *R = &records[r];
            if (!fp_agree(R, &seen[i]) || seen[i].size < R->committed ||
                !anchor_ok(R, &seen[i], i, read_at, ud))
                continue;
            if (n_pairs == cap) {
                cap = cap ? cap * 2 : 64;
                pair *np = realloc(pairs, cap * sizeof *np);
                if (!np) {
                    free(pairs);
                    free(taken_by);
                    return sn_err_set(err, SN_ENOMEM, "out of memory");
                }
                pairs = np;
            }
            /* inode, then name, then the most content verified */
            int score = (same_inode(R, &seen[i]) ? 4 : 0) +
                        (R->path && strcmp(R->path, seen[i].path) == 0 ? 2 : 0);
            pairs[n_pairs++] = (pair){i, r, score};
        }
    }
    /* rank by score, then larger offsets (a longer proven prefix) first */
    for (size_t k = 0; k < n_pairs; k++)
        pairs[k].score = pairs[k].score * 1000000 + (int)(records[pairs[k].rec].committed > 999999
                                                              ? 999999
                                                              : records[pairs[k].rec].committed);
    if (n_pairs)
        qsort(pairs, n_pairs, sizeof *pairs, by_score);
    for (size_t k = 0; k < n_pairs; k++) {
        pair *p = &pairs[k];
        if (out[p->seen].kind == SN_SEEN_KNOWN || taken_by[p->rec] >= 0)
            continue;
        out[p->seen].kind = SN_SEEN_KNOWN;
        out[p->seen].record = (long)p->rec;
        taken_by[p->rec] = (long)p->seen;
    }
    /* The rest: copies of content already read, or new. */
    for (size_t i = 0; i < n_seen; i++) {
        if (out[i].kind != SN_SEEN_NEW)
            continue;
        const sn_file_seen *S = &seen[i];
        for (size_t k = 0; k < n_pairs; k++)
            if (pairs[k].seen == i && has_rows(&records[pairs[k].rec])) {
                /* the same content as a record another file holds */
                out[i].kind = SN_SEEN_COPY;
                out[i].record = (long)pairs[k].rec;
                break;
            }
        if (out[i].kind == SN_SEEN_COPY)
            continue;
        for (size_t r = 0; r < n_records && out[i].record < 0; r++)
            if (same_inode(&records[r], S) && S->size < records[r].committed)
                out[i].record = (long)r; /* shrank in place: truncated, read it again */
        for (size_t r = 0; r < n_records && out[i].record < 0; r++) {
            const sn_state_file *R = &records[r];
            size_t common = S->fp_len < R->fp_len ? S->fp_len : R->fp_len;
            if (fp_agree(R, S) && S->size < R->committed && has_rows(R) &&
                (int64_t)common > R->data_start) {
                /* shorter, on another inode, sharing rows read before: an older copy */
                out[i].kind = SN_SEEN_COPY;
                out[i].record = (long)r;
            }
        }
    }
    free(pairs);
    free(taken_by);
    return SN_OK;
}
