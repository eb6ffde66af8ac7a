/*
 * fuzz_time.c - time parsing (sn_time_parse) and formatting.
 *
 * Input: the text of one time field. Checked: a failure names a position
 * within the text (or just after it) and says what was expected; a time
 * that parses formats as YYYY-MM-DDTHH:MM:SSZ and, within years 0000-9999,
 * parses back to the same second; the date format agrees with it.
 */
#include "fuzz_common.h"
#include "samnett/error.h"
#include "samnett/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sn_init();
    static int utc;
    if (!utc) { /* the date format reads the calendar of the process's zone; compare in UTC */
        sn_err ze;
        if (sn_tz_use("UTC", &ze) != SN_OK)
            abort();
        utc = 1;
    }
    if (size > 4096)
        return 0;
    /* an exact-size copy, so a read past the field is caught */
    char *s = malloc(size ? size : 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    int64_t t = 0;
    sn_time_zone zone = SN_TIME_LOCAL;
    sn_err e = {0};
    const char *why = e.msg;
    size_t col = 0;
    int bad = sn_time_parse(s, size, &t, &zone, &col, &e) != SN_OK ? (int)col : 0;
    FUZZ_CHECK((bad == 0) == (col == 0), "status and column disagree: column %zu", col);
    if (bad) {
        FUZZ_CHECK(bad >= 1 && (size_t)bad <= size + 1, "position %d in %zu bytes", bad, size);
        FUZZ_CHECK(strncmp(why, "expected", 8) == 0, "message '%s'", why);
    } else {
        FUZZ_CHECK(zone == SN_TIME_UTC || zone == SN_TIME_LOCAL, "zone %d", (int)zone);
        char buf[64], date[32];
        sn_time_format(t, buf, sizeof buf);
        sn_date_format(t, date, sizeof date);
        FUZZ_CHECK(strncmp(buf, date, strlen(date)) == 0, "'%s' and '%s'", buf, date);
        /* 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z */
        if (t >= -62167219200LL && t <= 253402300799LL) {
            int64_t back = 0;
            sn_time_zone z2;
            int rc = sn_time_parse(buf, strlen(buf), &back, &z2, NULL, &e) == SN_OK ? 0 : 1;
            FUZZ_CHECK(rc == 0 && back == t && z2 == SN_TIME_UTC,
                       "%lld formats as '%s', which reads back as %lld (%d: %s)", (long long)t, buf,
                       (long long)back, rc, rc ? why : "");
        }
    }
    free(s);
    return 0;
}
