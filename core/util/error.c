/* error.c - status codes and the file:line:column diagnostics sink. */
#include "samnett/error.h"

#include <string.h>

sn_status sn_err_set(sn_err *err, sn_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

int sn_status_exit_code(sn_status code)
{
    switch (code) {
    case SN_OK:
        return 0;
    case SN_EINPUT:
    case SN_EUSAGE:
    case SN_EIO:
        return 2;
    case SN_ENOMEM:
    case SN_EANALYSIS:
    default:
        return 1;
    }
}

void sn_diag_init(sn_diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
}

static const char *severity_name(sn_severity sev)
{
    switch (sev) {
    case SN_NOTE:
        return "note";
    case SN_WARNING:
        return "warning";
    default:
        return "error";
    }
}

void sn_diag_vemit(sn_diag *d, sn_severity sev, const char *file, long line, long col,
                   const char *fmt, va_list ap)
{
    char where[600] = "";
    char text[900];
    vsnprintf(text, sizeof text, fmt, ap);
    if (file && line > 0 && col > 0)
        snprintf(where, sizeof where, "%s:%ld:%ld: ", file, line, col);
    else if (file && line > 0)
        snprintf(where, sizeof where, "%s:%ld: ", file, line);
    else if (file)
        snprintf(where, sizeof where, "%s: ", file);

    if (sev == SN_ERROR)
        d->errors++;
    else if (sev == SN_WARNING)
        d->warnings++;
    int stops_now = 0;
    if (sev != SN_NOTE && ((d->strict && !d->stop) || (sev == SN_ERROR && !d->first[0]))) {
        snprintf(d->first, sizeof d->first, "%s%s: %s", where, severity_name(sev), text);
        if (d->strict)
            d->stop = stops_now = 1;
    }
    if (d->quiet && sev != SN_ERROR && !stops_now)
        return;
    if (d->max_print > 0 && d->errors + d->warnings > d->max_print && sev != SN_NOTE) {
        d->suppressed++;
        return;
    }
    fprintf(d->out ? d->out : stderr, "%s%s: %s\n", where, severity_name(sev), text);
}

void sn_diag_emit(sn_diag *d, sn_severity sev, const char *file, long line, long col,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sn_diag_vemit(d, sev, file, line, col, fmt, ap);
    va_end(ap);
}
