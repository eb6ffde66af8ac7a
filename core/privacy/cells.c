/*
 * cells.c - the small-cell rule on a table of counts (samnett/privacy.h):
 * primary suppression of the counts from 1 to K-1, then secondary
 * suppression so that no suppressed cell can be worked out from a total
 * that is shown and the cells that are not suppressed.
 */
#include "samnett/privacy.h"

/*
 * In line i of n cells (cell j at x[first + j * step]), with exactly one
 * suppressed cell, suppress the smallest other cell above zero as well; when
 * every other cell is zero and the hidden one is a secondary (K or more, so its
 * total is shown), a zero cell (else the total would still be the hidden one).
 * 1 when a cell was suppressed.
 */
static int protect_line(const double *x, unsigned char *flags, size_t first, size_t step, size_t n)
{
    size_t hidden = 0, pick = (size_t)-1, zero = (size_t)-1, which = 0;
    for (size_t j = 0; j < n; j++) {
        size_t k = first + j * step;
        if (flags[k]) {
            hidden++;
            which = k;
        } else if (x[k] > 0 && (pick == (size_t)-1 || x[k] < x[pick]))
            pick = k;
        else if (!(x[k] > 0) && zero == (size_t)-1)
            zero = k;
    }
    /* a primary cell alone: the total is below K too and hidden where it is shown */
    if (pick == (size_t)-1 && hidden == 1 && flags[which] == SN_CELL_SECONDARY)
        pick = zero;
    if (hidden != 1 || pick == (size_t)-1)
        return 0;
    flags[pick] = SN_CELL_SECONDARY;
    return 1;
}

size_t sn_privacy_cells(const sn_privacy *p, const double *x, size_t rows, size_t cols,
                        int row_totals, int col_totals, unsigned char *flags)
{
    size_t n = rows * cols, hidden = 0;
    for (size_t i = 0; i < n; i++) {
        flags[i] = sn_privacy_suppressed(p, x[i]) ? SN_CELL_PRIMARY : 0;
        hidden += flags[i] != 0;
    }
    if (!hidden)
        return 0;
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t r = 0; row_totals && r < rows; r++)
            if (protect_line(x, flags, r * cols, 1, cols)) {
                changed = 1;
                hidden++;
            }
        for (size_t c = 0; col_totals && c < cols; c++)
            if (protect_line(x, flags, c, cols, rows)) {
                changed = 1;
                hidden++;
            }
    }
    return hidden;
}
