/* progress.h - a progress line on stderr, shown only when stderr is a terminal. */
#ifndef SN_CLI_PROGRESS_H
#define SN_CLI_PROGRESS_H

typedef struct sn_progress {
    int enabled;
    int shown;
    double last;
} sn_progress;

void sn_progress_init(sn_progress *p, int want);
/* An sn_progress_fn: call with ud = the sn_progress. */
void sn_progress_update(void *ud, const char *file, long long done, long long total);
void sn_progress_clear(sn_progress *p);

#endif
