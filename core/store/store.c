/* store.c - columnar contact arrays and interned actors. */
#include "samnett/store.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const char *const channel_names[SN_CHANNEL_KNOWN] = {
    "e-message", "phone", "meeting",       "video", "referral",
    "discharge", "visit", "job-shadowing", "other",
};

sn_status sn_store_init(sn_store *s, sn_err *err)
{
    memset(s, 0, sizeof *s);
    s->strings = sn_intern_new();
    s->actor_ids = sn_intern_new();
    s->cases = sn_intern_new();
    s->meetings = sn_intern_new();
    s->channels = sn_intern_new();
    uint32_t id;
    if (!s->strings || !s->actor_ids || !s->cases || !s->meetings || !s->channels ||
        sn_intern_add(s->strings, "", 0, &id) != SN_OK || id != 0) {
        sn_store_free(s);
        return sn_err_set(err, SN_ENOMEM, "out of memory creating the event store");
    }
    for (int c = 0; c < SN_CHANNEL_KNOWN; c++)
        if (sn_intern_add(s->channels, channel_names[c], strlen(channel_names[c]), &id) != SN_OK ||
            id != (uint32_t)c) {
            sn_store_free(s);
            return sn_err_set(err, SN_ENOMEM, "out of memory creating the event store");
        }
    s->first_time = INT64_MAX;
    s->last_time = INT64_MIN;
    s->tie_bucket = -1;
    return SN_OK;
}

void sn_store_free(sn_store *s)
{
    sn_intern_free(s->strings);
    sn_intern_free(s->actor_ids);
    sn_intern_free(s->cases);
    sn_intern_free(s->meetings);
    sn_intern_free(s->channels);
    sn_intern_free(s->id_variants);
    free(s->actors);
    free(s->extra_key);
    free(s->extra_val);
    free(s->time);
    free(s->from);
    free(s->to);
    free(s->channel);
    free(s->case_id);
    free(s->meeting);
    free(s->weight);
    free(s->count);
    free(s->wsum);
    free(s->last);
    free(s->encodings);
    for (size_t i = 0; i < s->n_input_files; i++)
        free(s->input_files[i].name);
    free(s->input_files);
    memset(s, 0, sizeof *s);
}

sn_status sn_store_file_encoding(sn_store *s, uint32_t file, const char *encoding)
{
    for (size_t i = 0; i < s->n_encodings; i++)
        if (s->encodings[i].file == file) {
            s->encodings[i].encoding = encoding;
            return SN_OK;
        }
    struct sn_file_encoding *v = realloc(s->encodings, (s->n_encodings + 1) * sizeof *v);
    if (!v)
        return SN_ENOMEM;
    v[s->n_encodings++] = (struct sn_file_encoding){file, encoding};
    s->encodings = v;
    return SN_OK;
}

sn_status sn_store_string(sn_store *s, const char *str, size_t len, uint32_t *id)
{
    return sn_intern_add(s->strings, str, len, id);
}

sn_status sn_store_actor_add(sn_store *s, const char *id, size_t len, uint32_t src_file,
                             uint32_t src_line, uint32_t *index, int *added)
{
    int64_t old = sn_intern_find(s->actor_ids, id, len);
    if (old >= 0) {
        *index = (uint32_t)old;
        if (added)
            *added = 0;
        return SN_OK;
    }
    if (s->n_actors == s->cap_actors) {
        size_t cap = s->cap_actors ? s->cap_actors * 2 : 256;
        sn_actor *a = realloc(s->actors, cap * sizeof *a);
        if (!a)
            return SN_ENOMEM;
        s->actors = a;
        s->cap_actors = cap;
    }
    uint32_t idx;
    if (sn_intern_add(s->actor_ids, id, len, &idx) != SN_OK)
        return SN_ENOMEM;
    sn_actor *a = &s->actors[idx];
    memset(a, 0, sizeof *a);
    a->extra_first = (uint32_t)s->n_extra;
    a->src_file = src_file;
    a->src_line = src_line;
    s->n_actors = (size_t)idx + 1;
    *index = idx;
    if (added)
        *added = 1;
    return SN_OK;
}

sn_status sn_store_actor_extra(sn_store *s, uint32_t key, uint32_t val)
{
    if (s->n_extra == s->cap_extra) {
        size_t cap = s->cap_extra ? s->cap_extra * 2 : 256;
        uint32_t *k = realloc(s->extra_key, cap * sizeof *k);
        if (!k)
            return SN_ENOMEM;
        s->extra_key = k;
        uint32_t *v = realloc(s->extra_val, cap * sizeof *v);
        if (!v)
            return SN_ENOMEM;
        s->extra_val = v;
        s->cap_extra = cap;
    }
    s->extra_key[s->n_extra] = key;
    s->extra_val[s->n_extra] = val;
    s->n_extra++;
    s->actors[s->n_actors - 1].extra_count++;
    return SN_OK;
}

int64_t sn_store_actor_find(const sn_store *s, const char *id, size_t len)
{
    return sn_intern_find(s->actor_ids, id, len);
}

const char *sn_store_actor_id(const sn_store *s, uint32_t actor)
{
    return sn_intern_str(s->actor_ids, actor);
}

const char *sn_store_attr(const sn_store *s, uint32_t actor, sn_attr a)
{
    return sn_intern_str(s->strings, s->actors[actor].attr[a]);
}

const char *sn_store_attr_named(const sn_store *s, uint32_t actor, const char *name)
{
    static const char *const std_names[SN_ATTR_COUNT] = {"name", "type", "organisation",
                                                         "unit", "rank", "profession"};
    for (int a = 0; a < SN_ATTR_COUNT; a++)
        if (strcmp(name, std_names[a]) == 0)
            return sn_store_attr(s, actor, (sn_attr)a);
    if (strcmp(name, "id") == 0)
        return sn_store_actor_id(s, actor);
    const sn_actor *ac = &s->actors[actor];
    for (uint32_t i = 0; i < ac->extra_count; i++) {
        uint32_t k = s->extra_key[ac->extra_first + i];
        if (strcmp(sn_intern_str(s->strings, k), name) == 0)
            return sn_intern_str(s->strings, s->extra_val[ac->extra_first + i]);
    }
    return NULL;
}

static int grow_contacts(sn_store *s, size_t cap)
{
#define GROW(field)                                                                                \
    do {                                                                                           \
        void *p = realloc(s->field, cap * sizeof *s->field);                                       \
        if (!p)                                                                                    \
            return -1;                                                                             \
        s->field = p;                                                                              \
    } while (0)
    GROW(time);
    GROW(from);
    GROW(to);
    GROW(channel);
    GROW(case_id);
    GROW(meeting);
    GROW(weight);
    if (s->count) {
        GROW(count);
        GROW(wsum);
        GROW(last);
    }
#undef GROW
    s->cap = cap;
    return 0;
}

sn_status sn_store_contact_add(sn_store *s, int64_t time, uint32_t from, uint32_t to,
                               uint8_t channel, uint32_t case_id, uint32_t meeting, float weight)
{
    if (s->n == s->cap && grow_contacts(s, s->cap < 4096 ? 4096 : s->cap + s->cap / 2) != 0)
        return SN_ENOMEM;
    size_t i = s->n++;
    s->time[i] = time;
    s->from[i] = from;
    s->to[i] = to;
    s->channel[i] = channel;
    s->case_id[i] = case_id;
    s->meeting[i] = meeting;
    s->weight[i] = weight;
    if (time < s->first_time)
        s->first_time = time;
    if (time > s->last_time)
        s->last_time = time;
    return SN_OK;
}

sn_status sn_store_rows_counted(sn_store *s)
{
    if (s->count)
        return SN_OK;
    size_t cap = s->cap ? s->cap : 1;
    s->count = malloc(cap * sizeof *s->count);
    s->wsum = malloc(cap * sizeof *s->wsum);
    s->last = malloc(cap * sizeof *s->last);
    if (!s->count || !s->wsum || !s->last) {
        free(s->count);
        free(s->wsum);
        free(s->last);
        s->count = NULL;
        s->wsum = NULL;
        s->last = NULL;
        return SN_ENOMEM;
    }
    for (size_t i = 0; i < s->n; i++) {
        s->count[i] = 1;
        s->wsum[i] = s->weight[i];
        s->last[i] = s->time[i];
    }
    return SN_OK;
}

sn_status sn_store_counted_add(sn_store *s, int64_t first, int64_t last, uint32_t from, uint32_t to,
                               uint8_t channel, uint32_t count, double wsum)
{
    if (!s->count && sn_store_rows_counted(s) != SN_OK)
        return SN_ENOMEM;
    sn_status rc = sn_store_contact_add(s, first, from, to, channel, 0, 0,
                                        count ? (float)(wsum / count) : 0.0f);
    if (rc != SN_OK)
        return rc;
    s->count[s->n - 1] = count;
    s->wsum[s->n - 1] = wsum;
    s->last[s->n - 1] = last;
    if (last > s->last_time)
        s->last_time = last;
    return SN_OK;
}

size_t sn_store_contacts(const sn_store *s)
{
    if (!s->count)
        return s->n;
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->count[i];
    return n;
}

sn_status sn_store_reserve(sn_store *s, size_t n)
{
    if (n <= s->cap)
        return SN_OK;
    return grow_contacts(s, n) == 0 ? SN_OK : SN_ENOMEM;
}

void sn_store_trim(sn_store *s)
{
    if (s->n && s->n < s->cap)
        (void)grow_contacts(s, s->n); /* shrinking realloc; on failure the old arrays stay */
}

size_t sn_store_contact_bytes(const sn_store *s)
{
    return s->cap * (sizeof *s->time + sizeof *s->from + sizeof *s->to + sizeof *s->channel +
                     sizeof *s->case_id + sizeof *s->meeting + sizeof *s->weight +
                     (s->count ? sizeof *s->count + sizeof *s->wsum + sizeof *s->last : 0));
}

size_t sn_store_bytes(const sn_store *s)
{
    return sn_store_contact_bytes(s) + s->cap_actors * sizeof(sn_actor) +
           s->cap_extra * 2 * sizeof(uint32_t) + sn_intern_bytes(s->strings) +
           sn_intern_bytes(s->actor_ids) + sn_intern_bytes(s->cases) +
           sn_intern_bytes(s->meetings) + sn_intern_bytes(s->channels);
}

const char *sn_channel_name(const sn_store *s, uint8_t channel)
{
    return sn_intern_str(s->channels, channel);
}

/* Lower-case ASCII and the Norwegian capitals Æ, Ø and Å (UTF-8 C3 86/98/85). */
static unsigned char fold(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c - 'A' + 'a');
    if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && (c == 0x86 || c == 0x98 || c == 0x85))
        return (unsigned char)(c + 0x20);
    return c;
}

static int name_ieq(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++)
        if (fold(a, i) != fold(b, i))
            return 0;
    return 1;
}

/* The names and aliases sn_channel_lookup knows, in lower case. */
static const struct {
    const char *alias;
    int channel;
} aliases[] = {
    {"e-message", SN_CH_E_MESSAGE},
    {"emessage", SN_CH_E_MESSAGE},
    {"e-melding", SN_CH_E_MESSAGE},
    {"emelding", SN_CH_E_MESSAGE},
    {"plo", SN_CH_E_MESSAGE},
    {"plo-melding", SN_CH_E_MESSAGE},
    {"plo melding", SN_CH_E_MESSAGE},
    {"plomelding", SN_CH_E_MESSAGE},
    {"elektronisk melding", SN_CH_E_MESSAGE},
    {"elektronisk meldingsutveksling", SN_CH_E_MESSAGE},
    {"melding", SN_CH_E_MESSAGE},
    {"epost", SN_CH_E_MESSAGE},
    {"e-post", SN_CH_E_MESSAGE},
    {"email", SN_CH_E_MESSAGE},
    {"e-mail", SN_CH_E_MESSAGE},
    {"dialogmelding", SN_CH_E_MESSAGE},
    {"pleie- og omsorgsmelding", SN_CH_E_MESSAGE},
    {"message", SN_CH_E_MESSAGE},
    {"phone", SN_CH_PHONE},
    {"telephone", SN_CH_PHONE},
    {"telefon", SN_CH_PHONE},
    {"telefonsamtale", SN_CH_PHONE},
    {"tlf", SN_CH_PHONE},
    {"meeting", SN_CH_MEETING},
    {"m\xc3\xb8te", SN_CH_MEETING},
    {"mote", SN_CH_MEETING},
    {"samling", SN_CH_MEETING},
    {"fysisk m\xc3\xb8te", SN_CH_MEETING},
    {"m\xc3\xb8te fysisk", SN_CH_MEETING},
    {"ansvarsgruppem\xc3\xb8te", SN_CH_MEETING},
    {"video", SN_CH_VIDEO},
    {"teams", SN_CH_VIDEO},
    {"videom\xc3\xb8te", SN_CH_VIDEO},
    {"videokonsultasjon", SN_CH_VIDEO},
    {"videokonferanse", SN_CH_VIDEO},
    {"digitalt m\xc3\xb8te", SN_CH_VIDEO},
    {"referral", SN_CH_REFERRAL},
    {"henvisning", SN_CH_REFERRAL},
    {"tilvising", SN_CH_REFERRAL},
    {"tilvisning", SN_CH_REFERRAL},
    {"henvising", SN_CH_REFERRAL},
    {"discharge", SN_CH_DISCHARGE},
    {"discharge-summary", SN_CH_DISCHARGE},
    {"epikrise", SN_CH_DISCHARGE},
    {"visit", SN_CH_VISIT},
    {"bes\xc3\xb8k", SN_CH_VISIT},
    {"hjemmebes\xc3\xb8k", SN_CH_VISIT},
    {"job-shadowing", SN_CH_JOB_SHADOWING},
    {"job shadowing", SN_CH_JOB_SHADOWING},
    {"hospitering", SN_CH_JOB_SHADOWING},
    {"other", SN_CH_OTHER},
    {"annet", SN_CH_OTHER},
    {"annen", SN_CH_OTHER},
    {"anna", SN_CH_OTHER},
};

const char *sn_channel_alias(size_t i, int *channel)
{
    if (i >= sizeof aliases / sizeof aliases[0])
        return NULL;
    if (channel)
        *channel = aliases[i].channel;
    return aliases[i].alias;
}

const char *sn_channel_known_name(int channel)
{
    return channel >= 0 && channel < SN_CHANNEL_KNOWN ? channel_names[channel] : NULL;
}

int sn_channel_lookup(const char *name, size_t len)
{
    /* other than ASCII: compared in Unicode normal form C, case-folded */
    utf8proc_uint8_t *folded = NULL;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)name[i] >= 0x80) {
            if (utf8proc_map((const utf8proc_uint8_t *)name, (utf8proc_ssize_t)len, &folded,
                             UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) >= 0) {
                name = (const char *)folded;
                len = strlen(name);
            }
            break;
        }
    int ch = -1;
    for (size_t i = 0; ch < 0 && i < sizeof aliases / sizeof aliases[0]; i++)
        if (name_ieq(name, len, aliases[i].alias))
            ch = aliases[i].channel;
    free(folded);
    return ch;
}
