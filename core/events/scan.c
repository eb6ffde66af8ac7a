/*
 * scan.c - a filtered walk over the store's contacts in row order
 * (samnett/events.h: sn_event_filter, sn_events_next).
 */
#include <string.h>

#include "samnett/events.h"

void sn_event_filter_init(sn_event_filter *f)
{
    memset(f, 0, sizeof *f);
    f->from = f->to = f->actor = -1;
    f->one_channel = -1;
}

void sn_event_filter_prepare(sn_event_filter *f)
{
    int allowed = 0;
    f->one_channel = -1;
    for (int c = 0; f->has_channels && c <= SN_CHANNEL_MAX; c++)
        if (f->channels[c]) {
            allowed++;
            f->one_channel = c;
        }
    if (allowed != 1)
        f->one_channel = -1;
}

size_t sn_events_next(const sn_store *s, const sn_event_filter *f, size_t i)
{
    while (i < s->n) {
        if (f->one_channel >= 0) { /* the next contact on that channel */
            const uint8_t *c = memchr(s->channel + i, f->one_channel, s->n - i);
            if (!c)
                return s->n;
            i = (size_t)(c - s->channel);
        }
        int64_t t = sn_store_time(s, i);
        if ((f->has_since && t < f->since) || (f->has_until && t >= f->until) ||
            (f->has_channels && !f->channels[s->channel[i]]) ||
            (f->from >= 0 && s->from[i] != (uint32_t)f->from) ||
            (f->to >= 0 && s->to[i] != (uint32_t)f->to) ||
            (f->actor >= 0 && s->from[i] != (uint32_t)f->actor && s->to[i] != (uint32_t)f->actor)) {
            i++;
            continue;
        }
        return i;
    }
    return s->n;
}
