/*
 * apply.c - the store transform of a privacy profile (sn_privacy_apply):
 * ids replaced by pseudonyms in their interners, the free text left out,
 * small organisations merged.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/privacy.h"

/* Whether the store's actor and meeting ids are (or become) pseudonyms. */
static int ids_pseudonymised(const sn_privacy *p)
{
    return p->ids_done || p->profile == SN_PRIVACY_SHARED || p->all_ids;
}

/*
 * Replace *in by an interner whose id i holds the pseudonym of the old id
 * i's string in namespace ns (or, without a key, "c-" and i + 1). Ids keep
 * their numbers, so nothing that refers to them changes.
 */
static sn_status rebuild(sn_intern **in, const sn_privacy *p, const char *ns, long *done,
                         sn_err *err)
{
    sn_intern *old = *in, *fresh = sn_intern_new();
    if (!fresh)
        return sn_err_set(err, SN_ENOMEM, "out of memory pseudonymising the %s ids", ns);
    uint32_t n = sn_intern_count(old);
    for (uint32_t i = 0; i < n; i++) {
        char text[SN_PSEUDONYM_MAX];
        if (p->has_key)
            sn_privacy_pseudonym(p, ns, sn_intern_str(old, i), sn_intern_len(old, i), text);
        else
            snprintf(text, sizeof text, "%c-%lu", ns[0], (unsigned long)i + 1);
        uint32_t id;
        if (sn_intern_add(fresh, text, strlen(text), &id) != SN_OK) {
            sn_intern_free(fresh);
            return sn_err_set(err, SN_ENOMEM, "out of memory pseudonymising the %s ids", ns);
        }
        if (id != i) { /* two ids with one pseudonym: 2^-128 a pair, but never silently */
            sn_intern_free(fresh);
            return sn_err_set(err, SN_EANALYSIS,
                              "two %s ids have the same pseudonym; use another key "
                              "(samnett key new FILE)",
                              ns);
        }
    }
    sn_intern_free(old);
    *in = fresh;
    *done = (long)n;
    return SN_OK;
}

static int kept_column(const sn_privacy *p, const char *name)
{
    for (size_t i = 0; i < p->n_keep_columns; i++)
        if (p->keep_columns[i] && strcmp(p->keep_columns[i], name) == 0)
            return 1;
    return 0;
}

/* Names and professions to "", extra columns left out but the kept ones. */
static void drop_free_text(sn_store *s, sn_privacy *p)
{
    long dropped = 0;
    size_t k = 0;
    for (size_t a = 0; a < s->n_actors; a++) {
        sn_actor *ac = &s->actors[a];
        dropped += (ac->attr[SN_ATTR_NAME] != 0) + (ac->attr[SN_ATTR_PROFESSION] != 0);
        ac->attr[SN_ATTR_NAME] = 0;
        ac->attr[SN_ATTR_PROFESSION] = 0;
        uint32_t first = (uint32_t)k, count = 0;
        for (uint32_t i = 0; i < ac->extra_count; i++) {
            size_t at = ac->extra_first + i;
            uint32_t key = s->extra_key[at], val = s->extra_val[at];
            if (!kept_column(p, sn_intern_str(s->strings, key))) {
                dropped += val != 0;
                continue;
            }
            s->extra_key[k] = key; /* k <= at: the kept ones move down in place */
            s->extra_val[k] = val;
            k++;
            count++;
        }
        ac->extra_first = first;
        ac->extra_count = count;
    }
    s->n_extra = k;
    p->attributes_dropped = dropped;
}

/* Organisations with fewer than p->merge_small_orgs actors become "andre". */
static sn_status merge_small_orgs(sn_store *s, sn_privacy *p, sn_err *err)
{
    uint32_t n = sn_intern_count(s->strings), other;
    if (sn_store_string(s, SN_PRIVACY_OTHER_ORG, strlen(SN_PRIVACY_OTHER_ORG), &other) != SN_OK)
        return sn_err_set(err, SN_ENOMEM, "out of memory merging organisations");
    long *count = calloc(n ? n : 1, sizeof *count);
    if (!count)
        return sn_err_set(err, SN_ENOMEM, "out of memory merging organisations");
    for (size_t a = 0; a < s->n_actors; a++)
        count[s->actors[a].attr[SN_ATTR_ORGANISATION]]++;
    long merged = 0;
    for (uint32_t o = 1; o < n; o++)
        merged += count[o] > 0 && count[o] < p->merge_small_orgs && o != other;
    for (size_t a = 0; a < s->n_actors; a++) {
        uint32_t *attr = s->actors[a].attr, o = attr[SN_ATTR_ORGANISATION];
        if (o == 0 || o == other || count[o] >= p->merge_small_orgs)
            continue;
        attr[SN_ATTR_ORGANISATION] = other;
        attr[SN_ATTR_UNIT] = 0;
    }
    free(count);
    p->organisations_merged = merged;
    return SN_OK;
}

sn_status sn_privacy_apply(sn_store *s, sn_privacy *p, sn_err *err)
{
    sn_status rc;
    int shared = p->profile == SN_PRIVACY_SHARED || p->all_ids;
    if (shared && !p->has_key && !p->ids_done) {
        if (sodium_init() < 0)
            return sn_err_set(err, SN_EANALYSIS, "cannot start libsodium");
        randombytes_buf(p->key, sizeof p->key);
        p->has_key = 1;
        p->key_one_off = 1;
    }
    if (!p->ids_done) {
        if ((rc = rebuild(&s->cases, p, "case", &p->cases_pseudonymised, err)) != SN_OK)
            return rc;
        if (shared) {
            if ((rc = rebuild(&s->actor_ids, p, "actor", &p->actors_pseudonymised, err)) != SN_OK ||
                (rc = rebuild(&s->meetings, p, "meeting", &p->meetings_pseudonymised, err)) !=
                    SN_OK)
                return rc;
            sn_intern_free(s->id_variants); /* raw spellings; ids_merged keeps their count */
            s->id_variants = NULL;
        }
    }
    if (shared)
        drop_free_text(s, p);
    if (p->merge_small_orgs > 0 && (rc = merge_small_orgs(s, p, err)) != SN_OK)
        return rc;
    return SN_OK;
}

const char *sn_privacy_actor_ref(const sn_privacy *p, const sn_store *s, const char *id,
                                 char out[SN_PSEUDONYM_MAX])
{
    if (!p || !p->has_key || !ids_pseudonymised(p))
        return id;
    size_t len = strlen(id);
    if (sn_store_actor_find(s, id, len) >= 0)
        return id; /* a pseudonym given as such */
    sn_privacy_pseudonym(p, "actor", id, len, out);
    return sn_store_actor_find(s, out, strlen(out)) >= 0 ? out : id;
}
