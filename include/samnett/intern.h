/*
 * samnett/intern.h - string interning.
 *
 * Each distinct byte string gets a dense id (0, 1, 2, ...) in insertion
 * order. The store uses one interner for actor ids, so an actor's index is
 * its id's intern id, and others for attribute values, cases and meetings.
 *
 * Lookup and insertion are expected O(len) (open addressing, FNV-1a hash);
 * strings live in an append-only arena, so returned pointers stay valid
 * until the interner is freed.
 */
#ifndef SAMNETT_INTERN_H
#define SAMNETT_INTERN_H

#include <stddef.h>
#include <stdint.h>

#include "samnett/error.h"

typedef struct sn_intern sn_intern;

sn_intern *sn_intern_new(void);
void sn_intern_free(sn_intern *in);

/*
 * Set *id to the id of s[0..len), adding it if new. SN_ENOMEM when out of
 * memory (or out of ids); *id is then left unset.
 */
sn_status sn_intern_add(sn_intern *in, const char *s, size_t len, uint32_t *id);
/* The id of s[0..len), or -1 if it was never added. */
int64_t sn_intern_find(const sn_intern *in, const char *s, size_t len);
/* The NUL-terminated string for id (which must be < count). */
const char *sn_intern_str(const sn_intern *in, uint32_t id);
size_t sn_intern_len(const sn_intern *in, uint32_t id);
uint32_t sn_intern_count(const sn_intern *in);
/* Bytes held by the interner (arena, offsets and table). */
size_t sn_intern_bytes(const sn_intern *in);

#endif
