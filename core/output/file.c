/* file.c - files replaced atomically: written beside their target, then renamed over it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "samnett/output.h"

sn_status sn_file_open(sn_file *w, const char *path, int flags, sn_err *err)
{
    struct stat st;
    snprintf(w->path, sizeof w->path, "%s", path);
    w->tmp[0] = '\0';
    if ((flags & SN_FILE_DEVICE_IN_PLACE) && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        w->f = fopen(path, "w"); /* a device or a pipe: never renamed over */
    } else {
        snprintf(w->tmp, sizeof w->tmp, "%s.tmp.%ld", w->path, (long)getpid());
        w->f = fopen(w->tmp, "w");
    }
    if (!w->f)
        return sn_err_set(err, SN_EIO, "%s: cannot write: %s", w->path, strerror(errno));
    return SN_OK;
}

sn_status sn_file_close(sn_file *w, sn_status rc, sn_err *err)
{
    if (!w->f)
        return rc;
    int bad = ferror(w->f);
    bad |= fclose(w->f) != 0;
    w->f = NULL;
    if (rc == SN_OK && (bad || (w->tmp[0] && rename(w->tmp, w->path) != 0)))
        rc = sn_err_set(err, SN_EIO, "%s: cannot write: %s", w->path, strerror(errno));
    if (rc != SN_OK && w->tmp[0])
        remove(w->tmp);
    return rc;
}
