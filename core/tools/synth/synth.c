/*
 * synth.c - a deterministic generator of a fictional health region.
 *
 * The region
 * ----------
 * One health trust, Helse Vestfjord HF, runs two hospitals. Each hospital is
 * its own organisation:
 *
 *   Vestfjord sjukehus (nynorsk), ids hf-a-*     Nordvik sykehus, ids hf-b-*
 *
 * Each hospital has a director (hf-X-dir-01, top), a collaboration
 * coordinator (samhandlingskoordinator, hf-X-samh-01, type coordinator,
 * middle), a pathway coordinator (forløpskoordinator, hf-X-samh-02, type
 * coordinator, frontline) and six wards: med, kir, ger, dps, bup, akutt
 * (medical, surgical, geriatric, DPS psychiatric centre, child psychiatry BUP,
 * emergency). In a ward, hf-X-<ward>-001 is the ward manager (middle), the
 * next ids are contact doctors and then ward nurses (frontline).
 *
 * Municipalities k01..kNN (organisation "<Name> kommune"; 8 at small, 28 at
 * region and 99 at national scale) are small, medium or large and lie a
 * number of minutes from their catchment hospital. Their units have the ids
 * kNN-<unit>-<seq>, where seq 001 is the unit manager (middle):
 *
 *   adm    Rådmannskontoret: kNN-adm-001 rådmann (top),
 *          kNN-adm-002 kommunalsjef (top in large municipalities, else middle)
 *   tild   Tildelingskontoret / Tenestekontoret (allocation office)
 *   hjsp   Hjemmesykepleien / Heimesjukepleia (home nursing)
 *   shj    Sykehjemmet / Sjukeheimen (nursing home)
 *   kort   Korttidsavdelingen / Korttidsavdelinga (short-term ward)
 *   lv     Legevakten / Legevakta (out-of-hours service)
 *   ke     Koordinerende enhet / Koordinerande eining (type coordinator)
 *   rehab  physio- and occupational therapy (medium and large only)
 *   klege  Kommuneoverlegen (municipal chief doctor)
 *
 * Nynorsk municipalities use the nynorsk unit names and professions. Around
 * each municipality there are GPs (gp-kNN-SS, type gp, organisation "<Name>
 * legesenter" and similar), NAV (nav-kNN-SS, type nav), child welfare
 * (bv-kNN-SS, type other), school health (hs-kNN-SS, type other) and
 * relatives (pa-kNN-SS, type relative). User representatives are bru-SS
 * (type user). municipality_size and travel_minutes are filled for every
 * actor outside the hospitals and empty for hospital actors.
 *
 * Contacts run from 2016-01-01 to 2022-12-31, mostly on weekdays in working
 * hours. Case ids are c000001 upwards. Meeting ids: mNNNNNN for ordinary
 * meetings (units, leader groups, hospital management, responsibility-group
 * meetings), psYYYYqQ for the quarterly partnership meetings
 * (partnerskapsmøte: rådmenn and hospital directors), ssYYYYqQ for the
 * strategic committee (kommunalsjefer and the coordinators), and ln01..ln16
 * for the learning-network gatherings. A meeting is written as rows from the
 * organiser to every other participant, all with the same time and channel.
 *
 * Planted patterns (the same at every scale and seed)
 * ---------------------------------------------------
 * 1. Silo municipality: Silvik kommune, ids k02-*. Its units talk to each
 *    other only through the kommunalsjef k02-adm-002: every contact row
 *    between two actors of organisation "Silvik kommune" whose unit differs
 *    has k02-adm-002 as from or to, so no two frontline workers of different
 *    Silvik units are in direct contact. Cross-unit traffic is written as
 *    two rows, frontline -> k02-adm-002 -> frontline. Silvik has no
 *    leader-group meetings (the kommunalsjef meets managers one to one,
 *    without meeting id) and no learning-network member.
 *
 * 2. Single bridge coordinator: hf-b-samh-01 (Nordvik sykehus) is the only
 *    link between Nordvik sykehus and the three small municipalities
 *    Ytterøy (k06), Utvær (k07) and Skjærsund (k08). Every contact row with
 *    one end at Nordvik sykehus (ids hf-b-*) and the other end at an actor
 *    located in those municipalities (ids matching (^|-)k0[678]-: kNN-*,
 *    gp-kNN-*, nav-kNN-*, bv-kNN-*, hs-kNN-*, pa-kNN-*) has hf-b-samh-01 as
 *    the hospital end. Traffic is relayed: a -> hf-b-samh-01 -> b. No
 *    meeting puts them together either: their rådmenn do not attend the
 *    partnership meetings, their responsibility-group meetings invite
 *    hf-b-samh-01 instead of Nordvik staff, and they have no learning-network
 *    members. They still deal with Vestfjord sjukehus directly.
 *
 * 3. Learning network (læringsnettverk) whose ties fade: 16 gatherings with
 *    meeting ids ln01 (2017-03-15) to ln16 (2020-11-25), organised by
 *    hf-a-samh-01; channel meeting up to ln13 (2020-02-19) and video from
 *    ln14 (2020-06-10). The members are the participants of those rows:
 *    ward managers (med, ger, kir) and some nurses of both hospitals, the
 *    forløpskoordinator hf-a-samh-02, unit managers and frontline staff of
 *    the first municipalities that are not k02 or k06-k08 (4 at small, 8 at
 *    region, 12 at national scale) and the user representatives; no GPs.
 *    About one member in eight stops attending. Two members (or a member and
 *    the organiser) of different organisations have no direct contact at
 *    all, except the gathering rows, until they "meet" at a gathering both
 *    attend. From the next day some such pairs keep direct phone, e-message
 *    or video contacts at a steady rate until the network ends on
 *    2020-12-01; the rate then halves every 182.5 days.
 *
 * 4. Parallel work without contact (flerfaglig): child psychiatry (BUP,
 *    ids hf-a-bup-*, hf-b-bup-*) and the municipal child welfare and school
 *    health services (bv-*, hs-*) serve the same children, but never
 *    contact each other directly. Every contact row between them is relayed
 *    through the municipality's first coordinating-unit worker (kNN-ke-*;
 *    in Silvik the kommunalsjef, for Nordvik's bridged municipalities the
 *    bridge coordinator), and a meeting never seats both. Their pathways
 *    (child psychiatry outpatient cases with child welfare or school
 *    health) make them providers on the same cases.
 *
 * 5. Ping-pong pathways (kasteballer): about one admission in seven is sent
 *    back in once or twice within days of discharge (discharge summary
 *    hospital -> GP, referral legevakt or home care -> hospital, discharge
 *    again), all on one case id.
 *
 * 6. The move to video: from 2020-03-12 ordinary meetings are held on
 *    video with probability 0.95 (to 2020-06-14), then 0.55 through 2021
 *    and 0.35 after, against 0.02-0.06 before; the learning network's
 *    gatherings are on video from ln14.
 *
 * 7. Top-down municipality (top_down; planted only when asked for, with
 *    --plant top_down or all+): Lauvstad kommune (k04)'s cross-organisation
 *    contacts that its frontline staff would start are started by their unit
 *    manager (the kommunalsjef for units without one): frontline -> manager
 *    -> the other organisation.
 *
 * Choosing what to plant (sn_synth_plan)
 * --------------------------------------
 * The default plan plants patterns 1-6 (silo, bridge, learning_network,
 * parallel_work, pingpong, video_shift) and one_way_shadowing (the job
 * shadowing below), and gives the same bytes as before plans existed. A
 * pattern that is not planted gets its null twin, which keeps the region's
 * actors, sizes and volume per channel (within a few per cent):
 * - silo, bridge, parallel_work: the pair talks directly, and the go-between
 *   (kommunalsjef, bridge coordinator, coordinating unit) still gets one
 *   message about it, so the relayed hop's volume stays; Silvik holds
 *   leader-group meetings, the bridged municipalities' rådmenn attend the
 *   partnership meetings and Nordvik staff their responsibility groups.
 * - learning_network: no gatherings; the same would-be members' pairs are
 *   in steady contact over the whole period with the same expected number
 *   of contacts, and do not fade.
 * - one_way_shadowing: half the visits run hospital -> municipality.
 * - video_shift: the video share keeps its slow pre-2020 growth, and job
 *   shadowing does not pause.
 * - pingpong: a readmission becomes the admission of another patient.
 * - top_down has no twin: planting it adds the managers' hops (about 2%).
 * At strength s (0..1) a share s of the pairs (silo, bridge, parallel work,
 * top_down: chosen by a hash of the pair, the seed and the pattern), of the
 * learning network's pairs (the rest do not fade) and of the ping-pong cases
 * follow the pattern and the rest its null twin; job shadowing runs back
 * with probability (1 - s) / 2, and the video share moves s of the way to
 * the planted shares. --municipalities N (3..200) keeps the fixed first
 * eight municipalities as far as N reaches (the bridge needs all eight,
 * top_down four); --volume F multiplies the rates of the dyadic traffic,
 * the cases, the learning network's ties and job shadowing (scheduled
 * meetings of units, leader groups and hospital management are held about
 * F times as often, the extra ones an hour apart; governance and the learning network keep
 * their schedule). truth.json lists the planted patterns and
 * the scopes where a lens should find them.
 *
 * Other shapes
 * ------------
 * - Care messages (e-message) dominate between wards and the allocation
 *   office, home nursing, nursing home and short-term ward. About a seventh
 *   of the care staff of each unit (the "message desk", the lowest frontline
 *   ids after the manager) handle the unit's pathways with GPs, other units
 *   and the hospital; each desk worker has one contact nurse per ward.
 * - Referrals run GP or legevakt -> hospital; discharge summaries run
 *   hospital -> GP. In a relayed referral, discharge summary or visit only
 *   the hop that crosses the organisation boundary keeps that channel; the
 *   hop inside one organisation is an e-message.
 * - Cases (patient pathways) span a few weeks: admissions, outpatient
 *   referrals, psychiatry with the coordinating unit, NAV and
 *   responsibility-group meetings (ansvarsgruppemøte), and pathways inside
 *   the municipality. Some admissions are ping-pong pathways (discharge,
 *   readmission through legevakt, discharge again: kasteballer).
 * - Job shadowing runs only municipality -> hospital, and pauses from
 *   2020-03-12 to 2021-08-31.
 * - Traffic is low on weekends, public holidays, in July and at Christmas,
 *   and written traffic grows about 4% a year.
 *
 * Determinism: one xoshiro256** stream seeded from opts->seed, no libm, no
 * time or locale calls. Memory: contacts are produced day by day; events of
 * later days (cases, relays) wait in a ring of day buckets.
 */
#include "samnett/time.h"
#include "samnett/tools/synth.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <jansson.h>
#include <string.h>
#include <zlib.h>

#include "../../util/rng.h"
#include "names.h"

/* ------------------------------------------------------------------------ */
/* Vocabulary                                                               */

enum { T_MUNI, T_HOSP, T_GP, T_COORD, T_NAV, T_USER, T_REL, T_OTHER };
static const char *const type_names[] = {
    "municipality", "hospital_unit", "gp", "coordinator", "nav", "user", "relative", "other",
};

enum { R_TOP, R_MIDDLE, R_FRONT };
static const char *const rank_names[] = {"top", "middle", "frontline"};

enum { SZ_NONE, SZ_SMALL, SZ_MEDIUM, SZ_LARGE };
static const char *const size_names[] = {"", "small", "medium", "large"};

enum {
    CH_EMSG,
    CH_PHONE,
    CH_MEETING,
    CH_VIDEO,
    CH_REFERRAL,
    CH_DISCHARGE,
    CH_VISIT,
    CH_SHADOW,
};
static const char *const channel_names[] = {
    "e-message", "phone", "meeting", "video", "referral", "discharge", "visit", "job-shadowing",
};

/* Meeting id kinds. */
enum { MK_NONE, MK_M, MK_LN, MK_PS, MK_SS };

/*
 * Kinds of unit. The first K_MCOUNT kinds are the actor groups of one
 * municipality; the rest belong to the hospitals and the trust.
 */
enum {
    K_ADM,
    K_TILD,
    K_HJSP,
    K_SHJ,
    K_KORT,
    K_LV,
    K_KE,
    K_REHAB,
    K_KLEGE,
    K_GP,
    K_NAV,
    K_BV,
    K_HS,
    K_REL,
    K_MCOUNT,
    K_HLEAD = K_MCOUNT,
    K_HSAMH,
    K_MED,
    K_KIR,
    K_GER,
    K_DPS,
    K_BUP,
    K_AKUTT,
    K_USERS,
};

#define N_WARDS 6
enum { W_MED, W_KIR, W_GER, W_DPS, W_BUP, W_AKUTT };
static const char *const ward_codes[N_WARDS] = {"med", "kir", "ger", "dps", "bup", "akutt"};
/* Ward staff in percent of the scale's base numbers. */
static const int ward_pct[N_WARDS] = {130, 110, 80, 90, 60, 90};

static const char *const muni_codes[] = {
    "adm", "tild", "hjsp", "shj", "kort", "lv", "ke", "rehab", "klege",
};

/* Frontline staff of each municipal unit by size (small, medium, large). */
static const int muni_base[K_MCOUNT][3] = {
    [K_ADM] = {0, 0, 0},   [K_TILD] = {1, 2, 3}, [K_HJSP] = {3, 5, 8}, [K_SHJ] = {3, 5, 8},
    [K_KORT] = {1, 2, 4},  [K_LV] = {1, 2, 3},   [K_KE] = {1, 1, 2},   [K_REHAB] = {0, 2, 3},
    [K_KLEGE] = {1, 1, 2}, [K_GP] = {1, 3, 5},   [K_NAV] = {1, 2, 3},  [K_BV] = {0, 1, 1},
    [K_HS] = {0, 0, 1},    [K_REL] = {1, 1, 2},
};

#define FIRST_DAY_EPOCH 16801 /* 2016-01-01 in days since 1970-01-01 */
#define RING 128              /* days a pending event may lie ahead */
#define MAX_MUNI SN_SYNTH_MAX_MUNI
#define MAXPART 192
#define N_GATHER 16
#define LN_MAX_MEMBERS 128
#define TD_MUNI 3 /* top_down: Lauvstad kommune, k04 */

/* ------------------------------------------------------------------------ */
/* Scales                                                                   */

typedef struct scale_cfg {
    int n_muni;      /* municipalities, at least 8 */
    int unit_pct;    /* municipal staff in percent of muni_base */
    int ward_docs;   /* contact doctors per ward before ward_pct */
    int ward_nurses; /* nurses per ward before ward_pct */
    int ln_munis;    /* municipalities in the learning network */
    int n_users;     /* user representatives */
    double act;      /* multiplier of all contact rates */
    double meet_p;   /* chance that a scheduled unit meeting takes place */
} scale_cfg;

/* About 324 actors and 44 thousand contacts, 1,950 and 2.05 million, and
   11,100 and 11.3 million with about 100 thousand directed ties. */
static const scale_cfg scales[] = {
    [SN_SYNTH_SMALL] = {8, 100, 1, 2, 4, 2, 0.05, 0.2},
    [SN_SYNTH_REGION] = {28, 220, 4, 14, 8, 3, 0.45, 0.8},
    [SN_SYNTH_NATIONAL] = {99, 420, 8, 44, 12, 4, 0.40, 0.8},
};

/* ------------------------------------------------------------------------ */
/* Random numbers: splitmix64 to seed, xoshiro256** to draw                 */

static void rng_seed(rng *r, uint64_t seed)
{
    rng_seed_from(r, seed);
}

/* A number in [0, n). */
static inline int below(rng *r, int n)
{
    return n <= 1 ? 0 : (int)rng_below_fast(r, (uint32_t)n);
}

/* A number in [lo, hi]. */
static inline int rng_range(rng *r, int lo, int hi)
{
    return lo + below(r, hi - lo + 1);
}

static inline int rng_chance(rng *r, double p)
{
    return rng_unit(r) < p;
}

/* A count with mean lambda, jittered by +-20% from day to day. */
static int rng_count(rng *r, double lambda)
{
    if (lambda <= 0.0)
        return 0;
    double x = lambda * (0.8 + 0.4 * rng_unit(r));
    int n = (int)x;
    if (rng_unit(r) < x - n)
        n++;
    return n;
}

/* A stable hash of two numbers, used to give actors fixed partners. */
static inline uint32_t mix2(uint32_t a, uint32_t b)
{
    uint64_t x = ((uint64_t)a << 32 | b) ^ 0x5851f42d4c957f2dULL;
    return (uint32_t)(splitmix64(&x) >> 16);
}

/* ------------------------------------------------------------------------ */
/* Calendar                                                                 */

/* Day index (0 = 2016-01-01) of a civil date. */
static int day_index(int y, int m, int d)
{
    return (int)(sn_days_from_civil(y, (unsigned)m, (unsigned)d) - FIRST_DAY_EPOCH);
}

/* Easter Sunday (anonymous Gregorian algorithm) as a day index. */
static int easter_day(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return day_index(y, month, day);
}

typedef struct dayinfo {
    char date[12]; /* "YYYY-MM-DDT" */
    int year, month, mday, wday;
    int workday;
    double f_office; /* activity of office work, 1.0 on a normal workday */
    double f_care;   /* activity of round-the-clock care work */
    double growth;   /* slow growth of written traffic over the years */
    double video;    /* share of ordinary meetings held on video */
    int shadow_ok;   /* job shadowing possible (not during the pandemic) */
} dayinfo;

/* "YYYY-MM-DDT" for years 0..9999. */
static void format_date(char *out, int y, int m, int d)
{
    out[0] = (char)('0' + y / 1000 % 10);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = 'T';
    out[11] = '\0';
}

static int is_holiday(int day, int m, int d, const int *easter)
{
    if ((m == 1 && d == 1) || (m == 5 && (d == 1 || d == 17)) ||
        (m == 12 && (d == 24 || d == 25 || d == 26 || d == 31)))
        return 1;
    int e = *easter;
    return day == e - 3 || day == e - 2 || day == e + 1 || day == e + 39 || day == e + 50;
}

/*
 * The calendar. video: the planted move to video (SN_SYNTH_P_VIDEO) at
 * strength s moves the share of video meetings from its slow pre-2020 growth
 * s of the way to the planted shares, and pauses job shadowing (when s > 0).
 */
static void calendar_fill(dayinfo *di, int ndays, int video, double s)
{
    int covid = day_index(2020, 3, 12);
    int calm = day_index(2020, 6, 15);
    int shadow_back = day_index(2021, 9, 1);
    int easter = 0, easter_year = 0;
    for (int day = 0; day < ndays; day++) {
        dayinfo *x = &di[day];
        int64_t cy;
        unsigned cm, cd;
        sn_civil_from_days(FIRST_DAY_EPOCH + day, &cy, &cm, &cd);
        x->year = (int)cy;
        x->month = (int)cm;
        x->mday = (int)cd;
        if (x->year != easter_year) {
            easter_year = x->year;
            easter = easter_day(x->year);
        }
        format_date(x->date, x->year, x->month, x->mday);
        x->wday = (int)((FIRST_DAY_EPOCH + day + 4) % 7); /* 0 = Sunday */
        x->workday = x->wday >= 1 && x->wday <= 5 && !is_holiday(day, x->month, x->mday, &easter);
        x->f_office = x->workday ? 1.0 : 0.04;
        x->f_care = x->workday ? 1.0 : 0.45;
        if (x->month == 7) {
            x->f_office *= 0.55;
            x->f_care *= 0.8;
        } else if (x->month == 12 && x->mday >= 20) {
            x->f_office *= 0.7;
        }
        x->growth = 1.0 + 0.04 * (day / 365.25);
        double before = 0.02 + 0.01 * (x->year - 2016);
        if (day < covid || !video)
            x->video = before;
        else if (day < calm)
            x->video = 0.95;
        else if (x->year <= 2021)
            x->video = 0.55;
        else
            x->video = 0.35;
        if (video && s < 1.0 && day >= covid)
            x->video = before + s * (x->video - before);
        x->shadow_ok = !video || s <= 0.0 || day < covid || day >= shadow_back;
    }
}

/* ------------------------------------------------------------------------ */
/* The region's actors                                                      */

enum {
    F_LN = 1,      /* learning-network member */
    F_BRIDGED = 2, /* located in a bridged municipality */
    F_HOSPB = 4,   /* Nordvik sykehus actor other than the bridge coordinator */
    F_BUP = 8,     /* staff of a child psychiatry (BUP) clinic */
    F_CHILD = 16,  /* municipal child welfare or school health staff */
    F_LNX = 32,    /* would be a learning-network member (the network not planted) */
};

typedef struct actor {
    char id[24];
    int idlen;
    char name[48];
    const char *prof;
    int type, rank, flags;
    int muni; /* -1 when not located in a municipality */
    int org, unit;
} actor;

typedef struct unit {
    char name[64];
    int org, kind;
    int first, n; /* the unit's actors; first is the manager when has_mgr */
    int has_mgr;
    int ndoc; /* wards: doctors follow the manager, then nurses */
    int meet_wday;
} unit;

typedef struct org_rec {
    char name[64];
    int silo;
} org_rec;

typedef struct muni_rec {
    char name[32];
    int size, travel, nyn, hosp, silo, bridged, ln;
    int silo_pos, bridged_pos; /* the place of the silo or bridge, planted or not */
    int org;
    int first[K_MCOUNT], n[K_MCOUNT]; /* actor ranges per kind */
    int unit[K_MCOUNT];               /* unit index of municipal units, -1 if none */
    int radmann, ksjef, klege;
    int mgr[K_MCOUNT], nmgr; /* unit managers */
    double weight;           /* population weight */
} muni_rec;

typedef struct hosp {
    int org, dir, samh, flk;
    int ward[N_WARDS]; /* unit indices */
    int mgr[N_WARDS];
} hosp;

/* ------------------------------------------------------------------------ */
/* Events and output                                                        */

typedef struct event {
    int32_t sec, from, to, cs, mt;
    uint16_t weight;
    uint8_t ch, mk;
} event;

typedef struct evbuf {
    event *v;
    size_t n, cap;
} evbuf;

typedef struct writer {
    FILE *fp;
    gzFile gz;
    char *buf;
    size_t pos, cap;
    int failed;
} writer;

typedef struct ln_pair {
    int a, b, from_day;
    double rate;
} ln_pair;

typedef struct gen {
    const scale_cfg *cfg;
    scale_cfg cfgv; /* the scale with --municipalities and --volume applied */
    rng r;
    uint64_t seed;
    unsigned plant;  /* SN_SYNTH_P_* planted */
    double strength; /* 0..1 */
    double volume;   /* contact-rate multiplier */
    int td_org;      /* top_down: the municipality's organisation, or -1 */

    actor *act;
    int nact, capact;
    unit *units;
    int nunit, capunit;
    org_rec *orgs;
    int norg, caporg;
    muni_rec mun[MAX_MUNI];
    int nmun;
    hosp hos[2];
    int org_users, org_rel;
    int bridge_coord;
    int users_first, n_users;
    double mcum[MAX_MUNI];
    double mtotal;

    dayinfo *days;
    int ndays, cur;
    evbuf today, tmp, ring[RING];
    int32_t case_seq, meet_seq;

    /* learning network */
    int ln_org; /* organiser */
    int ln_mem[LN_MAX_MEMBERS], ln_leave[LN_MAX_MEMBERS], ln_n;
    int ln_day[N_GATHER];
    int ln_end;
    ln_pair *pairs;
    int npairs, cappairs;
    double *decay;

    int cum_office[24], cum_care[24]; /* cumulative hour weights */
    writer w;
    int oom;
} gen;

static void *grow(void *p, int *cap, int need, size_t elem)
{
    if (need <= *cap)
        return p;
    int nc = *cap ? *cap * 2 : 64;
    while (nc < need)
        nc *= 2;
    void *q = realloc(p, (size_t)nc * elem);
    if (q)
        *cap = nc;
    return q;
}

static int wr_flush(writer *w)
{
    if (w->failed || w->pos == 0)
        return !w->failed;
    if (w->gz) {
        if (gzwrite(w->gz, w->buf, (unsigned)w->pos) != (int)w->pos)
            w->failed = 1;
    } else if (fwrite(w->buf, 1, w->pos, w->fp) != w->pos) {
        w->failed = 1;
    }
    w->pos = 0;
    return !w->failed;
}

/* ------------------------------------------------------------------------ */
/* Building the region                                                      */

static const char *bn(int nyn, const char *bm, const char *nn)
{
    return nyn ? nn : bm;
}

/* Copy src into dst[cap], cutting it short if needed. */
static void set_str(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int add_org(gen *g, const char *name)
{
    org_rec *o = grow(g->orgs, &g->caporg, g->norg + 1, sizeof *o);
    if (!o) {
        g->oom = 1;
        return 0;
    }
    g->orgs = o;
    o = &g->orgs[g->norg];
    memset(o, 0, sizeof *o);
    set_str(o->name, sizeof o->name, name);
    return g->norg++;
}

static int add_unit(gen *g, int org, int kind, const char *name)
{
    unit *u = grow(g->units, &g->capunit, g->nunit + 1, sizeof *u);
    if (!u) {
        g->oom = 1;
        return 0;
    }
    g->units = u;
    u = &g->units[g->nunit];
    memset(u, 0, sizeof *u);
    set_str(u->name, sizeof u->name, name);
    u->org = org;
    u->kind = kind;
    u->first = g->nact;
    u->meet_wday = 1 + g->nunit % 5;
    return g->nunit++;
}

static void person_name(gen *g, char *buf, size_t cap)
{
    const char *first;
    if (rng_chance(&g->r, 0.7))
        first = sn_names_female[below(&g->r, SN_COUNT_OF(sn_names_female))];
    else
        first = sn_names_male[below(&g->r, SN_COUNT_OF(sn_names_male))];
    const char *last = sn_names_last[below(&g->r, SN_COUNT_OF(sn_names_last))];
    snprintf(buf, cap, "%s %s", first, last);
}

/* Add an actor to unit u (the unit's actors must be added in one run). */
static int add_actor(gen *g, int u, const char *id, int type, int rank, const char *prof, int muni)
{
    actor *a = grow(g->act, &g->capact, g->nact + 1, sizeof *a);
    if (!a) {
        g->oom = 1;
        return 0;
    }
    g->act = a;
    a = &g->act[g->nact];
    memset(a, 0, sizeof *a);
    set_str(a->id, sizeof a->id, id);
    a->idlen = (int)strlen(a->id);
    person_name(g, a->name, sizeof a->name);
    a->prof = prof;
    a->type = type;
    a->rank = rank;
    a->muni = muni;
    a->unit = u;
    a->org = g->units[u].org;
    g->units[u].n++;
    return g->nact++;
}

/* Pick a profession from a list of (bokmål, nynorsk, weight) triples. */
typedef struct prof_w {
    const char *bm, *nn;
    int w;
} prof_w;

static const char *pick_prof(gen *g, const prof_w *p, int n, int nyn)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += p[i].w;
    int x = below(&g->r, total);
    for (int i = 0; i < n; i++) {
        if (x < p[i].w)
            return nyn ? p[i].nn : p[i].bm;
        x -= p[i].w;
    }
    return nyn ? p[0].nn : p[0].bm;
}

static const prof_w prof_tild[] = {{"saksbehandler", "sakshandsamar", 5},
                                   {"sykepleier", "sjukepleiar", 4},
                                   {"ergoterapeut", "ergoterapeut", 1}};
static const prof_w prof_hjsp[] = {{"sykepleier", "sjukepleiar", 45},
                                   {"helsefagarbeider", "helsefagarbeidar", 40},
                                   {"kreftsykepleier", "kreftsjukepleiar", 5},
                                   {"vernepleier", "vernepleiar", 10}};
static const prof_w prof_shj[] = {{"sykepleier", "sjukepleiar", 40},
                                  {"helsefagarbeider", "helsefagarbeidar", 50},
                                  {"sykehjemslege", "sjukeheimslege", 10}};
static const prof_w prof_kort[] = {{"sykepleier", "sjukepleiar", 6},
                                   {"fysioterapeut", "fysioterapeut", 2},
                                   {"helsefagarbeider", "helsefagarbeidar", 2}};
static const prof_w prof_lv[] = {{"legevaktlege", "legevaktlege", 1},
                                 {"sykepleier", "sjukepleiar", 1}};
static const prof_w prof_rehab[] = {{"fysioterapeut", "fysioterapeut", 5},
                                    {"ergoterapeut", "ergoterapeut", 3},
                                    {"demenskoordinator", "demenskoordinator", 2}};
static const prof_w prof_doc[] = {{"overlege", "overlege", 7},
                                  {"lege i spesialisering", "lege i spesialisering", 3}};
static const prof_w prof_nurse[] = {{"sykepleier", "sjukepleiar", 9},
                                    {"spesialsykepleier", "spesialsjukepleiar", 1}};
static const prof_w prof_ger[] = {{"sykepleier", "sjukepleiar", 8},
                                  {"fysioterapeut", "fysioterapeut", 2}};
static const prof_w prof_dps[] = {{"psykiatrisk sykepleier", "psykiatrisk sjukepleiar", 7},
                                  {"psykolog", "psykolog", 3}};
static const prof_w prof_bup[] = {{"psykolog", "psykolog", 5},
                                  {"klinisk sosionom", "klinisk sosionom", 2},
                                  {"sykepleier", "sjukepleiar", 3}};

static int scaled(int base, int pct)
{
    if (base <= 0)
        return 0;
    int n = (base * pct + 50) / 100;
    return n < 1 ? 1 : n;
}

static void build_hospital(gen *g, int h)
{
    static const char *const orgnames[2] = {"Vestfjord sjukehus", "Nordvik sykehus"};
    static const char *const town[2] = {"Vestfjord", "Nordvik"};
    const scale_cfg *c = g->cfg;
    int nyn = h == 0;
    char id[32], name[64];
    const char *pre = h == 0 ? "hf-a" : "hf-b";
    hosp *H = &g->hos[h];
    H->org = add_org(g, orgnames[h]);

    int u = add_unit(g, H->org, K_HLEAD, bn(nyn, "Sykehusledelsen", "Sjukehusleiinga"));
    snprintf(id, sizeof id, "%s-dir-01", pre);
    H->dir = add_actor(g, u, id, T_HOSP, R_TOP, bn(nyn, "sykehusdirektør", "sjukehusdirektør"), -1);

    u = add_unit(g, H->org, K_HSAMH, bn(nyn, "Samhandlingsenheten", "Samhandlingseininga"));
    snprintf(id, sizeof id, "%s-samh-01", pre);
    H->samh = add_actor(g, u, id, T_COORD, R_MIDDLE, "samhandlingskoordinator", -1);
    snprintf(id, sizeof id, "%s-samh-02", pre);
    H->flk = add_actor(g, u, id, T_COORD, R_FRONT, "forløpskoordinator", -1);

    static const char *const ward_names[N_WARDS] = {
        "Medisinsk avdeling", "Kirurgisk avdeling", "Geriatrisk avdeling", "DPS", "BUP",
        "Akuttmottaket",
    };
    for (int w = 0; w < N_WARDS; w++) {
        if (w == W_DPS)
            snprintf(name, sizeof name, "DPS %s", town[h]);
        else if (w == W_BUP)
            snprintf(name, sizeof name, "BUP %s", town[h]);
        else
            snprintf(name, sizeof name, "%s", ward_names[w]);
        u = add_unit(g, H->org, K_MED + w, name);
        H->ward[w] = u;
        g->units[u].has_mgr = 1;
        int ndoc = scaled(c->ward_docs, ward_pct[w]);
        int nnur = scaled(c->ward_nurses, ward_pct[w]);
        g->units[u].ndoc = ndoc;
        snprintf(id, sizeof id, "%s-%s-001", pre, ward_codes[w]);
        H->mgr[w] =
            add_actor(g, u, id, T_HOSP, R_MIDDLE, bn(nyn, "avdelingsleder", "avdelingsleiar"), -1);
        for (int i = 0; i < ndoc + nnur; i++) {
            snprintf(id, sizeof id, "%s-%s-%03d", pre, ward_codes[w], i + 2);
            const char *prof;
            if (i < ndoc)
                prof = pick_prof(g, prof_doc, SN_COUNT_OF(prof_doc), nyn);
            else if (w == W_GER)
                prof = pick_prof(g, prof_ger, SN_COUNT_OF(prof_ger), nyn);
            else if (w == W_DPS)
                prof = pick_prof(g, prof_dps, SN_COUNT_OF(prof_dps), nyn);
            else if (w == W_BUP)
                prof = pick_prof(g, prof_bup, SN_COUNT_OF(prof_bup), nyn);
            else
                prof = pick_prof(g, prof_nurse, SN_COUNT_OF(prof_nurse), nyn);
            add_actor(g, u, id, T_HOSP, R_FRONT, prof, -1);
        }
    }
}

/* The fixed first municipalities; the rest are generated. */
static const struct {
    const char *name;
    int size, travel, nyn, hosp, silo, bridged;
} fixed_munis[] = {
    {"Fjordvik", SZ_LARGE, 12, 1, 0, 0, 0}, {"Silvik", SZ_MEDIUM, 40, 0, 0, 1, 0},
    {"Nordvik", SZ_LARGE, 8, 0, 1, 0, 0},   {"Lauvstad", SZ_MEDIUM, 55, 1, 0, 0, 0},
    {"Eidsøy", SZ_SMALL, 70, 1, 0, 0, 0},   {"Ytterøy", SZ_SMALL, 110, 0, 1, 0, 1},
    {"Utvær", SZ_SMALL, 160, 1, 1, 0, 1},   {"Skjærsund", SZ_SMALL, 125, 0, 1, 0, 1},
};

static int name_taken(const gen *g, const char *name)
{
    for (int i = 0; i < g->nmun; i++)
        if (strcmp(g->mun[i].name, name) == 0)
            return 1;
    return 0;
}

static void muni_name(gen *g, char *buf, size_t cap)
{
    for (;;) {
        const char *p = sn_place_prefix[below(&g->r, SN_COUNT_OF(sn_place_prefix))];
        const char *s = sn_place_suffix[below(&g->r, SN_COUNT_OF(sn_place_suffix))];
        /* skip doubled sounds such as "Øyøy" or "Bøbø" */
        size_t lp = strlen(p), ls = strlen(s);
        if (lp >= ls && strcmp(p + lp - ls, s) == 0)
            continue;
        if (strcmp(p, "Øy") == 0 && strcmp(s, "øy") == 0)
            continue;
        snprintf(buf, cap, "%s%s", p, s);
        if (!name_taken(g, buf))
            return;
    }
}

/* Open a new organisation+unit for an actor group of municipality m. */
static int muni_group_unit(gen *g, int m, int kind, const char *orgname, const char *uname)
{
    int o = orgname ? add_org(g, orgname) : g->mun[m].org;
    return add_unit(g, o, kind, uname);
}

/* The professions of a municipal unit's frontline staff (none: coordinators). */
static const struct {
    const prof_w *p;
    int n;
} unit_profs[] = {
    [K_TILD] = {prof_tild, SN_COUNT_OF(prof_tild)},
    [K_HJSP] = {prof_hjsp, SN_COUNT_OF(prof_hjsp)},
    [K_SHJ] = {prof_shj, SN_COUNT_OF(prof_shj)},
    [K_KORT] = {prof_kort, SN_COUNT_OF(prof_kort)},
    [K_LV] = {prof_lv, SN_COUNT_OF(prof_lv)},
    [K_REHAB] = {prof_rehab, SN_COUNT_OF(prof_rehab)},
    [K_KLEGE] = {NULL, 0},
};

static void build_muni(gen *g, int m)
{
    muni_rec *M = &g->mun[m];
    const scale_cfg *c = g->cfg;
    int nyn = M->nyn, sz = M->size - 1;
    char id[32], name[96];

    snprintf(name, sizeof name, "%s kommune", M->name);
    M->org = add_org(g, name);
    g->orgs[M->org].silo = M->silo_pos;
    for (int k = 0; k < K_MCOUNT; k++)
        M->unit[k] = -1;

    static const char *const ubm[] = {
        "Rådmannskontoret",    "Tildelingskontoret",
        "Hjemmesykepleien",    "Sykehjemmet",
        "Korttidsavdelingen",  "Legevakten",
        "Koordinerende enhet", "Fysio- og ergoterapitjenesten",
        "Kommuneoverlegen",
    };
    static const char *const unn[] = {
        "Rådmannskontoret",     "Tenestekontoret",
        "Heimesjukepleia",      "Sjukeheimen",
        "Korttidsavdelinga",    "Legevakta",
        "Koordinerande eining", "Fysio- og ergoterapitenesta",
        "Kommuneoverlegen",
    };

    for (int k = K_ADM; k <= K_KLEGE; k++) {
        int n = k == K_ADM ? 2 : scaled(muni_base[k][sz], c->unit_pct);
        if (k == K_KLEGE)
            n = muni_base[k][sz];
        if (n == 0)
            continue;
        int u = add_unit(g, M->org, k, nyn ? unn[k] : ubm[k]);
        M->unit[k] = u;
        M->first[k] = g->nact;
        int type = k == K_KE ? T_COORD : T_MUNI;
        if (k == K_ADM) {
            snprintf(id, sizeof id, "k%02d-adm-001", m + 1);
            M->radmann = add_actor(g, u, id, T_MUNI, R_TOP, "rådmann", m);
            snprintf(id, sizeof id, "k%02d-adm-002", m + 1);
            M->ksjef = add_actor(g, u, id, T_MUNI, M->size == SZ_LARGE ? R_TOP : R_MIDDLE,
                                 "kommunalsjef helse og omsorg", m);
        } else if (k == K_KLEGE) {
            for (int i = 0; i < n; i++) {
                snprintf(id, sizeof id, "k%02d-klege-%03d", m + 1, i + 1);
                int a = add_actor(g, u, id, T_MUNI, i == 0 ? R_MIDDLE : R_FRONT,
                                  i == 0 ? "kommuneoverlege" : "kommunelege", m);
                if (i == 0)
                    M->klege = a;
            }
        } else {
            g->units[u].has_mgr = 1;
            snprintf(id, sizeof id, "k%02d-%s-001", m + 1, muni_codes[k]);
            const char *mp =
                k == K_KE ? bn(nyn, "leder koordinerende enhet", "leiar koordinerande eining")
                          : bn(nyn, "enhetsleder", "einingsleiar");
            M->mgr[M->nmgr++] = add_actor(g, u, id, type, R_MIDDLE, mp, m);
            for (int i = 0; i < n; i++) {
                const char *prof = "koordinator";
                if (unit_profs[k].p)
                    prof = pick_prof(g, unit_profs[k].p, unit_profs[k].n, nyn);
                snprintf(id, sizeof id, "k%02d-%s-%03d", m + 1, muni_codes[k], i + 2);
                add_actor(g, u, id, type, R_FRONT, prof, m);
            }
        }
        M->n[k] = g->nact - M->first[k];
    }

    /* GPs in one to three offices, each its own organisation. */
    int ngp = scaled(muni_base[K_GP][sz], c->unit_pct);
    if (ngp > 99)
        ngp = 99;
    int noff = sz + 1;
    static const char *const office_fmt[3] = {"%s legesenter", "%s legekontor",
                                              "Sentrum legekontor %s"};
    M->first[K_GP] = g->nact;
    for (int o = 0, done = 0; o < noff; o++) {
        int here = (ngp - done) / (noff - o);
        if (here == 0)
            continue;
        snprintf(name, sizeof name, office_fmt[o], M->name);
        int u = muni_group_unit(g, m, K_GP, name, "Fastlegekontoret");
        for (int i = 0; i < here; i++) {
            snprintf(id, sizeof id, "gp-k%02d-%02d", m + 1, done + i + 1);
            add_actor(g, u, id, T_GP, R_FRONT, "fastlege", m);
        }
        done += here;
    }
    M->n[K_GP] = g->nact - M->first[K_GP];

    struct {
        int kind, type;
        const char *pre, *orgfmt, *ubm, *unn, *pbm, *pnn;
    } groups[] = {
        {K_NAV, T_NAV, "nav", "NAV %s", "Oppfølging", "Oppfølging", "NAV-veileder",
         "NAV-rettleiar"},
        {K_BV, T_OTHER, "bv", "%s barnevern", "Barneverntjenesten", "Barnevernstenesta",
         "barnevernspedagog", "barnevernspedagog"},
        {K_HS, T_OTHER, "hs", "%s skole", "Skolehelsetjenesten", "Skulehelsetenesta",
         "helsesykepleier", "helsesjukepleiar"},
        {K_REL, T_REL, "pa", NULL, "Pårørende", "Pårørande", "pårørende", "pårørande"},
    };
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        int k = groups[i].kind;
        int n = scaled(muni_base[k][sz], c->unit_pct);
        if (k == K_REL || k == K_BV)
            n = muni_base[k][sz]; /* a few, not scaled with staff */
        if (n > 99)
            n = 99;
        M->first[k] = g->nact;
        if (n == 0)
            continue;
        int u;
        if (k == K_REL) {
            u = add_unit(g, g->org_rel, k, "");
        } else {
            if (k == K_HS && nyn)
                snprintf(name, sizeof name, "%s skule", M->name);
            else
                snprintf(name, sizeof name, groups[i].orgfmt, M->name);
            u = muni_group_unit(g, m, k, name, nyn ? groups[i].unn : groups[i].ubm);
        }
        for (int j = 0; j < n; j++) {
            snprintf(id, sizeof id, "%s-k%02d-%02d", groups[i].pre, m + 1, j + 1);
            add_actor(g, u, id, groups[i].type, R_FRONT, nyn ? groups[i].pnn : groups[i].pbm, m);
        }
        M->n[k] = g->nact - M->first[k];
    }

    static const double size_weight[4] = {0, 1.0, 2.4, 5.0};
    M->weight = size_weight[M->size] * c->unit_pct / 100.0;
}

static void build_region(gen *g)
{
    const scale_cfg *c = g->cfg;
    build_hospital(g, 0);
    build_hospital(g, 1);
    g->org_rel = add_org(g, "Pårørende");

    for (int m = 0; m < c->n_muni && !g->oom; m++) {
        muni_rec *M = &g->mun[m];
        memset(M, 0, sizeof *M);
        g->nmun = m; /* the names taken so far */
        if (m < SN_COUNT_OF(fixed_munis)) {
            set_str(M->name, sizeof M->name, fixed_munis[m].name);
            M->size = fixed_munis[m].size;
            M->travel = fixed_munis[m].travel;
            M->nyn = fixed_munis[m].nyn;
            M->hosp = fixed_munis[m].hosp;
            M->silo_pos = fixed_munis[m].silo;
            M->bridged_pos = fixed_munis[m].bridged;
            M->silo = M->silo_pos && (g->plant & SN_SYNTH_P_SILO);
            M->bridged = M->bridged_pos && (g->plant & SN_SYNTH_P_BRIDGE);
        } else {
            muni_name(g, M->name, sizeof M->name);
            int x = below(&g->r, 100);
            M->size = x < 22 ? SZ_LARGE : x < 55 ? SZ_MEDIUM : SZ_SMALL;
            M->travel = M->size == SZ_LARGE    ? rng_range(&g->r, 10, 50)
                        : M->size == SZ_MEDIUM ? rng_range(&g->r, 25, 95)
                                               : rng_range(&g->r, 40, 180);
            M->nyn = rng_chance(&g->r, 0.4);
            M->hosp = rng_chance(&g->r, 0.55) ? 0 : 1;
        }
        build_muni(g, m);
        g->nmun = m + 1;
    }

    /* User representatives sit in the trust's user council. */
    g->org_users = add_org(g, "Brukerutvalget i Helse Vestfjord");
    int u = add_unit(g, g->org_users, K_USERS, "Brukerutvalget");
    g->users_first = g->nact;
    for (int i = 0; i < c->n_users; i++) {
        char id[16];
        snprintf(id, sizeof id, "bru-%02d", i + 1);
        static const int home[4] = {0, 2, 3, 4}; /* k01, k03, k04, k05 */
        int m = home[i % 4] < g->nmun ? home[i % 4] : 0;
        add_actor(g, u, id, T_USER, R_FRONT, "brukerrepresentant", m);
    }
    g->n_users = c->n_users;

    /* Flags for the planted bridge and parallel work. */
    g->bridge_coord = g->hos[1].samh;
    for (int i = 0; i < g->nact; i++) {
        actor *a = &g->act[i];
        if (a->muni >= 0 && g->mun[a->muni].bridged_pos)
            a->flags |= F_BRIDGED;
        if (a->org == g->hos[1].org && i != g->bridge_coord)
            a->flags |= F_HOSPB;
        int kind = g->units[a->unit].kind;
        if (kind == K_BUP)
            a->flags |= F_BUP;
        if (a->muni >= 0 && (kind == K_BV || kind == K_HS))
            a->flags |= F_CHILD;
    }
    /* top_down: Lauvstad kommune (k04) */
    g->td_org = g->nmun > TD_MUNI ? g->mun[TD_MUNI].org : -1;

    g->mtotal = 0;
    for (int m = 0; m < g->nmun; m++) {
        g->mtotal += g->mun[m].weight;
        g->mcum[m] = g->mtotal;
    }
}

/* ------------------------------------------------------------------------ */
/* Emitting contacts                                                        */

static event *evbuf_add(gen *g, evbuf *b)
{
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 1024;
        event *v = realloc(b->v, nc * sizeof *v);
        if (!v) {
            g->oom = 1;
            return NULL;
        }
        b->v = v;
        b->cap = nc;
    }
    return &b->v[b->n++];
}

static void push(gen *g, int day, int sec, int from, int to, int ch, int weight, int32_t cs,
                 int32_t mt, int mk)
{
    while (sec >= 86400) {
        sec -= 86400;
        day++;
    }
    if (day < g->cur || day >= g->ndays || day - g->cur >= RING)
        return;
    evbuf *b = day == g->cur ? &g->today : &g->ring[day % RING];
    event *e = evbuf_add(g, b);
    if (!e)
        return;
    e->sec = sec;
    e->from = from;
    e->to = to;
    e->cs = cs;
    e->mt = mt;
    e->weight = (uint16_t)weight;
    e->ch = (uint8_t)ch;
    e->mk = (uint8_t)mk;
}

enum { ROUTE_DIRECT = -1, ROUTE_DROP = -2 };

/* Salts that pick, per pattern, which pairs follow it below strength 1. */
enum { SALT_SILO = 1, SALT_BRIDGE, SALT_PARALLEL, SALT_LN, SALT_TD };

/*
 * Whether the pair a, b follows a planted pattern: always at strength 1,
 * never at 0, else a fixed share `strength` of the pairs (a hash of the
 * pair, the seed and the pattern, so no random draw is spent).
 */
static int follows(const gen *g, int a, int b, int salt)
{
    if (g->strength >= 1.0)
        return 1;
    if (g->strength <= 0.0)
        return 0;
    int lo = a < b ? a : b, hi = a < b ? b : a;
    uint32_t h = mix2(mix2((uint32_t)lo, (uint32_t)hi), (uint32_t)(g->seed * 31u + (uint64_t)salt));
    return (double)h < g->strength * 4294967296.0;
}

/*
 * The go-between a planted pattern puts between a and b (the silo's
 * kommunalsjef, the bridge coordinator, the coordinating unit between BUP and
 * child welfare, top_down's unit manager), or -1 when the pair is not where a
 * pattern lies. *on says whether the pattern is planted for this pair; when
 * it is not, the contact goes directly and the go-between still hears of it
 * (see emit), so a null region keeps the planted region's volume.
 */
static int relay_of(const gen *g, int a, int b, int *on, int *late)
{
    const actor *x = &g->act[a], *y = &g->act[b];
    *on = 0;
    *late = 0; /* top_down's relay, which yields to the learning network's rule */
    if (x->org == y->org) {
        if (g->orgs[x->org].silo && x->unit != y->unit) {
            int ks = g->mun[x->muni].ksjef;
            if (a != ks && b != ks) {
                *on = (g->plant & SN_SYNTH_P_SILO) && follows(g, a, b, SALT_SILO);
                return ks;
            }
        }
        return -1;
    }
    if (((x->flags & F_BRIDGED) && (y->flags & F_HOSPB)) ||
        ((x->flags & F_HOSPB) && (y->flags & F_BRIDGED))) {
        *on = (g->plant & SN_SYNTH_P_BRIDGE) && follows(g, a, b, SALT_BRIDGE);
        return g->bridge_coord;
    }
    if (((x->flags & F_BUP) && (y->flags & F_CHILD)) ||
        ((x->flags & F_CHILD) && (y->flags & F_BUP))) {
        /* parallel work: via the coordinating unit (the kommunalsjef in Silvik) */
        const muni_rec *M = &g->mun[(x->flags & F_CHILD) ? x->muni : y->muni];
        *on = (g->plant & SN_SYNTH_P_PARALLEL) && follows(g, a, b, SALT_PARALLEL);
        return M->silo || M->n[K_KE] == 0 ? M->ksjef : M->first[K_KE];
    }
    if (g->td_org >= 0 && x->org == g->td_org && x->rank == R_FRONT) {
        /* top_down: cross-organisation contact started by a unit's leader */
        const unit *U = &g->units[x->unit];
        int lead = U->has_mgr ? U->first : g->mun[x->muni].ksjef;
        if (lead == a || lead == b)
            return -1;
        /* no null twin here: the default region (top_down not planted)
           stays as it was */
        *on = (g->plant & SN_SYNTH_P_TOPDOWN) && follows(g, a, b, SALT_TD);
        *late = 1;
        return *on ? lead : -1;
    }
    return -1;
}

/*
 * How a contact a -> b may travel under the planted patterns: directly, via
 * an actor (the returned index), or not at all (the pair is two
 * learning-network members who have not met yet, or who only meet through
 * the network's own generator).
 */
static int route(const gen *g, int a, int b)
{
    int on, late, via = relay_of(g, a, b, &on, &late);
    if (via >= 0 && on && !late)
        return via;
    if (g->act[a].org == g->act[b].org)
        return ROUTE_DIRECT;
    if (g->act[a].flags & g->act[b].flags & F_LN)
        return ROUTE_DROP;
    return via >= 0 && on ? via : ROUTE_DIRECT;
}

/* Hour-of-day weights: office work and round-the-clock care. */
static const int hours_office[24] = {0, 0,  0,  0, 0, 0, 1, 5, 14, 18, 17, 14,
                                     9, 14, 13, 9, 4, 2, 1, 1, 0,  0,  0,  0};
static const int hours_care[24] = {2, 1, 1, 1, 1, 2, 3, 6, 10, 11, 10, 9,
                                   8, 9, 9, 8, 7, 7, 6, 6, 5,  4,  3,  3};

static void hours_init(gen *g)
{
    int a = 0, b = 0;
    for (int h = 0; h < 24; h++) {
        a += hours_office[h];
        b += hours_care[h];
        g->cum_office[h] = a;
        g->cum_care[h] = b;
    }
}

enum { P_OFFICE, P_CARE };

static int draw_sec(gen *g, int profile)
{
    const int *cum = profile == P_OFFICE ? g->cum_office : g->cum_care;
    int x = below(&g->r, cum[23]);
    int h = 0;
    while (cum[h] <= x)
        h++;
    return h * 3600 + below(&g->r, 3600);
}

static int draw_weight(gen *g, int ch)
{
    switch (ch) {
    case CH_PHONE: {
        int w = 2 + below(&g->r, 12);
        if (rng_chance(&g->r, 0.2))
            w += below(&g->r, 30);
        return w;
    }
    case CH_MEETING:
        return 30 + 15 * below(&g->r, 5);
    case CH_VIDEO:
        return 15 + 15 * below(&g->r, 5);
    default:
        return 1;
    }
}

/* Emit one contact with the planted routing applied. */
static void emit(gen *g, int day, int sec, int a, int b, int ch, int weight, int32_t cs)
{
    if (a < 0 || b < 0 || a == b)
        return;
    int via = route(g, a, b);
    if (via == ROUTE_DROP)
        return;
    if (via == ROUTE_DIRECT) {
        int on, late, ghost = relay_of(g, a, b, &on, &late);
        if (ghost >= 0 && !on) {
            /* the pattern is not planted here: the go-between still hears of
               it, on a message, so the volume stays that of the planted hop */
            int gch = ch == CH_REFERRAL || ch == CH_DISCHARGE || ch == CH_VISIT ? CH_EMSG : ch;
            push(g, day, sec, a, ghost, gch, gch == ch ? weight : 1, cs, 0, MK_NONE);
            sec += 600 + below(&g->r, 3 * 3600);
        }
        push(g, day, sec, a, b, ch, weight, cs, 0, MK_NONE);
        return;
    }
    /*
     * Relay: a -> via now, via -> b a little later. A referral, discharge
     * summary or visit keeps its channel on the hop that crosses the
     * organisation boundary; the hop inside one organisation is a plain
     * message.
     */
    int ch1 = ch, ch2 = ch;
    if (ch == CH_REFERRAL || ch == CH_DISCHARGE || ch == CH_VISIT) {
        if (g->act[a].org == g->act[via].org)
            ch1 = CH_EMSG;
        if (g->act[via].org == g->act[b].org)
            ch2 = CH_EMSG;
    }
    push(g, day, sec, a, via, ch1, ch1 == ch ? weight : 1, cs, 0, MK_NONE);
    int lag = 600 + below(&g->r, 3 * 3600);
    push(g, day, sec + lag, via, b, ch2,
         ch2 != ch        ? 1
         : ch == CH_PHONE ? draw_weight(g, ch)
                          : weight,
         cs, 0, MK_NONE);
}

/* Channel mixes for dyadic traffic. */
enum { MIX_EMSG, MIX_PHONE, MIX_TALK, MIX_CHAT };

static int draw_channel(gen *g, int mix, const dayinfo *di)
{
    int x = below(&g->r, 100);
    switch (mix) {
    case MIX_EMSG:
        return x < 82 ? CH_EMSG : CH_PHONE;
    case MIX_PHONE:
        return x < 72 ? CH_PHONE : CH_EMSG;
    case MIX_TALK:
        if (x < 50)
            return CH_PHONE;
        if (x < 85)
            return CH_EMSG;
        return rng_chance(&g->r, di->video) ? CH_VIDEO : CH_MEETING;
    default:
        return x < 50 ? CH_EMSG : CH_PHONE;
    }
}

/* One dyadic contact now, on the given channel mix and hour profile. */
static void emit_mix(gen *g, int a, int b, int mix, int profile, int32_t cs)
{
    const dayinfo *di = &g->days[g->cur];
    int ch = draw_channel(g, mix, di);
    emit(g, g->cur, draw_sec(g, profile), a, b, ch, draw_weight(g, ch), cs);
}

/* The next workday on or after day (or day itself past the end). */
static int workday_from(const gen *g, int day)
{
    while (day < g->ndays && !g->days[day].workday)
        day++;
    return day;
}

/* A contact on a later day of a case. */
static void cev(gen *g, int day, int profile, int a, int b, int ch, int32_t cs)
{
    if (profile == P_OFFICE)
        day = workday_from(g, day);
    emit(g, day, draw_sec(g, profile), a, b, ch, draw_weight(g, ch), cs);
}

/*
 * A meeting: rows from the organiser to each accepted participant, all at
 * the same time and on the same channel. Without check the candidates must
 * be distinct members of one organisation (or the learning network). With
 * check, duplicates are dropped, and so is a candidate that may not meet the
 * organiser or an accepted participant directly, so the planted patterns
 * hold for co-attendance too.
 */
static void meeting(gen *g, int day, int sec, int organiser, const int *cand, int ncand, int ch,
                    int weight, int mk, int32_t mid, int32_t cs, int check)
{
    int acc[MAXPART], na = 0;
    for (int i = 0; i < ncand && na < MAXPART; i++) {
        int p = cand[i], ok = p >= 0 && p != organiser;
        for (int j = 0; ok && check && j < na; j++)
            ok = acc[j] != p;
        if (ok && check) {
            ok = route(g, organiser, p) == ROUTE_DIRECT;
            for (int j = 0; ok && j < na; j++)
                ok = route(g, acc[j], p) == ROUTE_DIRECT;
        }
        if (ok)
            acc[na++] = p;
    }
    for (int j = 0; j < na; j++)
        push(g, day, sec, organiser, acc[j], ch, weight, cs, mid, mk);
}

/* ------------------------------------------------------------------------ */
/* Picking actors                                                           */

/* One of the first k members of a fixed window in [first, first+n). */
static int pick_win(gen *g, int first, int n, uint32_t key, int k)
{
    if (n <= 0)
        return -1;
    if (k > n)
        k = n;
    int off = (int)(mix2(key, (uint32_t)first) % (uint32_t)n);
    return first + (off + below(&g->r, k)) % n;
}

static int pick_any(gen *g, int first, int n)
{
    return n > 0 ? first + below(&g->r, n) : -1;
}

/* A municipal actor group member chosen by a partner key. */
static int mpick(gen *g, int m, int kind, uint32_t key, int k)
{
    const muni_rec *M = &g->mun[m];
    return pick_win(g, M->first[kind], M->n[kind], key, k);
}

/*
 * A member of the "message desk" of a municipal care unit: the seventh of the
 * frontline staff who handle care messages, pathways and contacts with
 * other units, GPs and the hospital.
 */
static int mpick_desk(gen *g, int m, int kind, uint32_t key)
{
    const muni_rec *M = &g->mun[m];
    int n = M->n[kind];
    if (n <= 1)
        return pick_win(g, M->first[kind], n, key, 1);
    int nd = (n - 1 + 6) / 7;
    return pick_win(g, M->first[kind] + 1, nd, key, 1);
}

static int mpick_any(gen *g, int m, int kind)
{
    const muni_rec *M = &g->mun[m];
    return pick_any(g, M->first[kind], M->n[kind]);
}

static int ward_doc(gen *g, int h, int w, uint32_t key)
{
    const unit *u = &g->units[g->hos[h].ward[w]];
    return pick_win(g, u->first + 1, u->ndoc, key, 1);
}

static int ward_nurse(gen *g, int h, int w, uint32_t key)
{
    const unit *u = &g->units[g->hos[h].ward[w]];
    return pick_win(g, u->first + 1 + u->ndoc, u->n - 1 - u->ndoc, key, 1);
}

static int pick_muni(gen *g)
{
    double x = rng_unit(&g->r) * g->mtotal;
    int lo = 0, hi = g->nmun - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (g->mcum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* ------------------------------------------------------------------------ */
/* Generators: steady dyadic traffic                                        */

typedef struct flow {
    int src, dst, mix, profile;
    double rate; /* contacts per source actor per full workday */
} flow;

static const flow muni_flows[] = {
    {K_TILD, K_HJSP, MIX_EMSG, P_OFFICE, 0.30},  {K_TILD, K_SHJ, MIX_EMSG, P_OFFICE, 0.15},
    {K_TILD, K_KORT, MIX_EMSG, P_OFFICE, 0.15},  {K_HJSP, K_TILD, MIX_EMSG, P_OFFICE, 0.06},
    {K_SHJ, K_TILD, MIX_EMSG, P_OFFICE, 0.04},   {K_KORT, K_TILD, MIX_EMSG, P_OFFICE, 0.08},
    {K_KORT, K_HJSP, MIX_EMSG, P_CARE, 0.06},    {K_HJSP, K_KORT, MIX_PHONE, P_CARE, 0.03},
    {K_LV, K_HJSP, MIX_PHONE, P_CARE, 0.08},     {K_HJSP, K_LV, MIX_PHONE, P_CARE, 0.03},
    {K_LV, K_SHJ, MIX_PHONE, P_CARE, 0.05},      {K_KE, K_TILD, MIX_TALK, P_OFFICE, 0.15},
    {K_TILD, K_KE, MIX_TALK, P_OFFICE, 0.08},    {K_KE, K_HJSP, MIX_TALK, P_OFFICE, 0.10},
    {K_REHAB, K_HJSP, MIX_TALK, P_OFFICE, 0.12}, {K_REHAB, K_KORT, MIX_TALK, P_OFFICE, 0.12},
    {K_KLEGE, K_LV, MIX_TALK, P_OFFICE, 0.20},   {K_GP, K_HJSP, MIX_EMSG, P_OFFICE, 0.12},
    {K_HJSP, K_GP, MIX_EMSG, P_OFFICE, 0.05},    {K_GP, K_SHJ, MIX_EMSG, P_OFFICE, 0.04},
    {K_SHJ, K_GP, MIX_EMSG, P_OFFICE, 0.03},     {K_GP, K_KORT, MIX_EMSG, P_OFFICE, 0.03},
    {K_GP, K_TILD, MIX_EMSG, P_OFFICE, 0.05},    {K_GP, K_LV, MIX_PHONE, P_OFFICE, 0.02},
    {K_GP, K_KLEGE, MIX_TALK, P_OFFICE, 0.02},   {K_GP, K_KE, MIX_EMSG, P_OFFICE, 0.02},
    {K_GP, K_NAV, MIX_EMSG, P_OFFICE, 0.06},     {K_NAV, K_GP, MIX_EMSG, P_OFFICE, 0.10},
    {K_NAV, K_KE, MIX_TALK, P_OFFICE, 0.10},     {K_NAV, K_TILD, MIX_TALK, P_OFFICE, 0.04},
    {K_BV, K_KE, MIX_TALK, P_OFFICE, 0.10},      {K_BV, K_LV, MIX_PHONE, P_OFFICE, 0.04},
    {K_HS, K_KE, MIX_TALK, P_OFFICE, 0.05},      {K_HS, K_GP, MIX_EMSG, P_OFFICE, 0.05},
    {K_REL, K_KE, MIX_PHONE, P_OFFICE, 0.10},    {K_REL, K_HJSP, MIX_PHONE, P_CARE, 0.10},
    {K_HJSP, K_REL, MIX_PHONE, P_CARE, 0.02},
};

static int is_desk_kind(int kind)
{
    return kind == K_TILD || kind == K_HJSP || kind == K_SHJ || kind == K_KORT;
}

static double day_factor(const dayinfo *di, int profile)
{
    return profile == P_OFFICE ? di->f_office : di->f_care;
}

/* Chatter between colleagues in the same unit. */
static void gen_intra_unit(gen *g, const dayinfo *di)
{
    const double rate = 0.10 * g->cfg->act;
    for (int u = 0; u < g->nunit; u++) {
        const unit *U = &g->units[u];
        if (U->n < 2 || U->kind == K_REL || U->kind == K_USERS)
            continue;
        int care = U->kind == K_HJSP || U->kind == K_SHJ || U->kind == K_KORT || U->kind == K_LV ||
                   (U->kind >= K_MED && U->kind <= K_AKUTT);
        int prof = care ? P_CARE : P_OFFICE;
        int n = rng_count(&g->r, rate * U->n * day_factor(di, prof));
        for (int i = 0; i < n; i++) {
            /* everyone talks to a buddy (pairs of neighbours) and the manager */
            int ia = below(&g->r, U->n), ib, base = U->has_mgr;
            if (U->has_mgr && ia != 0 && rng_chance(&g->r, 0.25)) {
                ib = 0;
            } else if (ia < base) {
                ib = base + below(&g->r, U->n - base);
            } else {
                ib = base + ((ia - base) ^ 1);
                if (ib >= U->n)
                    ib = ia > base ? ia - 1 : 0;
            }
            emit_mix(g, U->first + ia, U->first + ib, MIX_CHAT, prof, 0);
        }
    }
}

static void gen_muni_flows(gen *g, const dayinfo *di)
{
    const double act = g->cfg->act;
    for (int m = 0; m < g->nmun; m++) {
        const muni_rec *M = &g->mun[m];
        for (size_t f = 0; f < sizeof muni_flows / sizeof muni_flows[0]; f++) {
            const flow *F = &muni_flows[f];
            int ns = M->n[F->src];
            if (ns == 0 || M->n[F->dst] == 0)
                continue;
            double lam = F->rate * ns * act * day_factor(di, F->profile);
            if (F->mix == MIX_EMSG)
                lam *= di->growth;
            int n = rng_count(&g->r, lam);
            int desk_src = is_desk_kind(F->src), desk_dst = is_desk_kind(F->dst);
            for (int i = 0; i < n; i++) {
                /* care units deal with others through their message desk */
                int a, b;
                if (desk_src && !desk_dst && F->dst != K_REL) {
                    b = mpick_any(g, m, F->dst);
                    a = mpick_desk(g, m, F->src, (uint32_t)b);
                } else {
                    a = desk_src ? mpick_desk(g, m, F->src, (uint32_t)rng_next(&g->r))
                                 : M->first[F->src] + below(&g->r, ns);
                    b = desk_dst ? mpick_desk(g, m, F->dst, (uint32_t)a)
                                 : mpick(g, m, F->dst, (uint32_t)a, 1);
                }
                emit_mix(g, a, b, F->mix, F->profile, 0);
            }
        }

        /* Leader lines: managers <-> kommunalsjef <-> rådmann. */
        double f = di->f_office * act;
        int n = rng_count(&g->r, 0.12 * M->nmgr * f);
        for (int i = 0; i < n; i++)
            emit_mix(g, M->mgr[below(&g->r, M->nmgr)], M->ksjef, MIX_TALK, P_OFFICE, 0);
        n = rng_count(&g->r, 0.08 * M->nmgr * f);
        for (int i = 0; i < n; i++)
            emit_mix(g, M->ksjef, M->mgr[below(&g->r, M->nmgr)], MIX_TALK, P_OFFICE, 0);
        n = rng_count(&g->r, 0.3 * f);
        for (int i = 0; i < n; i++) {
            if (rng_chance(&g->r, 0.5))
                emit_mix(g, M->ksjef, M->radmann, MIX_TALK, P_OFFICE, 0);
            else
                emit_mix(g, M->radmann, M->ksjef, MIX_TALK, P_OFFICE, 0);
        }
        n = rng_count(&g->r, 0.06 * f);
        for (int i = 0; i < n; i++)
            emit_mix(g, M->klege, M->ksjef, MIX_TALK, P_OFFICE, 0);

        /* Cross-boundary work outside cases, towards the catchment hospital. */
        const hosp *H = &g->hos[M->hosp];
        double w = M->weight * f;
        n = rng_count(&g->r, 0.10 * w);
        for (int i = 0; i < n; i++) {
            int t = mpick(g, m, rng_chance(&g->r, 0.7) ? K_TILD : K_KE, (uint32_t)H->samh, 2);
            if (rng_chance(&g->r, 0.5))
                emit_mix(g, H->samh, t, MIX_TALK, P_OFFICE, 0);
            else
                emit_mix(g, t, H->samh, MIX_TALK, P_OFFICE, 0);
        }
        n = rng_count(&g->r, 0.05 * w);
        for (int i = 0; i < n; i++) {
            static const int wards[3] = {W_MED, W_GER, W_KIR};
            static const int kinds[3] = {K_HJSP, K_SHJ, K_KORT};
            int hm = H->mgr[wards[below(&g->r, 3)]];
            int mm = g->units[M->unit[kinds[below(&g->r, 3)]]].first;
            if (rng_chance(&g->r, 0.5))
                emit_mix(g, hm, mm, MIX_PHONE, P_OFFICE, 0);
            else
                emit_mix(g, mm, hm, MIX_PHONE, P_OFFICE, 0);
        }
        n = rng_count(&g->r, 0.03 * w);
        for (int i = 0; i < n; i++)
            emit_mix(g, M->klege, ward_doc(g, M->hosp, W_AKUTT, (uint32_t)m), MIX_PHONE, P_OFFICE,
                     0);
        n = rng_count(&g->r, 0.03 * f);
        for (int i = 0; i < n; i++)
            emit_mix(g, M->ksjef, H->samh, MIX_TALK, P_OFFICE, 0);
        n = rng_count(&g->r, 0.008 * f);
        for (int i = 0; i < n; i++)
            emit_mix(g, M->radmann, H->dir, MIX_TALK, P_OFFICE, 0);
        n = rng_count(&g->r, 0.04 * M->n[K_NAV] * f);
        for (int i = 0; i < n; i++) {
            int a = mpick_any(g, m, K_NAV);
            emit_mix(g, a, ward_nurse(g, M->hosp, W_DPS, (uint32_t)a), MIX_TALK, P_OFFICE, 0);
        }
        n = rng_count(&g->r, 0.05 * (M->n[K_BV] + M->n[K_HS]) * f);
        for (int i = 0; i < n; i++) {
            int a = rng_chance(&g->r, 0.6) ? mpick_any(g, m, K_BV) : mpick_any(g, m, K_HS);
            if (a < 0)
                a = mpick_any(g, m, K_BV);
            int b = ward_nurse(g, M->hosp, W_BUP, (uint32_t)m);
            if (rng_chance(&g->r, 0.5))
                emit_mix(g, a, b, MIX_PHONE, P_OFFICE, 0);
            else
                emit_mix(g, b, a, MIX_PHONE, P_OFFICE, 0);
        }
    }
}

static void gen_hospital_flows(gen *g, const dayinfo *di)
{
    const double act = g->cfg->act;
    for (int h = 0; h < 2; h++) {
        const hosp *H = &g->hos[h];
        double f = di->f_office * act, fc = di->f_care * act;
        const unit *ak = &g->units[H->ward[W_AKUTT]];
        int n = rng_count(&g->r, 0.25 * ak->n * fc);
        for (int i = 0; i < n; i++) {
            static const int wards[3] = {W_MED, W_KIR, W_GER};
            int a = ak->first + below(&g->r, ak->n);
            emit_mix(g, a, ward_nurse(g, h, wards[below(&g->r, 3)], (uint32_t)a), MIX_EMSG, P_CARE,
                     0);
        }
        for (int w = 0; w < N_WARDS; w++) {
            const unit *U = &g->units[H->ward[w]];
            n = rng_count(&g->r, 0.05 * U->ndoc * f);
            for (int i = 0; i < n; i++) {
                int a = U->first + 1 + below(&g->r, U->ndoc);
                int w2 = (w + 1 + below(&g->r, N_WARDS - 1)) % N_WARDS;
                emit_mix(g, a, ward_doc(g, h, w2, (uint32_t)a), MIX_PHONE, P_OFFICE, 0);
            }
            n = rng_count(&g->r, 0.10 * f);
            for (int i = 0; i < n; i++)
                emit_mix(g, H->mgr[w], H->dir, MIX_TALK, P_OFFICE, 0);
            n = rng_count(&g->r, 0.06 * f);
            for (int i = 0; i < n; i++)
                emit_mix(g, H->dir, H->mgr[w], MIX_TALK, P_OFFICE, 0);
            n = rng_count(&g->r, 0.08 * f);
            for (int i = 0; i < n; i++) {
                if (rng_chance(&g->r, 0.5))
                    emit_mix(g, H->samh, H->mgr[w], MIX_TALK, P_OFFICE, 0);
                else
                    emit_mix(g, H->mgr[w], H->samh, MIX_TALK, P_OFFICE, 0);
            }
        }
        n = rng_count(&g->r, 0.3 * f);
        for (int i = 0; i < n; i++)
            emit_mix(g, H->samh, rng_chance(&g->r, 0.5) ? H->flk : H->dir, MIX_TALK, P_OFFICE, 0);
        n = rng_count(&g->r, 0.2 * f);
        for (int i = 0; i < n; i++)
            emit_mix(g, H->flk, ward_nurse(g, h, below(&g->r, N_WARDS), (uint32_t)i), MIX_EMSG,
                     P_OFFICE, 0);
    }
    int n = rng_count(&g->r, 0.05 * di->f_office * g->volume);
    for (int i = 0; i < n; i++)
        emit_mix(g, g->hos[i & 1].dir, g->hos[(i + 1) & 1].dir, MIX_TALK, P_OFFICE, 0);
    n = rng_count(&g->r, 0.05 * g->n_users * di->f_office * g->volume);
    for (int i = 0; i < n; i++) {
        int u = g->users_first + below(&g->r, g->n_users);
        int m = g->act[u].muni;
        emit_mix(g, u, mpick_any(g, m, K_KE), MIX_EMSG, P_OFFICE, 0);
    }
}

/* ------------------------------------------------------------------------ */
/* Generators: patient pathways (cases)                                     */

static int pick_care_kind(gen *g, int m)
{
    int x = below(&g->r, 100);
    int k = x < 55 ? K_HJSP : x < 70 ? K_SHJ : K_KORT;
    return g->mun[m].n[k] ? k : K_HJSP;
}

/*
 * Admission, stay and discharge; sometimes readmission (ping-pong). When
 * ping-pong is not planted for the case, each readmission becomes the
 * admission of another patient instead (once: no readmission drawn).
 */
static void case_admission(gen *g, int day, int32_t cs, int m, int gp, int h, int once)
{
    rng *r = &g->r;
    int x = below(r, 100);
    int w = x < 40 ? W_MED : x < 70 ? W_KIR : x < 90 ? W_GER : W_DPS;
    if (h != g->mun[m].hosp)
        w = W_KIR; /* the other hospital only for surgery */
    /* stable partners: the patient's GP decides the municipal staff, and
       each municipal worker has one contact nurse per ward */
    int doc = ward_doc(g, h, w, (uint32_t)gp);
    int tild = mpick_desk(g, m, K_TILD, (uint32_t)gp);
    int ck = pick_care_kind(g, m);
    int care = mpick_desk(g, m, ck, (uint32_t)gp);
    int nurse = ward_nurse(g, h, w, (uint32_t)tild);
    int cnurse = ward_nurse(g, h, w, (uint32_t)care);
    int lv = mpick(g, m, K_LV, (uint32_t)gp, 1);
    int adm;

    if (rng_chance(r, 0.5)) {
        day = workday_from(g, day);
        cev(g, day, P_OFFICE, gp, doc, CH_REFERRAL, cs);
        adm = day + rng_range(r, 0, 3);
    } else {
        int ad = ward_doc(g, h, W_AKUTT, (uint32_t)lv);
        cev(g, day, P_CARE, lv, ad, CH_REFERRAL, cs);
        cev(g, day, P_CARE, ward_nurse(g, h, W_AKUTT, (uint32_t)nurse), nurse, CH_EMSG, cs);
        adm = day;
    }
    int rounds = 1, twins = 0;
    if (!once && rng_chance(r, 0.14)) {
        rounds = rng_chance(r, 0.3) ? 3 : 2;
        int on =
            (g->plant & SN_SYNTH_P_PINGPONG) && (g->strength >= 1.0 || rng_chance(r, g->strength));
        if (!on) {
            twins = rounds - 1;
            rounds = 1;
        }
    }
    for (int round = 0; round < rounds; round++) {
        int stay = round == 0 ? rng_range(r, 2, 12) : rng_range(r, 2, 6);
        cev(g, adm, P_CARE, nurse, tild, CH_EMSG, cs);
        cev(g, adm + 1, P_OFFICE, tild, nurse, CH_EMSG, cs);
        for (int d = 2; d < stay - 1; d += rng_range(r, 1, 3)) {
            int y = below(r, 4);
            int a = y == 0 ? nurse : y == 1 ? tild : y == 2 ? cnurse : care;
            int b = y == 0 ? tild : y == 1 ? nurse : y == 2 ? care : cnurse;
            cev(g, adm + d, P_CARE, a, b, CH_EMSG, cs);
        }
        if (rng_chance(r, 0.35)) {
            int up = rng_chance(r, 0.5);
            cev(g, adm + rng_range(r, 1, stay), P_OFFICE, up ? nurse : tild, up ? tild : nurse,
                CH_PHONE, cs);
        }
        if (rng_chance(r, 0.12)) {
            int v = rng_chance(r, 0.5) ? mpick(g, m, K_KE, (uint32_t)gp, 1) : tild;
            cev(g, adm + rng_range(r, 1, stay), P_OFFICE, v < 0 ? tild : v, nurse, CH_VISIT, cs);
        }
        if (rng_chance(r, 0.10))
            cev(g, adm + rng_range(r, 0, stay), P_OFFICE, doc,
                rng_chance(r, 0.5) ? gp : g->mun[m].klege, CH_PHONE, cs);
        int dis = adm + stay;
        cev(g, dis - 1, P_CARE, nurse, tild, CH_EMSG, cs); /* utskrivningsklar */
        cev(g, dis - 1, P_OFFICE, tild, nurse, CH_EMSG, cs);
        cev(g, dis, P_OFFICE, doc, gp, CH_DISCHARGE, cs);
        cev(g, dis, P_CARE, cnurse, care, CH_EMSG, cs);
        int post = dis + rng_range(r, 1, 5);
        cev(g, post, P_OFFICE, care, gp, CH_EMSG, cs);
        if (rng_chance(r, 0.5))
            cev(g, post + 1, P_OFFICE, gp, care, CH_EMSG, cs);
        if (round + 1 < rounds) {
            /* back again: the municipality sends the patient in */
            adm = dis + rng_range(r, 2, 8);
            int sender = rng_chance(r, 0.6) ? lv : care;
            cev(g, adm, P_CARE, sender, ward_doc(g, h, W_AKUTT, (uint32_t)sender), CH_REFERRAL, cs);
            cev(g, adm, P_CARE, care, cnurse, CH_PHONE, cs);
        }
    }
    for (int i = 0; i < twins; i++) {
        const muni_rec *M = &g->mun[m];
        int gp2 = M->first[K_GP] + below(r, M->n[K_GP]);
        case_admission(g, day + rng_range(r, 4, 20 * (i + 1)), ++g->case_seq, m, gp2, h, 1);
    }
}

/* Outpatient referral and, for psychiatry, work with the municipality. */
static void case_outpatient(gen *g, int day, int32_t cs, int m, int gp, int h)
{
    rng *r = &g->r;
    int x = below(r, 100);
    int w = x < 30 ? W_MED : x < 65 ? W_KIR : x < 75 ? W_GER : x < 90 ? W_DPS : W_BUP;
    if (h != g->mun[m].hosp)
        w = W_KIR;
    int doc = ward_doc(g, h, w, (uint32_t)gp);
    day = workday_from(g, day);
    cev(g, day, P_OFFICE, gp, doc, CH_REFERRAL, cs);
    if (rng_chance(r, 0.2)) {
        int d = day + rng_range(r, 1, 6);
        cev(g, d, P_OFFICE, doc, gp, CH_EMSG, cs);
        cev(g, d + rng_range(r, 0, 3), P_OFFICE, gp, doc, CH_EMSG, cs);
    }
    int end = day + rng_range(r, 7, 45);
    if ((w == W_DPS || w == W_BUP) && rng_chance(r, 0.5)) {
        int ke = mpick(g, m, K_KE, (uint32_t)gp, 1);
        int nurse = ward_nurse(g, h, w, (uint32_t)ke);
        int other = w == W_DPS ? mpick(g, m, K_NAV, (uint32_t)gp, 1)
                               : mpick(g, m, rng_chance(r, 0.5) ? K_BV : K_HS, (uint32_t)gp, 1);
        if (other < 0)
            other = mpick(g, m, K_NAV, (uint32_t)gp, 1);
        for (int i = rng_range(r, 1, 4); i > 0; i--) {
            int d = day + rng_range(r, 3, end - day);
            if (rng_chance(r, 0.5))
                cev(g, d, P_OFFICE, nurse, ke, CH_EMSG, cs);
            else
                cev(g, d, P_OFFICE, ke, nurse, rng_chance(r, 0.6) ? CH_EMSG : CH_PHONE, cs);
        }
        cev(g, day + rng_range(r, 2, end - day), P_OFFICE, ke, other, CH_PHONE, cs);
        if (rng_chance(r, 0.4)) {
            /* ansvarsgruppemøte, organised by the coordinating unit */
            int d = workday_from(g, day + rng_range(r, 10, end - day + 5));
            if (d < g->ndays && ke >= 0) {
                int cand[6] = {ward_doc(g, h, w, (uint32_t)ke), gp, other, nurse,
                               mpick_any(g, m, K_REL),          -1};
                if (w == W_DPS)
                    cand[5] = mpick_desk(g, m, K_HJSP, (uint32_t)gp);
                if (g->mun[m].bridged && follows(g, ke, cand[0], SALT_BRIDGE))
                    cand[0] = g->bridge_coord;
                int ch = rng_chance(r, g->days[d].video) ? CH_VIDEO : CH_MEETING;
                int sec = rng_range(r, 8, 14) * 3600 + 1800 * below(r, 2);
                meeting(g, d, sec, ke, cand, 6, ch, rng_range(r, 4, 6) * 15, MK_M, ++g->meet_seq,
                        cs, 1);
            }
        }
    }
    cev(g, end, P_OFFICE, doc, gp, CH_DISCHARGE, cs);
}

/* A pathway inside the municipality: allocation, care, GP, coordinators. */
static void case_municipal(gen *g, int day, int32_t cs, int m, int gp)
{
    rng *r = &g->r;
    int ck = pick_care_kind(g, m);
    int tild = mpick_desk(g, m, K_TILD, (uint32_t)gp);
    int care = mpick_desk(g, m, ck, (uint32_t)gp);
    day = workday_from(g, day);
    cev(g, day, P_OFFICE, rng_chance(r, 0.5) ? gp : care, tild, CH_EMSG, cs);
    cev(g, day + rng_range(r, 1, 4), P_OFFICE, tild, care, CH_EMSG, cs);
    int len = rng_range(r, 7, 28);
    for (int i = rng_range(r, 1, 4); i > 0; i--) {
        int d = day + rng_range(r, 2, len);
        if (rng_chance(r, 0.6))
            cev(g, d, P_OFFICE, care, gp, CH_EMSG, cs);
        else
            cev(g, d, P_OFFICE, gp, care, CH_EMSG, cs);
    }
    if (rng_chance(r, 0.3)) {
        int ke = mpick(g, m, K_KE, (uint32_t)gp, 1);
        cev(g, day + rng_range(r, 2, len), P_OFFICE, tild, ke, CH_EMSG, cs);
        cev(g, day + rng_range(r, 3, len), P_OFFICE, ke, care, CH_PHONE, cs);
        if (rng_chance(r, 0.4))
            cev(g, day + rng_range(r, 3, len), P_OFFICE, ke, mpick(g, m, K_NAV, (uint32_t)gp, 1),
                CH_EMSG, cs);
        int rel = mpick_any(g, m, K_REL);
        if (rel >= 0 && rng_chance(r, 0.5))
            cev(g, day + rng_range(r, 1, len), P_OFFICE, rel, ke, CH_PHONE, cs);
    }
    if (ck == K_KORT && g->mun[m].n[K_HJSP] && rng_chance(r, 0.5))
        cev(g, day + len, P_CARE, care, mpick_desk(g, m, K_HJSP, (uint32_t)gp), CH_EMSG, cs);
    if (g->mun[m].n[K_REHAB] && rng_chance(r, 0.25))
        cev(g, day + rng_range(r, 2, len), P_OFFICE, mpick(g, m, K_REHAB, (uint32_t)gp, 1), care,
            CH_PHONE, cs);
}

static void gen_cases(gen *g, const dayinfo *di)
{
    double lam =
        0.9 * g->mtotal * g->cfg->act * di->growth * (0.7 * di->f_office + 0.3 * di->f_care);
    int n = rng_count(&g->r, lam);
    for (int i = 0; i < n; i++) {
        int m = pick_muni(g);
        const muni_rec *M = &g->mun[m];
        if (M->n[K_GP] == 0)
            continue;
        int gp = M->first[K_GP] + below(&g->r, M->n[K_GP]);
        int h = rng_chance(&g->r, 0.95) ? M->hosp : 1 - M->hosp;
        int32_t cs = ++g->case_seq;
        int x = below(&g->r, 100);
        if (x < 55)
            case_admission(g, g->cur, cs, m, gp, h, 0);
        else if (x < 82)
            case_outpatient(g, g->cur, cs, m, gp, h);
        else
            case_municipal(g, g->cur, cs, m, gp);
    }
}

/* ------------------------------------------------------------------------ */
/* Generators: meetings                                                     */

static int meeting_channel(gen *g, const dayinfo *di)
{
    return rng_chance(&g->r, di->video) ? CH_VIDEO : CH_MEETING;
}

/*
 * How many meetings a scheduled slot holds: one with probability p, and at
 * another --volume a count with mean p * volume (each an hour later).
 */
static int sessions(gen *g, double p)
{
    if (g->volume == 1.0)
        return rng_chance(&g->r, p);
    return rng_count(&g->r, p * g->volume);
}

static void gen_unit_meetings(gen *g, const dayinfo *di)
{
    int cand[MAXPART];
    int week = (g->cur + 4) / 7;
    if (!di->workday)
        return;
    double p = g->cfg->meet_p * (di->month == 7 ? 0.4 : 1.0);
    for (int u = 0; u < g->nunit; u++) {
        const unit *U = &g->units[u];
        if (!U->has_mgr || U->n < 3 || U->meet_wday != di->wday)
            continue;
        int weekly = U->kind == K_HJSP || U->kind == K_SHJ || U->kind == K_KORT ||
                     (U->kind >= K_MED && U->kind <= K_AKUTT);
        if (!weekly && week % 2)
            continue;
        for (int t = sessions(g, p) - 1; t >= 0; t--) {
            int nc = 0;
            for (int i = 1; i < U->n && nc < MAXPART; i++)
                if (rng_chance(&g->r, 0.7))
                    cand[nc++] = U->first + i;
            int ch = meeting_channel(g, di);
            int sec = (U->kind == K_HJSP || U->kind == K_SHJ) ? 14 * 3600 : 8 * 3600 + 1800;
            meeting(g, g->cur, sec - 3600 * t, U->first, cand, nc, ch, draw_weight(g, ch), MK_M,
                    ++g->meet_seq, 0, 0);
        }
    }

    /* Leader groups every other week: kommunalsjef + unit managers. */
    if (week % 2 == 0 && di->wday == 1) {
        for (int m = 0; m < g->nmun; m++) {
            const muni_rec *M = &g->mun[m];
            for (int t = sessions(g, g->cfg->meet_p) - 1; t >= 0; t--) {
                int ch = meeting_channel(g, di);
                if (M->silo && (g->strength >= 1.0 || rng_chance(&g->r, g->strength))) {
                    /* the silo: one-to-one talks with the kommunalsjef only */
                    for (int i = 0; i < M->nmgr; i++)
                        if (rng_chance(&g->r, 0.5))
                            emit(g, g->cur, (9 + i % 6 + t) * 3600, M->ksjef, M->mgr[i], ch,
                                 draw_weight(g, ch), 0);
                    continue;
                }
                int nc = 0;
                for (int i = 0; i < M->nmgr; i++)
                    cand[nc++] = M->mgr[i];
                cand[nc++] = M->klege;
                meeting(g, g->cur, (9 + t) * 3600, M->ksjef, cand, nc, ch, draw_weight(g, ch), MK_M,
                        ++g->meet_seq, 0, 0);
            }
        }
    }
    /* Hospital management every other week. */
    if (week % 2 == 1 && di->wday == 2) {
        for (int h = 0; h < 2; h++) {
            const hosp *H = &g->hos[h];
            int nc = 0;
            for (int w = 0; w < N_WARDS; w++)
                cand[nc++] = H->mgr[w];
            cand[nc++] = H->samh;
            for (int t = g->volume == 1.0 ? 0 : rng_count(&g->r, g->volume) - 1; t >= 0; t--) {
                int ch = meeting_channel(g, di);
                meeting(g, g->cur, (8 + t) * 3600, H->dir, cand, nc, ch, draw_weight(g, ch), MK_M,
                        ++g->meet_seq, 0, 0);
            }
        }
    }
}

/* Quarterly partnership meetings and strategic committee meetings. */
static void gen_governance(gen *g, const dayinfo *di)
{
    static const int ps_month[4] = {2, 5, 9, 11}, ss_month[4] = {3, 6, 10, 12};
    int cand[MAXPART];
    for (int q = 0; q < 4; q++) {
        int d0 = day_index(di->year, ps_month[q], 12);
        if (g->cur == workday_from(g, d0)) {
            int org = g->hos[q & 1].dir;
            int nc = 0;
            cand[nc++] = g->hos[(q + 1) & 1].dir;
            for (int m = 0; m < g->nmun && nc < MAXPART; m++)
                cand[nc++] = g->mun[m].radmann;
            int ch = meeting_channel(g, di);
            meeting(g, g->cur, 10 * 3600, org, cand, nc, ch, rng_range(&g->r, 8, 12) * 15, MK_PS,
                    di->year * 10 + q + 1, 0, 1);
        }
        d0 = day_index(di->year, ss_month[q], 5);
        if (g->cur == workday_from(g, d0)) {
            int nc = 0;
            cand[nc++] = g->hos[1].samh;
            for (int m = 0; m < g->nmun && nc < MAXPART; m++)
                cand[nc++] = g->mun[m].ksjef;
            int ch = meeting_channel(g, di);
            meeting(g, g->cur, 12 * 3600, g->hos[0].samh, cand, nc, ch,
                    rng_range(&g->r, 6, 10) * 15, MK_SS, di->year * 10 + q + 1, 0, 1);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* The learning network                                                     */

static void ln_add_member(gen *g, int a)
{
    if (a < 0 || g->ln_n >= LN_MAX_MEMBERS || (g->act[a].flags & (F_LN | F_LNX)))
        return;
    g->act[a].flags |= (g->plant & SN_SYNTH_P_LEARNING) ? F_LN : F_LNX;
    g->ln_leave[g->ln_n] = N_GATHER;
    /* about one in eight members leaves along the way */
    if (rng_chance(&g->r, 0.12))
        g->ln_leave[g->ln_n] = rng_range(&g->r, 4, N_GATHER - 1);
    g->ln_mem[g->ln_n++] = a;
}

static void ln_form_pairs(gen *g, const int *att, int na, double p, int from_day);

/*
 * The learning network's null twin: the same members, no gatherings, and
 * the pairs the gatherings would have formed in contact at a steady rate over
 * the whole period, with the same expected number of contacts (a planted
 * pair is active from its gathering to the end, then fades with a mean life
 * of 182.5 / ln 2 = 263 days).
 */
static void ln_null_pairs(gen *g)
{
    int att[LN_MAX_MEMBERS];
    for (int gi = 0; gi < N_GATHER; gi++) {
        int na = 0;
        for (int i = 0; i < g->ln_n; i++)
            if (gi < g->ln_leave[i] && rng_chance(&g->r, 0.85))
                att[na++] = g->ln_mem[i];
        int video = gi >= 13 && (g->plant & SN_SYNTH_P_VIDEO);
        ln_form_pairs(g, att, na, gi < 4 ? 0.35 : video ? 0.08 : 0.15, g->ln_day[gi] + 1);
    }
    for (int i = 0; i < g->npairs; i++) {
        ln_pair *p = &g->pairs[i];
        double active = g->ln_end - p->from_day + 263.0;
        p->rate *= (active > 0 ? active : 0) / g->ndays;
        p->from_day = 0;
    }
}

static void ln_setup(gen *g)
{
    static const int dates[N_GATHER][3] = {
        {2017, 3, 15}, {2017, 6, 7},   {2017, 9, 20}, {2017, 11, 29}, {2018, 3, 7},  {2018, 6, 6},
        {2018, 9, 19}, {2018, 11, 28}, {2019, 3, 13}, {2019, 6, 12},  {2019, 9, 25}, {2019, 12, 4},
        {2020, 2, 19}, {2020, 6, 10},  {2020, 9, 23}, {2020, 11, 25},
    };
    for (int i = 0; i < N_GATHER; i++)
        g->ln_day[i] = day_index(dates[i][0], dates[i][1], dates[i][2]);
    g->ln_end = day_index(2020, 12, 1);

    int planted = (g->plant & SN_SYNTH_P_LEARNING) != 0;
    g->ln_org = g->hos[0].samh;
    g->act[g->ln_org].flags |= planted ? F_LN : F_LNX;
    /* the organiser is not counted among the members who attend */
    ln_add_member(g, g->hos[0].flk);
    for (int h = 0; h < 2; h++) {
        static const int wards[3] = {W_MED, W_GER, W_KIR};
        for (int i = 0; i < 3; i++) {
            ln_add_member(g, g->hos[h].mgr[wards[i]]);
            if (i < 2)
                ln_add_member(g, ward_nurse(g, h, wards[i], (uint32_t)(777 + i)));
        }
    }
    int taken = 0;
    for (int m = 0; m < g->nmun && taken < g->cfg->ln_munis; m++) {
        muni_rec *M = &g->mun[m];
        if (M->silo || M->bridged)
            continue;
        M->ln = 1;
        taken++;
        ln_add_member(g, M->first[K_HJSP]); /* unit manager */
        if (rng_chance(&g->r, 0.5))
            ln_add_member(g, M->first[rng_chance(&g->r, 0.5) ? K_SHJ : K_KORT]);
        ln_add_member(g, M->first[K_HJSP] + 1 + below(&g->r, M->n[K_HJSP] - 1));
        int k = rng_chance(&g->r, 0.5) ? K_KORT : K_SHJ;
        ln_add_member(g, M->first[k] + 1 + below(&g->r, M->n[k] - 1));
        if (rng_chance(&g->r, 0.6))
            ln_add_member(g, M->first[K_TILD] + below(&g->r, M->n[K_TILD]));
    }
    for (int i = 0; i < g->n_users; i++)
        ln_add_member(g, g->users_first + i);

    g->decay = malloc((size_t)g->ndays * sizeof *g->decay);
    if (!g->decay) {
        g->oom = 1;
        return;
    }
    double x = 1.0;
    for (int d = 0; d < g->ndays; d++) {
        if (d > g->ln_end)
            x *= 0.9962091367899787; /* 2^(-1/182.5): half-life 182.5 days */
        g->decay[d] = x;
    }
    if (!planted)
        ln_null_pairs(g);
}

static int ln_pair_exists(const gen *g, int a, int b)
{
    for (int i = 0; i < g->npairs; i++)
        if ((g->pairs[i].a == a && g->pairs[i].b == b) ||
            (g->pairs[i].a == b && g->pairs[i].b == a))
            return 1;
    return 0;
}

static void gen_ln_gathering(gen *g, const dayinfo *di)
{
    int gi = -1;
    for (int i = 0; i < N_GATHER; i++)
        if (g->ln_day[i] == g->cur)
            gi = i;
    if (gi < 0)
        return;
    int att[LN_MAX_MEMBERS], na = 0;
    for (int i = 0; i < g->ln_n; i++)
        if (gi < g->ln_leave[i] && rng_chance(&g->r, 0.85))
            att[na++] = g->ln_mem[i];
    /* in person until the pandemic, on video from March 2020 */
    int ch =
        (di->year > 2020 || (di->year == 2020 && di->month >= 3)) && (g->plant & SN_SYNTH_P_VIDEO)
            ? CH_VIDEO
            : CH_MEETING;
    int weight = ch == CH_MEETING ? rng_range(&g->r, 20, 24) * 15 : rng_range(&g->r, 8, 12) * 15;
    meeting(g, g->cur, 9 * 3600, g->ln_org, att, na, ch, weight, MK_LN, gi + 1, 0, 0);

    /* New acquaintances across organisations. */
    ln_form_pairs(g, att, na, gi < 4 ? 0.35 : ch == CH_VIDEO ? 0.08 : 0.15, g->cur + 1);
}

/* Pairs of attendants of different organisations who start direct contact. */
static void ln_form_pairs(gen *g, const int *att, int na, double p, int from_day)
{
    for (int i = 0; i < na; i++) {
        int a = att[i];
        if (g->act[a].type == T_USER || !rng_chance(&g->r, p))
            continue;
        for (int tries = 0; tries < 4; tries++) {
            int b = att[below(&g->r, na)];
            if (g->act[b].type == T_USER || g->act[b].org == g->act[a].org ||
                ln_pair_exists(g, a, b))
                continue;
            ln_pair *pp = grow(g->pairs, &g->cappairs, g->npairs + 1, sizeof *pp);
            if (!pp) {
                g->oom = 1;
                return;
            }
            g->pairs = pp;
            g->pairs[g->npairs++] = (ln_pair){a, b, from_day, 0.03 + 0.05 * rng_unit(&g->r)};
            break;
        }
    }
}

/* Direct contacts of pairs who met at gatherings; they fade after the end. */
static void gen_ln_ties(gen *g, const dayinfo *di)
{
    double f = di->f_office * g->decay[g->cur] * g->volume;
    double steady = di->f_office * g->volume;
    for (int i = 0; i < g->npairs; i++) {
        const ln_pair *p = &g->pairs[i];
        /* below strength 1 some pairs keep their rate after the end */
        double fp = !(g->plant & SN_SYNTH_P_LEARNING)                       ? steady
                    : g->strength >= 1.0 || follows(g, p->a, p->b, SALT_LN) ? f
                                                                            : steady;
        if (g->cur < p->from_day || !rng_chance(&g->r, p->rate * fp))
            continue;
        int a = p->a, b = p->b;
        if (rng_chance(&g->r, 0.5)) {
            a = p->b;
            b = p->a;
        }
        int on, late;
        if (relay_of(g, a, b, &on, &late) >= 0 && on && late) {
            /* top_down: the other side starts it */
            int t = a;
            a = b;
            b = t;
        }
        int x = below(&g->r, 100);
        int ch = x < 45                         ? CH_PHONE
                 : x < 90                       ? CH_EMSG
                 : rng_chance(&g->r, di->video) ? CH_VIDEO
                                                : CH_PHONE;
        push(g, g->cur, draw_sec(g, P_OFFICE), a, b, ch, draw_weight(g, ch), 0, 0, MK_NONE);
    }
}

/* ------------------------------------------------------------------------ */
/* Job shadowing: municipality -> hospital only                             */

static void gen_shadowing(gen *g, const dayinfo *di)
{
    if (!di->shadow_ok)
        return;
    /* a couple of visits per municipality and year, more while the
       learning network ran */
    double boost = di->year >= 2017 && di->year <= 2020 ? 1.6 : 1.0;
    int n = rng_count(&g->r, 0.008 * g->nmun * di->f_office * boost * g->volume);
    /* not planted (or weaker): the hospital sends staff the other way too */
    double back = !(g->plant & SN_SYNTH_P_SHADOWING) ? 0.5 : 0.5 * (1.0 - g->strength);
    for (int i = 0; i < n; i++) {
        int m = pick_muni(g);
        const muni_rec *M = &g->mun[m];
        static const int kinds[4] = {K_HJSP, K_SHJ, K_KORT, K_TILD};
        int k = kinds[below(&g->r, 4)];
        if (M->n[k] < 2)
            continue;
        int a = M->first[k] + 1 + below(&g->r, M->n[k] - 1);
        int h = M->bridged ? 0 : rng_chance(&g->r, 0.85) ? M->hosp : 1 - M->hosp;
        static const int wards[5] = {W_MED, W_GER, W_KIR, W_AKUTT, W_DPS};
        int w = wards[below(&g->r, 5)];
        int host = rng_chance(&g->r, 0.5) ? g->hos[h].mgr[w] : ward_nurse(g, h, w, (uint32_t)a);
        int sec = 8 * 3600 + below(&g->r, 1800);
        if (back > 0.0 && rng_chance(&g->r, back))
            emit(g, g->cur, sec, host, a, CH_SHADOW, 1, 0);
        else
            emit(g, g->cur, sec, a, host, CH_SHADOW, 1, 0);
    }
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                  */

static char *put_uint(char *p, uint32_t v)
{
    char tmp[12];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_padded(char *p, uint32_t v, int width)
{
    char tmp[12];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width)
        tmp[n++] = '0';
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_str(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

static void write_event(gen *g, const dayinfo *di, const event *e)
{
    writer *w = &g->w;
    if (w->pos + 256 > w->cap && !wr_flush(w))
        return;
    char *p = w->buf + w->pos;
    p = put_str(p, di->date, 11);
    int s = e->sec;
    p = put_padded(p, (uint32_t)(s / 3600), 2);
    *p++ = ':';
    p = put_padded(p, (uint32_t)(s / 60 % 60), 2);
    *p++ = ':';
    p = put_padded(p, (uint32_t)(s % 60), 2);
    *p++ = 'Z';
    *p++ = ',';
    const actor *a = &g->act[e->from], *b = &g->act[e->to];
    p = put_str(p, a->id, (size_t)a->idlen);
    *p++ = ',';
    p = put_str(p, b->id, (size_t)b->idlen);
    *p++ = ',';
    const char *ch = channel_names[e->ch];
    p = put_str(p, ch, strlen(ch));
    *p++ = ',';
    if (e->cs) {
        *p++ = 'c';
        p = put_padded(p, (uint32_t)e->cs, 6);
    }
    *p++ = ',';
    switch (e->mk) {
    case MK_M:
        *p++ = 'm';
        p = put_padded(p, (uint32_t)e->mt, 6);
        break;
    case MK_LN:
        *p++ = 'l';
        *p++ = 'n';
        p = put_padded(p, (uint32_t)e->mt, 2);
        break;
    case MK_PS:
    case MK_SS:
        *p++ = e->mk == MK_PS ? 'p' : 's';
        *p++ = 's';
        p = put_uint(p, (uint32_t)e->mt / 10);
        *p++ = 'q';
        p = put_uint(p, (uint32_t)e->mt % 10);
        break;
    default:
        break;
    }
    *p++ = ',';
    p = put_uint(p, e->weight);
    *p++ = '\n';
    w->pos = (size_t)(p - w->buf);
}

/* Stable LSD radix sort of the day's events by second (two 9-bit digits). */
static int sort_today(gen *g)
{
    evbuf *a = &g->today, *t = &g->tmp;
    if (a->n < 2)
        return 1;
    if (t->cap < a->n) {
        event *v = realloc(t->v, a->n * sizeof *v);
        if (!v)
            return 0;
        t->v = v;
        t->cap = a->n;
    }
    for (int pass = 0; pass < 2; pass++) {
        size_t cnt[513] = {0};
        int shift = pass * 9;
        for (size_t i = 0; i < a->n; i++)
            cnt[((a->v[i].sec >> shift) & 511) + 1]++;
        for (int i = 0; i < 512; i++)
            cnt[i + 1] += cnt[i];
        for (size_t i = 0; i < a->n; i++)
            t->v[cnt[(a->v[i].sec >> shift) & 511]++] = a->v[i];
        event *sw = a->v;
        size_t sc = a->cap;
        a->v = t->v;
        a->cap = t->cap;
        t->v = sw;
        t->cap = sc;
    }
    return 1;
}

/* A CSV field, quoted per RFC 4180 when it needs to be. */
static void csv_field(FILE *fp, const char *s, int last)
{
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', fp);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', fp);
            fputc(*s, fp);
        }
        fputc('"', fp);
    } else {
        fputs(s, fp);
    }
    fputc(last ? '\n' : ',', fp);
}

static sn_status write_actors(gen *g, const char *path, sn_err *err)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return sn_err_set(err, SN_EIO, "cannot open %s: %s", path, strerror(errno));
    fputs("id,name,type,organisation,unit,rank,profession,municipality_size,travel_minutes\n", fp);
    for (int i = 0; i < g->nact; i++) {
        const actor *a = &g->act[i];
        char travel[16] = "";
        const char *size = "";
        if (a->muni >= 0) {
            snprintf(travel, sizeof travel, "%d", g->mun[a->muni].travel);
            size = size_names[g->mun[a->muni].size];
        }
        csv_field(fp, a->id, 0);
        csv_field(fp, a->name, 0);
        csv_field(fp, type_names[a->type], 0);
        csv_field(fp, g->orgs[a->org].name, 0);
        csv_field(fp, g->units[a->unit].name, 0);
        csv_field(fp, rank_names[a->rank], 0);
        csv_field(fp, a->prof, 0);
        csv_field(fp, size, 0);
        csv_field(fp, travel, 1);
    }
    int bad = ferror(fp);
    if (fclose(fp) != 0 || bad)
        return sn_err_set(err, SN_EIO, "cannot write %s: %s", path, strerror(errno));
    return SN_OK;
}

/* ------------------------------------------------------------------------ */
/* The day loop                                                             */

static void run_day(gen *g)
{
    const dayinfo *di = &g->days[g->cur];
    /* events planned earlier for today come first (they were created first) */
    evbuf *b = &g->ring[g->cur % RING];
    evbuf sw = g->today;
    g->today = *b;
    *b = sw;
    b->n = 0;

    int ln = (g->plant & SN_SYNTH_P_LEARNING) != 0;
    gen_governance(g, di);
    if (ln)
        gen_ln_gathering(g, di);
    gen_unit_meetings(g, di);
    gen_intra_unit(g, di);
    gen_muni_flows(g, di);
    gen_hospital_flows(g, di);
    gen_cases(g, di);
    gen_ln_ties(g, di);
    gen_shadowing(g, di);

    if (!sort_today(g)) {
        g->oom = 1;
        return;
    }
    for (size_t i = 0; i < g->today.n; i++)
        write_event(g, di, &g->today.v[i]);
    g->today.n = 0;
}

static void gen_free(gen *g)
{
    free(g->act);
    free(g->units);
    free(g->orgs);
    free(g->days);
    free(g->today.v);
    free(g->tmp.v);
    for (int i = 0; i < RING; i++)
        free(g->ring[i].v);
    free(g->pairs);
    free(g->decay);
    free(g->w.buf);
}

static int join_path(char *buf, size_t cap, const char *dir, const char *name)
{
    int n = snprintf(buf, cap, "%s/%s", dir, name);
    return n > 0 && (size_t)n < cap;
}

static sn_status write_contacts(gen *g, const char *path, int gzip, sn_err *err)
{
    static const char header[] = "time,from,to,channel,case,meeting,weight\n";
    writer *w = &g->w;
    w->cap = 1 << 20;
    w->buf = malloc(w->cap);
    if (!w->buf)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    if (gzip) {
        w->gz = gzopen(path, "wb1");
        if (!w->gz)
            return sn_err_set(err, SN_EIO, "cannot open %s: %s", path, strerror(errno));
        gzbuffer(w->gz, 1 << 18);
    } else {
        w->fp = fopen(path, "wb");
        if (!w->fp)
            return sn_err_set(err, SN_EIO, "cannot open %s: %s", path, strerror(errno));
    }
    memcpy(w->buf, header, sizeof header - 1);
    w->pos = sizeof header - 1;

    for (g->cur = 0; g->cur < g->ndays && !g->oom && !w->failed; g->cur++)
        run_day(g);
    wr_flush(w);

    int closed;
    if (w->gz)
        closed = gzclose(w->gz) == Z_OK;
    else
        closed = fclose(w->fp) == 0;
    w->gz = NULL;
    w->fp = NULL;
    if (g->oom)
        return sn_err_set(err, SN_ENOMEM, "out of memory while generating contacts");
    if (w->failed || !closed)
        return sn_err_set(err, SN_EIO, "cannot write %s: %s", path, strerror(errno));
    return SN_OK;
}

/* ------------------------------------------------------------------------ */
/* Ground truth                                                             */

static const char *const pattern_names[] = {
    "silo",          "bridge",      "learning_network", "one_way_shadowing",
    "parallel_work", "video_shift", "pingpong",         "top_down",
};

static const char *const scale_names[] = {"small", "region", "national"};

static json_t *strs(const char *const *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

/* The truth entry of one pattern: planted, and where it lies when planted. */
static json_t *truth_pattern(const gen *g, unsigned bit)
{
    json_t *o = json_object();
    int planted = (g->plant & bit) != 0;
    json_object_set_new(o, "planted", json_boolean(planted));
    if (!planted)
        return o;
    char buf[160];
    switch (bit) {
    case SN_SYNTH_P_SILO: {
        const char *grp[1] = {g->orgs[g->mun[1].org].name};
        const char *act[1] = {g->act[g->mun[1].ksjef].id};
        json_object_set_new(o, "group", strs(grp, 1));
        json_object_set_new(o, "actor", strs(act, 1));
        break;
    }
    case SN_SYNTH_P_BRIDGE: {
        json_t *grp = json_array();
        for (int m = 0; m < g->nmun; m++)
            if (g->mun[m].bridged) {
                snprintf(buf, sizeof buf, "%s <-> %s", g->orgs[g->hos[1].org].name,
                         g->orgs[g->mun[m].org].name);
                json_array_append_new(grp, json_string(buf));
            }
        const char *act[1] = {g->act[g->bridge_coord].id};
        json_object_set_new(o, "actor", strs(act, 1));
        json_object_set_new(o, "group", grp);
        break;
    }
    case SN_SYNTH_P_LEARNING: {
        const char *net[1] = {"network"}, *ser[1] = {"ln01"};
        json_object_set_new(o, "network", strs(net, 1));
        json_object_set_new(o, "series", strs(ser, 1));
        break;
    }
    case SN_SYNTH_P_SHADOWING: {
        const char *grp[1] = {"municipality -> hospital_unit"};
        json_object_set_new(o, "group", strs(grp, 1));
        break;
    }
    case SN_SYNTH_P_PARALLEL: {
        const char *grp[1] = {"hospital_unit <-> other"};
        json_object_set_new(o, "group", strs(grp, 1));
        break;
    }
    case SN_SYNTH_P_VIDEO: {
        const char *win[3] = {"2020-03", "2020Q1", "2020"};
        json_object_set_new(o, "window", strs(win, 3));
        json_object_set_new(o, "date", json_string("2020-03-12"));
        break;
    }
    case SN_SYNTH_P_TOPDOWN: {
        const char *grp[1] = {g->orgs[g->td_org].name};
        json_object_set_new(o, "group", strs(grp, 1));
        break;
    }
    default: /* pingpong: cases only */
        break;
    }
    return o;
}

static sn_status write_truth(const gen *g, const sn_synth_opts *opts, const char *path, sn_err *err)
{
    json_t *root = json_object();
    json_object_set_new(root, "seed", json_integer((json_int_t)opts->seed));
    json_object_set_new(root, "scale", json_string(scale_names[opts->scale]));
    json_object_set_new(root, "null", json_boolean(g->plant == 0));
    json_object_set_new(root, "strength", json_real(g->strength));
    json_object_set_new(root, "municipalities", json_integer(g->nmun));
    json_object_set_new(root, "volume", json_real(g->volume));
    json_object_set_new(root, "actors", json_integer(g->nact));
    json_t *pat = json_object();
    for (unsigned i = 0; i < SN_COUNT_OF(pattern_names); i++)
        json_object_set_new(pat, pattern_names[i], truth_pattern(g, 1u << i));
    json_object_set_new(root, "patterns", pat);
    int rc =
        json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_decref(root);
    if (rc != 0)
        return sn_err_set(err, SN_EIO, "cannot write %s: %s", path, strerror(errno));
    return SN_OK;
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

const char *sn_synth_pattern_name(unsigned bit)
{
    for (unsigned i = 0; i < SN_COUNT_OF(pattern_names); i++)
        if (bit == 1u << i)
            return pattern_names[i];
    return NULL;
}

sn_status sn_synth_plant_parse(const char *list, unsigned *out, sn_err *err)
{
    unsigned bits = 0;
    if (!list || !*list)
        return sn_err_set(err, SN_EUSAGE, "empty pattern list");
    const char *p = list;
    for (;;) {
        size_t n = strcspn(p, ",");
        unsigned bit = 0;
        if (n == 3 && strncmp(p, "all", 3) == 0)
            bit = SN_SYNTH_P_DEFAULT;
        else if (n == 4 && strncmp(p, "all+", 4) == 0)
            bit = SN_SYNTH_P_ALL;
        for (unsigned i = 0; !bit && i < SN_COUNT_OF(pattern_names); i++)
            if (strlen(pattern_names[i]) == n && strncmp(p, pattern_names[i], n) == 0)
                bit = 1u << i;
        if (!bit)
            return sn_err_set(err, SN_EUSAGE,
                              "unknown pattern '%.*s'; expected silo, bridge, learning_network, "
                              "one_way_shadowing, parallel_work, video_shift, pingpong, "
                              "top_down, all or all+",
                              (int)(n > 40 ? 40 : n), p);
        bits |= bit;
        if (!p[n])
            break;
        p += n + 1;
    }
    if (out)
        *out = bits;
    return SN_OK;
}

static unsigned planted_set(const sn_synth_plan *o)
{
    return o->null ? 0u : o->plant ? o->plant : (unsigned)SN_SYNTH_P_DEFAULT;
}

sn_status sn_synth_check(const sn_synth_opts *opts, const sn_synth_plan *o, sn_err *err)
{
    static const sn_synth_plan none;
    if (!opts)
        return sn_err_set(err, SN_EUSAGE, "missing options");
    if ((int)opts->scale < 0 || (size_t)opts->scale >= SN_COUNT_OF(scales))
        return sn_err_set(err, SN_EUSAGE, "unknown scale %d", (int)opts->scale);
    if (!o)
        o = &none;
    if (o->strength_set && !(o->strength >= 0.0 && o->strength <= 1.0))
        return sn_err_set(err, SN_EUSAGE, "strength %g is outside 0..1", o->strength);
    if (o->volume != 0.0 && !(o->volume > 0.0 && o->volume <= 100.0))
        return sn_err_set(err, SN_EUSAGE, "volume %g is outside (0, 100]", o->volume);
    if (o->plant & ~(unsigned)SN_SYNTH_P_ALL)
        return sn_err_set(err, SN_EUSAGE, "unknown pattern bits 0x%x", o->plant);
    int n = o->municipalities;
    if (n == 0)
        return SN_OK;
    if (n < SN_SYNTH_MIN_MUNI || n > SN_SYNTH_MAX_MUNI)
        return sn_err_set(err, SN_EUSAGE, "%d municipalities is outside %d..%d", n,
                          SN_SYNTH_MIN_MUNI, SN_SYNTH_MAX_MUNI);
    unsigned p = planted_set(o);
    if ((p & SN_SYNTH_P_BRIDGE) && n < 8)
        return sn_err_set(err, SN_EUSAGE,
                          "%d municipalities is too few for pattern bridge: it needs Ytterøy, "
                          "Utvær and Skjærsund (k06-k08), so at least 8",
                          n);
    if ((p & SN_SYNTH_P_TOPDOWN) && n < TD_MUNI + 1)
        return sn_err_set(err, SN_EUSAGE,
                          "%d municipalities is too few for pattern top_down: it needs Lauvstad "
                          "(k04), so at least %d",
                          n, TD_MUNI + 1);
    return SN_OK; /* the silo's Silvik is k02, within the minimum of 3 */
}

sn_status sn_synth_scale_parse(const char *name, sn_synth_scale *out)
{
    static const struct {
        const char *name;
        sn_synth_scale scale;
    } table[] = {
        {"small", SN_SYNTH_SMALL},
        {"region", SN_SYNTH_REGION},
        {"national", SN_SYNTH_NATIONAL},
    };
    if (!name)
        return SN_EUSAGE;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(name, table[i].name) == 0) {
            if (out)
                *out = table[i].scale;
            return SN_OK;
        }
    }
    return SN_EUSAGE;
}

sn_status sn_synth_write(const sn_synth_opts *opts, const char *dir, sn_err *err)
{
    return sn_synth_write_plan(opts, NULL, dir, err);
}

sn_status sn_synth_write_plan(const sn_synth_opts *opts, const sn_synth_plan *plan, const char *dir,
                              sn_err *err)
{
    static const sn_synth_plan none;
    int truth = plan != NULL;
    if (!plan)
        plan = &none;
    if (!opts || !dir)
        return sn_err_set(err, SN_EUSAGE, "sn_synth_write: missing options or directory");
    if (sn_synth_check(opts, plan, err) != SN_OK)
        return SN_EUSAGE;

    char apath[4096], cpath[4096], tpath[4096];
    if (!join_path(apath, sizeof apath, dir, "actors.csv") ||
        !join_path(cpath, sizeof cpath, dir, opts->gzip ? "contacts.csv.gz" : "contacts.csv") ||
        !join_path(tpath, sizeof tpath, dir, "truth.json"))
        return sn_err_set(err, SN_EIO, "output directory path too long: %s", dir);

    gen *g = calloc(1, sizeof *g);
    if (!g)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    g->cfgv = scales[opts->scale];
    g->plant = planted_set(plan);
    g->strength = plan->strength_set ? plan->strength : 1.0;
    g->volume = plan->volume > 0.0 ? plan->volume : 1.0;
    if (plan->municipalities > 0)
        g->cfgv.n_muni = plan->municipalities;
    g->cfgv.act *= g->volume;
    g->cfg = &g->cfgv;
    g->seed = opts->seed;
    g->td_org = -1;
    rng_seed(&g->r, opts->seed);
    hours_init(g);

    g->ndays = day_index(2023, 1, 1);
    g->days = malloc((size_t)g->ndays * sizeof *g->days);
    sn_status st = SN_OK;
    if (!g->days) {
        st = sn_err_set(err, SN_ENOMEM, "out of memory");
        goto done;
    }
    calendar_fill(g->days, g->ndays, (g->plant & SN_SYNTH_P_VIDEO) != 0, g->strength);
    build_region(g);
    if (!g->oom)
        ln_setup(g);
    if (g->oom) {
        st = sn_err_set(err, SN_ENOMEM, "out of memory while building the region");
        goto done;
    }
    st = write_actors(g, apath, err);
    if (st == SN_OK)
        st = write_contacts(g, cpath, opts->gzip, err);
    if (st == SN_OK && truth)
        st = write_truth(g, opts, tpath, err);
done:
    gen_free(g);
    free(g);
    return st;
}
