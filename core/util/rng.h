/*
 * rng.h - the engine's one random-number generator (internal): xoshiro256**
 * (Blackman and Vigna), seeded through splitmix64. Deterministic for a seed
 * on every platform; used by the region generator and the permutation tests.
 */
#ifndef SN_UTIL_RNG_H
#define SN_UTIL_RNG_H

#include <stdint.h>

typedef struct rng {
    uint64_t s[4];
} rng;

static inline uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Fill the state from a 64-bit seed. */
static inline void rng_seed_from(rng *r, uint64_t x)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl64(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl64(s[3], 45);
    return out;
}

/* An exactly uniform integer in [0, n) (n >= 1): Lemire's multiply-and-reject (2019). */
static inline uint32_t rng_below(rng *r, uint32_t n)
{
    uint64_t x = (rng_next(r) >> 32) * (uint64_t)n;
    if ((uint32_t)x < n) {
        uint32_t floor = (uint32_t)(-n) % n; /* 2^32 mod n */
        while ((uint32_t)x < floor)
            x = (rng_next(r) >> 32) * (uint64_t)n;
    }
    return (uint32_t)(x >> 32);
}

/*
 * A uniform integer in [0, n) (n >= 1) to within n / 2^32, without the
 * rejection step: one draw per call, always. The demo region and the null
 * models' draws are defined by it (their outputs are fixed for a seed).
 */
static inline uint32_t rng_below_fast(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* A uniform double in [0, 1) with 53 random bits. */
static inline double rng_unit(rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

#endif
