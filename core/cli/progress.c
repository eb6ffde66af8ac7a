/* progress.c - "reading contacts.csv  42%  1.2 GB" on stderr, at most ten times a second. */
#include "progress.h"
#include "../util/toolbox.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

void sn_progress_init(sn_progress *p, int want)
{
    p->enabled = want && isatty(STDERR_FILENO);
    p->shown = 0;
    p->last = 0;
}

void sn_progress_update(void *ud, const char *file, long long done, long long total)
{
    sn_progress *p = ud;
    if (!p->enabled)
        return;
    double t = sni_clock_mono();
    if (t - p->last < 0.1)
        return;
    p->last = t;
    if (total > 0)
        fprintf(stderr, "\r\033[Kreading %s  %3d%%  %.1f MB", file,
                (int)(100.0 * (double)done / (double)total), (double)done / 1e6);
    else
        fprintf(stderr, "\r\033[Kreading %s  %.1f MB", file, (double)done / 1e6);
    p->shown = 1;
}

void sn_progress_clear(sn_progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = 0;
}
