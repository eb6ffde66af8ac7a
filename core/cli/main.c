/*
 * main.c - the samnett command line: a thin layer over the engine.
 *
 *   samnett analyze [options] [SOURCE...]
 *   samnett synth --scale small|region|national [--seed N] [--null | --plant LIST]
 *                 [--strength F] [--municipalities N] [--volume F] --output DIR
 *   samnett watch --logs DIR|GLOB [--actors FILE] [options]   (watch_cli.c)
 *   samnett key new FILE                                      (key_cli.c)
 *   samnett help [COMMAND | --man]                           (the page: man.c)
 *
 * Exit status: 0 success, 1 analysis failure, 2 usage or input error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_options.h"
#include "key_cli.h"
#include "sql_cli.h"
#include "lens_cli.h"
#include "man.h"
#include "watch_cli.h"
#include "progress.h"
#include "samnett/analysis.h"
#include "samnett/ingest.h"
#include "samnett/output.h"
#include "samnett/privacy.h"
#include "samnett/reduce.h"
#include "samnett/state.h"
#include "samnett/store.h"
#include "samnett/tools/synth.h"
#include "samnett/time.h"
#include "../util/toolbox.h"

static const char *const usage_main =
    "usage: samnett <command> [options]\n"
    "\n"
    "samnett turns contact logs from health and care services into an actor\n"
    "network and measures it: centrality, brokerage, silos and change over time.\n"
    "\n"
    "commands:\n"
    "  analyze   read actors and contacts and report on the network\n"
    "  reduce    reduce contacts to the tie table (analyze --ties reads it)\n"
    "  check     read and validate input only; report counts, problems and memory\n"
    "  synth     write a fictional health region as CSV (for demos and benchmarks)\n"
    "  lens      list, write, check and test lenses (Lua scripts that label the network)\n"
    "  watch     follow log folders and re-score as contacts arrive (state in SQLite)\n"
    "  key       new FILE: write a new key for --pseudonym-key (keyed pseudonyms)\n"
    "  sql       print the contact -> tie reduce as one SQL query (PostgreSQL, DuckDB,\n"
    "            Spark SQL, Trino), to run where the contacts are\n"
    "  help      this text; help COMMAND: the options of a command; help --man: the\n"
    "            manual page samnett.1 (roff)\n"
    "\n"
    "  samnett <command> --help   options of a command\n"
    "  samnett --version, -V      the version\n"
    "\n"
    "environment:\n"
    "  SAMNETT_THREADS        threads of the parallel CSV reader and of the lenses'\n"
    "                         measures: a whole number, 1..16 (default: the processors\n"
    "                         online, at most 16)\n"
    "  SAMNETT_PARALLEL_MIN_BYTES  a plain (not compressed) contacts CSV file of at\n"
    "                         least this many bytes is read by several threads (default\n"
    "                         16777216, 16 MiB; never with --strict or standard input)\n"
    "  SAMNETT_SPILL_BYTES    when the event store's contact columns would pass this\n"
    "                         many bytes, they move into temporary files in TMPDIR,\n"
    "                         mapped and read back as needed (default 268435456,\n"
    "                         256 MiB; 0: never)\n"
    "  SAMNETT_LENS_PATH      folders of lenses, separated by ':', searched after\n"
    "                         --lens-path and before the bundled lenses\n"
    "  XDG_STATE_HOME, HOME   watch keeps its state in $XDG_STATE_HOME/samnett, else\n"
    "                         in $HOME/.local/state/samnett (unless --state is given)\n"
    "  TMPDIR                 where --demo writes its fictional region and a large\n"
    "                         event store spills (default /tmp)\n"
    "  TZDIR                  the time-zone database --timezone reads (default\n"
    "                         /usr/share/zoneinfo, Debian's tzdata)\n"
    "  SAMNETT_TEST_LENS_FAULT  for samnett's own tests only (the lens host fails on\n"
    "                         purpose); leave it unset\n"
    "\n"
    "Exit status: 0 success, 1 analysis failure, 2 usage or input error.\n";

static const char *const usage_analyze =
    "usage: samnett analyze [options] [SOURCE...]\n"
    "\n"
    "Read actors and contacts (CSV or JSONL, files, folders or - for stdin, .gz or\n"
    "plain), build the network and print a summary.\n"
    "\n"
    "sources:\n"
    "  SOURCE                 a file or folder; actors or contacts, told by its header\n"
    "  --actors PATH          an actors file or folder\n"
    "  --contacts PATH        a contacts file or folder ('-' = standard input)\n"
    "  --demo                 analyse the bundled fictional region (no files needed)\n"
    "  --demo-scale SCALE     small (default), region or national\n"
    "  --store FILE           a store file that --save-store wrote (its contacts,\n"
    "                         actors and input files, mapped, not parsed), or the\n"
    "                         state FILE.db of 'samnett watch' (its contacts, with its\n"
    "                         actors unless --actors is given)\n"
    "  --save-store FILE      also write the event store, as read from the contacts\n"
    "                         and actors, to FILE for --store FILE (raw ids: the\n"
    "                         privacy profile applies when it is read; not with\n"
    "                         --privacy shared, --ties or --store)\n"
    "  --ties FILE            a tie table (samnett reduce, or the SQL of samnett sql;\n"
    "                         CSV or JSONL, .gz too) instead of contacts, with --actors;\n"
    "                         every measure that needs no single contact (see README:\n"
    "                         Tie tables). Windows and --since/--until at the buckets'\n"
    "                         resolution or coarser; cases, meetings, change points and\n"
    "                         single-contact timing are not computed (the report says so)\n"
    "  --bucket B             the tie table's buckets: day, week, month or quarter\n"
    "                         (default: the coarsest all its buckets start)\n"
    "\n"
    "times:\n"
    "  --timezone ZONE        the zone of times without 'Z' or an offset, and of\n"
    "                         calendar windows, days and periods (default\n"
    "                         Europe/Oslo, with summer time; UTC for none)\n"
    "  --date-format FMT      a strptime format of the time column, e.g.\n"
    "                         '%d/%m/%Y %H:%M' (repeatable; tried in order before the\n"
    "                         built-in ISO 8601, DD.MM.YYYY [HH:MM] and DD.MM.YY forms)\n"

    "\n"
    "network:\n"
    "  --level LEVEL          actor (default), unit or organisation\n"
    "  --since PERIOD         keep contacts from the start of PERIOD: 2020, 2020-03,\n"
    "                         2020Q1, 2020-03-15, a date-time, or @EPOCH-SECONDS\n"
    "  --until PERIOD         keep contacts up to the END of PERIOD (--until 2021 keeps\n"
    "                         all of 2021; a date-time is the end itself)\n"
    "  --channel NAME         keep only this channel (repeatable), e.g. e-message, phone\n"
    "  --min-contacts N       a tie needs at least N contacts (default 1)\n"
    "  --tie-weight MODE      contacts (default: number of contacts) or sum (of 'weight')\n"
    "  --path-weights MODE    none (default) or inverse: shortest paths with 1/weight lengths\n"
    "  --betweenness-sample EPS  estimate betweenness from random shortest paths\n"
    "                         (Riondato-Kornaropoulos; EPS 0.005 to 0.5): with probability\n"
    "                         1 - delta every node's betweenness / (n (n - 1)) is within\n"
    "                         EPS of the exact value; for networks above ~50,000 actors.\n"
    "                         Unweighted paths only. Default: exact\n"
    "  --betweenness-delta D  that probability's complement (default 0.1)\n"
    "\n"
    "silos and brokerage:\n"
    "  --partition ATTR       group nodes by an attribute for silo measures (repeatable;\n"
    "                         default organisation): type, unit, rank, profession or\n"
    "                         any extra actor column the actors have (else exit\n"
    "                         status 2). Brokerage uses the first.\n"
    "  --permutations N       E-I permutation test size (default 1000; 0 = no test)\n"
    "  --seed N               seed of the permutation test (and of --demo; default 1)\n"
    "  --remove ID[,ID...]    report what removing these nodes costs (repeatable)\n"
    "\n"
    "time:\n"
    "  --window SPAN          windows over the analysed period: month, quarter, year, Nd\n"
    "                         or Nw (e.g. 30d, 2w); per window contacts, ties, density,\n"
    "                         reciprocity, components, channels, persistence, novelty\n"
    "  --slide STEP           sliding windows: one of length SPAN starting every STEP\n"
    "  --window-metrics LIST  node measures per window (default none), e.g.\n"
    "                         degree,strength,pagerank or all: degree, strength,\n"
    "                         betweenness, closeness, harmonic, reachable, pagerank,\n"
    "                         eigenvector, hub, authority, constraint, effective_size,\n"
    "                         efficiency\n"
    "  --novelty-k K          novelty: share of ties not in the previous K windows (default 1)\n"
    "  --baseline SINCE..UNTIL  baseline of the rate ratios (default: the first window)\n"
    "  --after DATE           contacts before and after DATE, and the half-life of\n"
    "                         contact after it (exponential decay fit)\n"
    "  --pairs-by ATTR        group pairs for temporal measures and change points\n"
    "                         (default type)\n"
    "  --cp-penalty P         change-point penalty: quasi (default: 2 phi ln(days), phi\n"
    "                         the series' overdispersion), bic (2 ln(days)) or a number\n"
    "  --cp-min-days N        shortest segment between change points (default 14 days)\n"
    "  --cp-min-contacts N    contacts a group pair needs to be tested (default 100)\n"
    "  --time-range FROM..TO  plausible contact times, periods as --since/--until\n"
    "                         (default 1970-01-01 to ten years\n"
    "                         after today; an empty end keeps its default). Contacts\n"
    "                         outside stay in the network but get one warning per\n"
    "                         file and are left out of windows and change points.\n"
    "  Burstiness, regularity, rate ratio and change points (PELT, Poisson cost) are\n"
    "  reported for the network, each channel, group pair, node and tie whenever\n"
    "  --window or --after is given.\n"
    "\n"
    "meetings and cases:\n"
    "  --meetings MODE        how meetings become ties: rows (default: every row is a\n"
    "                         contact), project (each meeting a clique of its k\n"
    "                         participant nodes at the level: 1/(k-1) contacts per pair\n"
    "                         and direction; with --tie-weight sum, the mean row weight\n"
    "                         times 1/(k-1)) or off (meeting rows left out)\n"
    "  --series-jaccard X     a meeting joins the recurring series whose core has\n"
    "                         Jaccard >= X with its participants (default 0.5)\n"
    "  --series-core X        a series' core: who came to >= X of its meetings (0.5)\n"
    "  --series-min N         keep series of at least N meetings (default 3)\n"
    "  --series-gap DAYS      a series ends after DAYS without a meeting (default 365)\n"
    "  --transfer-channels LIST  channels that move a case between organisations\n"
    "                         (default referral,discharge)\n"
    "  --pingpong-window DUR  a return A->B->A within DUR is a ping-pong (kasteball;\n"
    "                         default 30d; Nd, Nh or Nw); the case's first transfer\n"
    "                         does not start one\n"
    "  --pingpong-first       let the case's first transfer start a ping-pong too\n"
    "  --co-serving-min N     report provider pairs sharing >= N cases without a tie\n"
    "                         (default 2)\n"
    "  --case-max-providers N cases with more providers stay out of care density (100)\n"
    "  Case measures (BTI level, ping-pong, hand-offs, care density, co-serving) take\n"
    "  the --level as provider and need a case column; series need a meeting column.\n"
    "\n"
    "output:\n"
    "  --format FORMAT        text (default), json, csv (tables into --output DIR),\n"
    "                         graphml or gexf (the network, for Gephi, NetworkX, R),\n"
    "                         html (one page: the network map, charts, findings)\n"
    "  --output PATH          write the report to PATH instead of standard output\n"
    "                         ('-': standard output; csv needs a folder)\n"
    "  --csv DIALECT          the CSV tables' dialect: plain (default: ',', UTF-8,\n"
    "                         decimal point) or excel (';', UTF-8 with BOM, decimal\n"
    "                         comma, CRLF: opens in a Norwegian Excel)\n"
    "  --top N                rows in top lists (default 10)\n"
    "\n"
    "privacy (see README: Sharing results):\n"
    "  --privacy PROFILE      internal (default: no raw case id in any output) or\n"
    "                         shared (actor, case and meeting ids pseudonymised;\n"
    "                         names, professions and extra columns left out; small\n"
    "                         counts suppressed; a notice on every report)\n"
    "  --pseudonym-key FILE   the 32-byte key of the pseudonyms (samnett key new FILE);\n"
    "                         the same key gives the same pseudonyms on every run\n"
    "  --min-cell K           counts from 1 to K-1 are shown as <K (default 3 under\n"
    "                         shared, off under internal); 2 to 100\n"
    "  --merge-small-orgs K   organisations with fewer than K actors become \"andre\"\n"
    "  --lang LANG            report language (text, html): en (default) or nb\n"
    "                         (bokm\xc3\xa5l; also no); any case, and a region or\n"
    "                         encoding is ignored: NB, nb-NO, nb_NO.UTF-8, en_GB\n"
    "  --layout-iterations N  steps of the map's force-directed layout (default 100)\n"
    "  --layout-seed N        seed of the layout's start positions (default 1)\n"
    "  --layout-grid G        the layout's grid variant: auto (default), on or off\n"
    "  --layout-weighted      ties pull their ends together by their weight\n"
    "  --layout-group-pull F  ties inside an organisation pull F times harder (8)\n"
    "\n"
    "input checks:\n"
    "  --strict               stop at the first problem with exit status 2\n"
    "  --quiet                do not print warnings about rows (they are still counted)\n"
    "  --max-field BYTES      longest accepted field (default 65536)\n"
    "  --max-line BYTES       longest accepted line (default 1048576)\n"
    "  --max-rejected N|P%    stop (exit status 2, no report) when more data rows than\n"
    "                         N, or P% of them, are rejected (default 10%); a run\n"
    "                         without any contact read always stops\n"
    "  --no-progress          no progress line on a terminal\n"
    "  --timings              print the seconds spent in each stage on stderr\n"
    "\n"
    "reading exports (see README: Input):\n"
    "  --encoding ENC         auto (default: UTF-8, or Windows-1252 when a file's first\n"
    "                         non-ASCII bytes are not UTF-8, with a note), utf-8,\n"
    "                         windows-1252 or iso-8859-1\n"
    "  --map FIELD=COLUMN,... the file's header names for samnett's columns, e.g.\n"
    "                         time=Tidspunkt,from=Avsender,to=Mottaker,id=Ansattnr;\n"
    "                         or @FILE with one FIELD=COLUMN a line ('#' comments)\n"
    "  --channel-map FILE     local channel names, one 'name=channel' a line, e.g.\n"
    "                         Samhandlingsmelding=e-message\n"
    "\n"
    "lenses (Lua scripts that label the network; see plugins/README.md):\n"
    "  --lens NAME|FILE       run a lens (repeatable); NAME is searched in --lens-path,\n"
    "                         SAMNETT_LENS_PATH, then the bundled lenses; all = every\n"
    "                         bundled lens. A failing lens gives exit status 1.\n"
    "  --lens-path DIR        a folder of lenses, searched first (repeatable; no '..')\n"
    "  --param LENS.NAME=V    set a lens parameter, typed by the lens (repeatable)\n"
    "  --lens-memory MB       memory cap of each lens (default 256)\n"
    "  --lens-timeout SECONDS wall-clock seconds each lens may run (default 60; checked\n"
    "                         every 1,000 Lua instructions)\n"
    "\n"
    "Every report begins with what it was made from: the input files with their\n"
    "sizes and SHA-256 checksums, level, time zone, filters, the options that\n"
    "differ from their defaults and the version.\n"
    "\n"
    "Exit status: 0 success, 1 analysis failure, 2 usage or input error (also too\n"
    "many rejected rows, no contact read, or a --partition no actor has).\n";

static const char *const usage_check =
    "usage: samnett check [options] [SOURCE...]\n"
    "\n"
    "Read and validate actors and contacts without analysing them: every problem\n"
    "is reported as file:line:column, then the counts, the time span and the\n"
    "memory the event store uses. Takes the source and input-check options of\n"
    "'samnett analyze' (--actors, --contacts, --demo, --strict, --quiet, ...).\n"
    "--save-store FILE also writes the event store as read to FILE, which\n"
    "'samnett analyze --store FILE' analyses without reading the contacts again.\n"
    "\n"
    "Exit status: 0 input read (rows may be rejected), 2 usage or input error,\n"
    "or any problem under --strict.\n";

static const char *const usage_reduce =
    "usage: samnett reduce [options] [SOURCE...] [--output FILE]\n"
    "\n"
    "Read contacts as 'samnett analyze' does (the same sources, checks and\n"
    "messages) and write the tie table: one row per (from, to, channel, bucket)\n"
    "with contacts, weight sum, distinct cases, first and last time, sorted by\n"
    "from, to, channel and bucket (docs/ties-columns.md). 'samnett analyze --ties\n"
    "FILE' analyses it. The reduce is the only step whose cost grows with the\n"
    "contacts, so it can also run elsewhere (a database, a cluster).\n"
    "\n"
    "  --bucket B             day, week (ISO, from Monday), month (default) or\n"
    "                         quarter, in the --timezone (default Europe/Oslo)\n"
    "  --format FORMAT        csv (default) or jsonl (default when --output ends\n"
    "                         in .jsonl or .ndjson)\n"
    "  --output FILE          write the table to FILE (written beside it, then\n"
    "                         renamed; default standard output)\n"
    "  --since, --until, --channel  keep only these contacts (as analyze)\n"
    "  --privacy shared       actor ids as keyed pseudonyms (with --pseudonym-key\n"
    "                         FILE), and every row of a tie with fewer than\n"
    "                         --min-cell K contacts in all (default 3) left out\n"
    "  --actors PATH, --contacts PATH, --timezone, --date-format, --strict,\n"
    "  --quiet, --max-rejected, --encoding, --map, --channel-map, ...: as analyze\n"
    "\n"
    "Exit status: 0 success, 1 failure, 2 usage or input error.\n";

static const char *const usage_synth =
    "usage: samnett synth [--scale SCALE] [--seed N] [--null | --plant LIST]\n"
    "                     [--strength F] [--municipalities N] [--volume F] [--gzip]\n"
    "                     --output DIR\n"
    "\n"
    "Write a deterministic fictional health region (one health trust with two\n"
    "hospitals, municipalities, GPs, coordinators and leaders) to DIR/actors.csv\n"
    "and DIR/contacts.csv, with known patterns planted in it, and the ground\n"
    "truth (what was planted, and where) to DIR/truth.json. The same options\n"
    "and seed give the same bytes.\n"
    "\n"
    "  --scale SCALE       small (~300 actors, default), region (~2,000 actors,\n"
    "                      ~2 million contacts) or national (10,000+ actors, 10 million+)\n"
    "  --seed N            random seed (default 1)\n"
    "  --null              plant nothing: the same region, sizes and channel mix\n"
    "  --plant LIST        comma list of patterns to plant: silo, bridge,\n"
    "                      learning_network, one_way_shadowing, parallel_work,\n"
    "                      video_shift, pingpong, top_down; 'all' (the default) is\n"
    "                      every pattern but top_down, 'all+' adds top_down\n"
    "  --strength F        0..1, how strongly the planted patterns hold (default 1)\n"
    "  --municipalities N  3..200 (default 8 small, 28 region, 99 national); the\n"
    "                      bridge needs 8, top_down 4\n"
    "  --volume F          multiply the contact rates (default 1; up to 100)\n"
    "  --gzip              write contacts.csv.gz\n"
    "  --output DIR        the folder to write (created if missing)\n";

/* Seconds the report spent waiting for the lenses' findings (--timings). */
static double lens_waited;

/* Each lens's entry of the JSON report, dumped as soon as the lens is done. */
typedef struct lens_dumps {
    char **text;
    size_t *len;
    size_t n;
} lens_dumps;

static void dump_lens(void *ud, size_t i, const sn_lens_result *r)
{
    lens_dumps *d = ud;
    if (i < d->n && !d->text[i])
        d->text[i] = sn_report_lens_dump(r, &d->len[i]);
}

static void wait_lenses(void *ud)
{
    double t = sni_clock_mono();
    sn_lens_host_wait(ud);
    lens_waited += sni_clock_mono() - t;
}

typedef struct analyze_args {
    sn_source *sources;
    size_t n_sources;
    const char **inputs;
    int demo;
    sn_synth_opts demo_opts;
    sn_analysis_opts an;
    char **remove; /* owned copies of the --remove ids */
    size_t n_remove;
    int format;            /* 0 text, 1 json, 2 csv, 3 graphml, 4 gexf, 5 html */
    sn_layout_opts layout; /* the map's and the GEXF's drawing */
    const char *output;
    sn_csv_style csv; /* --csv */
    int csv_given;
    int top;
    sn_lang lang;
    int strict, quiet, progress, timings;
    sn_ingest_opts ingest;      /* max_field, max_line (the rest is set where ingest runs) */
    sn_cli_lens_args lens;      /* --lens, --lens-path, --param, --lens-memory, --lens-timeout */
    const char *store;          /* --store: a store file or a watch's state file */
    const char *save_store;     /* --save-store: write the store to this file */
    const char *const *command; /* the arguments as given, from "analyze" (owned array) */
    size_t n_command;
    /* the modules' options set to other than their defaults: flag (owned), value pairs */
    const char **settings;
    size_t n_settings;
    sn_privacy privacy; /* --privacy, --pseudonym-key, --min-cell, --merge-small-orgs */
    const char *ties;   /* --ties FILE: a tie table instead of contacts */
    int has_bucket;     /* --bucket */
    sn_bucket bucket;
    int reduce; /* samnett reduce */
    int format_given;
    int min_cell_given;
    /* the extra columns shared keeps: those the analysis groups by (privacy.keep_columns) */
    const char *keep_columns[SN_MAX_PARTITIONS + 1];
    /* words of the command as the report shows it, with --remove ids as pseudonyms (owned) */
    char **words;
    size_t n_words;
} analyze_args;

static int add_source(analyze_args *a, const char *path, sn_input_kind kind)
{
    sn_source *s = realloc(a->sources, (a->n_sources + 1) * sizeof *s);
    if (!s)
        return -1;
    a->sources = s;
    const char **in = realloc(a->inputs, (a->n_sources + 1) * sizeof *in);
    if (!in)
        return -1;
    a->inputs = in;
    a->sources[a->n_sources] = (sn_source){path, kind};
    a->inputs[a->n_sources++] = path;
    return 0;
}

/* Append the comma-separated ids of one --remove option. */
static int split_ids(analyze_args *a, const char *list)
{
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == 0)
            return -1;
        char **r = realloc(a->remove, (a->n_remove + 1) * sizeof *r);
        if (!r)
            return -1;
        a->remove = r;
        if (!(r[a->n_remove] = strndup(p, len)))
            return -1;
        a->n_remove++;
        if (!comma)
            return 0;
        p = comma + 1;
    }
}

/* A number in [lo, hi]; 0 on success. */
static int parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

/* The modules' option tables that analyze reads its options from. */
enum {
    T_INGEST,
    T_VIEW,
    T_METRICS,
    T_SILO,
    T_ANALYSIS,
    T_TEMPORAL,
    T_SERIES,
    T_CASES,
    T_LENS,
    T_LAYOUT,
    T_COUNT
};
#define O_TABLE 1024 /* getopt value of row i of table t: O_TABLE + t * 64 + i */

static const sn_opt *table_rows(int t, size_t *n)
{
    static const struct {
        const sn_opt *rows;
        const size_t *n;
    } tables[T_COUNT] = {
        [T_INGEST] = {sn_ingest_options, &sn_ingest_n_options},
        [T_VIEW] = {sn_view_options, &sn_view_n_options},
        [T_METRICS] = {sn_metrics_options, &sn_metrics_n_options},
        [T_SILO] = {sn_silo_options, &sn_silo_n_options},
        [T_ANALYSIS] = {sn_analysis_options, &sn_analysis_n_options},
        [T_TEMPORAL] = {sn_temporal_options, &sn_temporal_n_options},
        [T_SERIES] = {sn_series_options, &sn_series_n_options},
        [T_CASES] = {sn_cases_options, &sn_cases_n_options},
        [T_LENS] = {sn_lens_options, &sn_lens_n_options},
        [T_LAYOUT] = {sn_layout_options, &sn_layout_n_options},
    };
    *n = *tables[t].n;
    return tables[t].rows;
}

/* The options struct table t sets. */
static void *table_opts(analyze_args *a, int t)
{
    switch (t) {
    case T_INGEST:
        return &a->ingest;
    case T_VIEW:
        return &a->an.view;
    case T_METRICS:
        return &a->an.metrics;
    case T_SILO:
        return &a->an.silo;
    case T_ANALYSIS:
        return &a->an;
    case T_TEMPORAL:
        return &a->an.temporal;
    case T_SERIES:
        return &a->an.series;
    case T_CASES:
        return &a->an.cases;
    case T_LAYOUT:
        return &a->layout;
    default:
        return &a->lens.set;
    }
}

/*
 * Remember a module option for the report's provenance when its value is not
 * the row's default: every row of every table, so new options appear there
 * without more code. 0, or -1 when out of memory.
 */
static int remember_setting(analyze_args *a, const sn_opt *o, const char *arg)
{
    if (arg && o->def && strcmp(arg, o->def) == 0)
        return 0;
    const char **v = realloc(a->settings, (a->n_settings + 1) * 2 * sizeof *v);
    if (!v)
        return -1;
    a->settings = v;
    char flag[64];
    if (!(v[2 * a->n_settings] = strdup(sn_opt_flag(o, flag, sizeof flag))))
        return -1;
    v[2 * a->n_settings + 1] = arg;
    a->n_settings++;
    return 0;
}

/* The zone the report's times and calendar periods are in (--timezone, samnett/time.h). */
static const char *report_time_zone(const analyze_args *a)
{
    (void)a;
    return sn_tz_name(sn_tz_current());
}

/* One module option (getopt value c >= O_TABLE): 0, or 2 after a usage error. */
static int table_option(analyze_args *a, int c, const char *arg, const char *cmd)
{
    int t = (c - O_TABLE) / 64;
    size_t n;
    const sn_opt *o = &table_rows(t, &n)[(c - O_TABLE) % 64];
    char flag[64];
    if (a->reduce && (t != T_INGEST && t != T_VIEW)) /* an analysis option: nothing to reduce */
        return sni_cli_usage_error(cmd,
                                   "%s is an option of analyze; samnett reduce takes the "
                                   "input, --since, --until and --channel options",
                                   sn_opt_flag(o, flag, sizeof flag));
    if (a->reduce && t == T_VIEW && strcmp(o->key, "since") != 0 && strcmp(o->key, "until") != 0 &&
        strcmp(o->key, "channel") != 0)
        return sni_cli_usage_error(cmd,
                                   "%s is an option of analyze; the tie table keeps every "
                                   "actor pair, channel and contact (analyze --ties takes it)",
                                   sn_opt_flag(o, flag, sizeof flag));
    if (t == T_LENS)
        return sn_cli_lens_option(&a->lens, o->key, arg, cmd);
    if (sn_cli_opt_set(o, table_opts(a, t), arg, cmd) != 0)
        return 2;
    if (remember_setting(a, o, arg) != 0)
        return sni_cli_usage_error(cmd, "%s", "out of memory");
    if (t == T_SILO && strcmp(o->key, "seed") == 0)
        a->demo_opts.seed = a->an.silo.seed; /* --seed is also the demo's */
    return 0;
}

/*
 * What --ties cannot do: the sources and the options that need single
 * contacts (cases, meetings, change points, times finer than a bucket). 0, or
 * 2 after a usage error. --window and --since/--until are checked against
 * the buckets once the table is read (ties_check_windows).
 */
static int ties_usage(analyze_args *a, const char *cmd)
{
    for (size_t i = 0; i < a->n_sources; i++)
        if (a->sources[i].kind != SN_INPUT_ACTORS)
            return sni_cli_usage_error(cmd,
                                       "unexpected input '%s' with --ties; the tie table stands "
                                       "for the contacts: expected --actors PATH only",
                                       a->sources[i].path);
    if (a->demo || a->store)
        return sni_cli_usage_error(cmd, "%s",
                                   "--ties reads a tie table; expected no --demo or --store");
    if (a->an.view.meetings == SN_MEETINGS_PROJECT)
        return sni_cli_usage_error(cmd, "%s",
                                   "--meetings project needs each meeting's rows, which a tie "
                                   "table does not hold; expected no --meetings with --ties");
    static const char *const need_contacts[] = {
        "--after",           "--baseline",           "--cp-penalty",      "--cp-min-days",
        "--cp-min-contacts", "--series-jaccard",     "--series-core",     "--series-min",
        "--series-gap",      "--transfer-channels",  "--pingpong-window", "--pingpong-first",
        "--co-serving-min",  "--case-max-providers",
    };
    for (size_t i = 0; i < a->n_settings; i++)
        for (size_t k = 0; k < sizeof need_contacts / sizeof *need_contacts; k++)
            if (strcmp(a->settings[2 * i], need_contacts[k]) == 0) {
                char msg[256];
                snprintf(msg, sizeof msg,
                         "%s needs single contacts (cases, meetings or their times), which a "
                         "tie table does not hold; expected no %s with --ties",
                         need_contacts[k], need_contacts[k]);
                return sni_cli_usage_error(cmd, "%s", msg);
            }
    return 0;
}

static int parse_analyze(int argc, char **argv, analyze_args *a, const char *cmd)
{
    enum {
        O_ACTORS = 256,
        O_CONTACTS,
        O_DEMO,
        O_DEMO_SCALE,
        O_FORMAT,
        O_TOP,
        O_LANG,
        O_STRICT,
        O_QUIET,
        O_NO_PROGRESS,
        O_REMOVE,
        O_TIMINGS,
        O_STORE,
        O_SAVE_STORE,
        O_CSV,
        O_PRIVACY,
        O_PSEUDONYM_KEY,
        O_MIN_CELL,
        O_MERGE_SMALL_ORGS,
        O_TIES,
        O_BUCKET,
    };
    static const struct option own[] = {
        {"actors", required_argument, 0, O_ACTORS},
        {"contacts", required_argument, 0, O_CONTACTS},
        {"demo", no_argument, 0, O_DEMO},
        {"demo-scale", required_argument, 0, O_DEMO_SCALE},
        {"format", required_argument, 0, O_FORMAT},
        {"output", required_argument, 0, 'o'},
        {"top", required_argument, 0, O_TOP},
        {"lang", required_argument, 0, O_LANG},
        {"strict", no_argument, 0, O_STRICT},
        {"quiet", no_argument, 0, O_QUIET},
        {"no-progress", no_argument, 0, O_NO_PROGRESS},
        {"remove", required_argument, 0, O_REMOVE},
        {"timings", no_argument, 0, O_TIMINGS},
        {"store", required_argument, 0, O_STORE},
        {"save-store", required_argument, 0, O_SAVE_STORE},
        {"csv", required_argument, 0, O_CSV},
        {"privacy", required_argument, 0, O_PRIVACY},
        {"pseudonym-key", required_argument, 0, O_PSEUDONYM_KEY},
        {"min-cell", required_argument, 0, O_MIN_CELL},
        {"merge-small-orgs", required_argument, 0, O_MERGE_SMALL_ORGS},
        {"ties", required_argument, 0, O_TIES},
        {"bucket", required_argument, 0, O_BUCKET},
        {"help", no_argument, 0, 'h'},
    };
    /* getopt's list: the command's own options, then every row of the modules' tables */
    enum { N_OWN = sizeof own / sizeof *own, MAX_ROWS = 96 };
    static struct option opts[N_OWN + MAX_ROWS + 1];
    static char names[MAX_ROWS][48];
    size_t k = 0;
    for (; k < N_OWN; k++)
        opts[k] = own[k];
    for (int t = 0; t < T_COUNT; t++) {
        size_t n;
        const sn_opt *rows = table_rows(t, &n);
        for (size_t i = 0; i < n && k - N_OWN < MAX_ROWS; i++, k++) {
            char *name = names[k - N_OWN];
            sn_opt_flag(&rows[i], name, sizeof names[0]);
            opts[k] = (struct option){name + 2,
                                      rows[i].type == SN_OPT_FLAG ? no_argument : required_argument,
                                      0, O_TABLE + t * 64 + (int)i};
        }
    }
    opts[k] = (struct option){0, 0, 0, 0};
    sn_analysis_opts_init(&a->an);
    sn_layout_opts_init(&a->layout);
    a->an.temporal.has_range = 1;
    sn_time_range_default((int64_t)time(NULL), &a->an.temporal.range);
    a->demo_opts = (sn_synth_opts){SN_SYNTH_SMALL, 1, 0};
    a->top = 10;
    a->progress = 1;
    a->reduce = strcmp(cmd, "reduce") == 0;
    a->bucket = SN_BUCKET_MONTH;
    int c;
    long v;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(strcmp(cmd, "check") == 0    ? usage_check
                  : strcmp(cmd, "reduce") == 0 ? usage_reduce
                                               : usage_analyze,
                  stdout);
            return -1;
        case O_TIES:
            if (a->reduce || strcmp(cmd, "analyze") != 0)
                return sni_cli_usage_error(cmd, "%s",
                                           "--ties is an option of analyze; expected it there");
            if (a->ties)
                return sni_cli_usage_error(cmd, "%s",
                                           "--ties given twice; expected one tie table (reduce "
                                           "the contacts of several into one)");
            a->ties = optarg;
            break;
        case O_BUCKET:
            if (sn_bucket_parse(optarg, &a->bucket) != SN_OK)
                return sni_cli_usage_error(
                    cmd, "unknown --bucket '%s'; expected day, week, month or quarter", optarg);
            a->has_bucket = 1;
            break;
        case O_ACTORS:
        case O_CONTACTS:
            if (add_source(a, optarg, c == O_ACTORS ? SN_INPUT_ACTORS : SN_INPUT_CONTACTS))
                return sni_cli_usage_error(cmd, "%s", "out of memory");
            break;
        case O_DEMO:
            a->demo = 1;
            break;
        case O_DEMO_SCALE:
            if (sn_synth_scale_parse(optarg, &a->demo_opts.scale) != SN_OK)
                return sni_cli_usage_error(
                    cmd, "unknown --demo-scale '%s'; expected small, region or national", optarg);
            break;
        case O_FORMAT:
            a->format_given = 1;
            if (a->reduce) {
                if (strcmp(optarg, "csv") == 0)
                    a->format = 2;
                else if (strcmp(optarg, "jsonl") == 0)
                    a->format = 6;
                else
                    return sni_cli_usage_error(
                        cmd, "unknown --format '%s' for the tie table; expected csv or jsonl",
                        optarg);
                break;
            }
            if (strcmp(optarg, "json") == 0)
                a->format = 1;
            else if (strcmp(optarg, "text") == 0)
                a->format = 0;
            else if (strcmp(optarg, "csv") == 0)
                a->format = 2;
            else if (strcmp(optarg, "graphml") == 0)
                a->format = 3;
            else if (strcmp(optarg, "gexf") == 0)
                a->format = 4;
            else if (strcmp(optarg, "html") == 0)
                a->format = 5;
            else
                return sni_cli_usage_error(
                    cmd, "unknown --format '%s'; expected text, json, csv, graphml, gexf or html",
                    optarg);
            break;
        case 'o':
            a->output = optarg;
            break;
        case O_CSV: {
            sn_err e;
            if (sn_csv_style_parse(optarg, &a->csv, &e) != SN_OK)
                return sni_cli_usage_error(cmd, "unknown --csv '%s'; expected plain or excel",
                                           optarg);
            a->csv_given = 1;
            break;
        }
        case O_PRIVACY: {
            sn_err e;
            if (sn_privacy_profile_parse(optarg, &a->privacy.profile, &e) != SN_OK)
                return sni_cli_usage_error(
                    cmd, "unknown --privacy '%s'; expected internal or shared", optarg);
            break;
        }
        case O_PSEUDONYM_KEY:
            a->privacy.key_file = optarg;
            break;
        case O_MIN_CELL:
            if (sni_cli_parse_long(optarg, &v) || v < 2 || v > 100)
                return sni_cli_usage_error(
                    cmd, "bad --min-cell '%s'; expected a whole number from 2 to 100", optarg);
            a->privacy.min_cell = (int)v;
            a->min_cell_given = 1;
            break;
        case O_MERGE_SMALL_ORGS:
            if (sni_cli_parse_long(optarg, &v) || v < 2 || v > 1000000)
                return sni_cli_usage_error(
                    cmd, "bad --merge-small-orgs '%s'; expected a whole number of actors >= 2",
                    optarg);
            a->privacy.merge_small_orgs = (int)v;
            break;
        case O_TOP:
            if (sni_cli_parse_long(optarg, &v) || v < 1 || v > 100000)
                return sni_cli_usage_error(cmd, "bad --top '%s'; expected a whole number >= 1",
                                           optarg);
            a->top = (int)v;
            break;
        case O_LANG:
            if (sni_cli_parse_lang(optarg, &a->lang) != 0)
                return sni_cli_usage_error(
                    cmd, "unknown --lang '%s'; expected en or nb (any case, e.g. NB or nb-NO)",
                    optarg);
            break;
        case O_STRICT:
            a->strict = 1;
            break;
        case O_QUIET:
            a->quiet = 1;
            break;
        case O_NO_PROGRESS:
            a->progress = 0;
            break;
        case O_TIMINGS:
            a->timings = 1;
            break;
        case O_STORE:
            if (strcmp(cmd, "watch") == 0)
                return sni_cli_usage_error(cmd, "%s",
                                           "--store is for analyze; expected --state FILE.db");
            a->store = optarg;
            break;
        case O_SAVE_STORE:
            if (strcmp(cmd, "analyze") != 0 && strcmp(cmd, "check") != 0)
                return sni_cli_usage_error(cmd, "%s",
                                           "--save-store is for analyze and check; expected "
                                           "no --save-store here");
            a->save_store = optarg;
            break;
        case O_REMOVE:
            if (split_ids(a, optarg) != 0)
                return sni_cli_usage_error(cmd, "bad --remove '%s'; expected ID[,ID...]", optarg);
            break;
        case ':':
            return sni_cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
        default:
            if (c >= O_TABLE) {
                if (table_option(a, c, optarg, cmd) != 0)
                    return 2;
                break;
            }
            return sni_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    for (int i = optind; i < argc; i++)
        if (add_source(a, argv[i], SN_INPUT_AUTO))
            return sni_cli_usage_error(cmd, "%s", "out of memory");
    a->an.remove = (const char *const *)a->remove;
    a->an.n_remove = a->n_remove;
    if (a->reduce && a->output && strlen(a->output) > 3 &&
        strcmp(a->output + strlen(a->output) - 3, ".gz") == 0)
        return sni_cli_usage_error(cmd, "%s",
                                   "samnett reduce writes the tie table uncompressed; expected "
                                   "--output without .gz (gzip it afterwards, or write to "
                                   "standard output and pipe it to gzip)");
    if (a->reduce && !a->format_given) {
        size_t n = a->output ? strlen(a->output) : 0;
        const char *o = a->output;
        a->format = (n > 6 && strncmp(o + n - 6, ".jsonl", 6) == 0) ||
                            (n > 7 && strncmp(o + n - 7, ".ndjson", 7) == 0)
                        ? 6
                        : 2;
    }
    if (a->reduce && a->has_bucket == 0)
        a->bucket = SN_BUCKET_MONTH;
    if (a->reduce && a->n_remove)
        return sni_cli_usage_error(cmd, "%s",
                                   "--remove is an option of analyze; the tie table keeps every "
                                   "actor (analyze --ties --remove takes it)");
    if (a->reduce && (a->demo || a->store))
        return sni_cli_usage_error(cmd, "%s",
                                   "samnett reduce reads contacts files; expected SOURCE files "
                                   "or folders, not --demo or --store");
    if (a->has_bucket && !a->reduce && !a->ties)
        return sni_cli_usage_error(cmd, "%s",
                                   "--bucket is the tie table's; expected --ties FILE with it");
    if (a->ties) {
        int rc = ties_usage(a, cmd);
        if (rc)
            return rc;
        /* the report names the tie table after the actors */
        const char **in = realloc(a->inputs, (a->n_sources + 1) * sizeof *in);
        if (!in)
            return sni_cli_usage_error(cmd, "%s", "out of memory");
        a->inputs = in;
        in[a->n_sources] = a->ties;
    }
    /* the tie table is one file (reduce): the folder checks are analyze's */
    if (!a->reduce && a->format == 2 && !a->output)
        return sni_cli_usage_error(
            cmd, "%s", "--format csv writes tables into a folder; expected --output DIR");
    if (!a->reduce && a->format == 2 && strcmp(a->output, "-") == 0)
        return sni_cli_usage_error(cmd, "%s",
                                   "--format csv writes several tables into a folder, which "
                                   "standard output cannot hold; expected --output DIR");
    if (a->an.metrics.betweenness_sample > 0 && a->an.metrics.path_weights == SN_PATHS_INVERSE)
        return sni_cli_usage_error(cmd, "%s",
                                   "--betweenness-sample samples unweighted shortest paths only; "
                                   "with --path-weights inverse betweenness is exact: expected "
                                   "one of the two");
    if (a->csv_given && a->format != 2)
        return sni_cli_usage_error(cmd, "%s",
                                   "--csv sets the dialect of --format csv; expected "
                                   "--format csv with it");
    if (a->demo && a->n_sources)
        return sni_cli_usage_error(cmd, "%s", "--demo reads no files; expected no SOURCE with it");
    if (a->privacy.profile == SN_PRIVACY_SHARED && !a->min_cell_given)
        a->privacy.min_cell = 3;
    size_t nk = 0;
    for (size_t i = 0; i < a->an.n_partitions && i < SN_MAX_PARTITIONS; i++)
        a->keep_columns[nk++] = a->an.partitions[i];
    if (a->an.temporal.pairs_by)
        a->keep_columns[nk++] = a->an.temporal.pairs_by;
    a->privacy.keep_columns = a->keep_columns;
    a->privacy.n_keep_columns = nk;
    if (a->privacy.key_file) {
        sn_err e = {0};
        if (sn_privacy_key_load(&a->privacy, a->privacy.key_file, &e) != SN_OK)
            return sni_cli_usage_error(cmd, "%s", e.msg);
    }
    for (size_t i = 0; a->store && i < a->n_sources; i++)
        if (a->sources[i].kind != SN_INPUT_ACTORS)
            return sni_cli_usage_error(cmd,
                                       "unexpected input '%s' with --store; expected --actors only",
                                       a->sources[i].path);
    if (a->store && a->demo)
        return sni_cli_usage_error(cmd, "%s", "--demo reads no files; expected no --store with it");
    if (a->save_store && (a->store || a->ties))
        return sni_cli_usage_error(cmd, "%s",
                                   "--save-store writes the contacts as read; expected contacts "
                                   "files or folders, not --store or --ties");
    if (a->save_store && a->privacy.profile == SN_PRIVACY_SHARED)
        return sni_cli_usage_error(cmd, "%s",
                                   "--save-store writes raw ids, which --privacy shared keeps "
                                   "from files; expected no --save-store with --privacy shared");
    if (!a->demo && !a->n_sources && !a->store && !a->ties && strcmp(cmd, "watch") != 0)
        return sni_cli_usage_error(
            cmd, "%s", "no input; expected SOURCE files or folders, --contacts, or --demo");
    if (a->an.view.has_since && a->an.view.has_until && a->an.view.until <= a->an.view.since)
        return sni_cli_usage_error(cmd, "%s", "--until must be later than --since");
    const sn_temporal_opts *to = &a->an.temporal;
    if (!to->has_window && (to->has_slide || to->window_metrics))
        return sni_cli_usage_error(cmd, "%s",
                                   to->has_slide
                                       ? "--slide needs a window; expected --window SPAN too"
                                       : "--window-metrics needs windows; expected --window SPAN");
    return 0;
}

static void free_args(analyze_args *a)
{
    for (size_t i = 0; i < a->n_settings; i++)
        free((void *)a->settings[2 * i]);
    free(a->settings);
    free((void *)a->command);
    for (size_t i = 0; i < a->n_words; i++)
        free(a->words[i]);
    free(a->words);
    for (size_t i = 0; i < a->n_remove; i++)
        free(a->remove[i]);
    free(a->remove);
    free(a->sources);
    free(a->inputs);
    sn_cli_lens_args_free(&a->lens);
}

/* What `samnett check` prints: the input counts and the store's memory. */
static void print_check(const sn_store *s, const sn_diag *d)
{
    char a[40], b[40];
    printf("files %ld, actors %zu (%ld created from contacts), contacts %zu, rejected rows %ld, "
           "self-contacts %ld, warnings %ld\n",
           s->files, s->n_actors - (size_t)s->auto_actors, s->auto_actors, s->n, s->rejected,
           s->self_contacts, d->warnings);
    if (s->n) {
        sn_time_format(s->first_time, a, sizeof a);
        sn_time_format(s->last_time, b, sizeof b);
        printf("time span %s .. %s\n", a, b);
    }
    size_t cb = sn_store_contact_bytes(s), all = sn_store_bytes(s);
    printf("memory: contacts %.1f MB (%.1f bytes per contact%s), whole store %.1f MB\n", cb / 1e6,
           s->n ? (double)cb / (double)s->n : 0.0,
           s->spilled ? "; in mapped temporary files, see SAMNETT_SPILL_BYTES" : "", all / 1e6);
}

/*
 * A state a keyed watch made holds pseudonyms: it is read with the same key
 * only, and its ids are then left as they are (p->ids_done). SN_EUSAGE
 * without the key or with another.
 */
static sn_status state_pseudonyms(sn_state *st, const char *path, sn_privacy *p, sn_err *err)
{
    char *mode = sn_state_meta_get(st, "pseudonyms");
    char *fp = sn_state_meta_get(st, "key_fingerprint");
    sn_status rc = SN_OK;
    if (mode && strcmp(mode, "keyed") == 0) {
        char mine[SN_PSEUDONYM_MAX] = "";
        if (p->has_key)
            sn_privacy_fingerprint(p, mine);
        if (!p->has_key)
            rc = sn_err_set(err, SN_EUSAGE,
                            "--store %s: the state holds pseudonyms made with a key (fingerprint "
                            "%s); expected the same --pseudonym-key",
                            path, fp ? fp : "unknown");
        else if (!fp || strcmp(fp, mine) != 0)
            rc = sn_err_set(err, SN_EUSAGE,
                            "--store %s: the state holds pseudonyms made with another key "
                            "(fingerprint %s, this key's is %s); expected the same "
                            "--pseudonym-key",
                            path, fp ? fp : "unknown", mine);
        else
            p->ids_done = 1;
    }
    free(mode);
    free(fp);
    return rc;
}

/*
 * Whether --store names a store file (sn_store_open) rather than a watch's
 * state: anything readable that does not start as an SQLite database does
 * (sn_store_open then says what it expected). A file that cannot be read is
 * left to the state's reader and its message.
 */
static int is_store_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char head[16];
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    return !(got == sizeof head && memcmp(head, "SQLite format 3", 16) == 0);
}

/* Read a store file (--store FILE of --save-store): no --actors beside it. */
static sn_status load_store_file(const char *path, sn_store *store, size_t n_actors, sn_diag *diag,
                                 sn_err *err)
{
    if (n_actors)
        return sn_err_set(err, SN_EUSAGE,
                          "--store %s is a store file, which holds its actors; expected no "
                          "--actors with it",
                          path);
    return sn_store_open(store, path, diag, err);
}

/*
 * Read what a watch stored (--store): the actors from the given actors
 * sources or, when there are none, from the state's snapshot, then the
 * contacts. The actors files given beside a state of pseudonyms are
 * pseudonymised as the watch does before the contacts meet them.
 */
static sn_status load_state(const char *path, sn_store *store, const sn_source *actors,
                            size_t n_actors, const sn_ingest_opts *opts, sn_diag *diag,
                            sn_privacy *p, long *read_rejected, sn_err *err)
{
    sn_state *st;
    sn_status rc = sn_state_open(path, SN_STATE_READONLY, &st, err);
    if (rc != SN_OK)
        return rc;
    rc = state_pseudonyms(st, path, p, err);
    if (rc == SN_OK && n_actors)
        rc = sn_ingest(store, actors, n_actors, opts, diag, err);
    if (rc == SN_OK && n_actors && p->ids_done) {
        sn_privacy as_watch = *p;
        as_watch.ids_done = 0;
        as_watch.all_ids = 1;
        as_watch.merge_small_orgs = 0; /* done later, over all actors */
        rc = sn_privacy_apply(store, &as_watch, err);
    }
    *read_rejected = store->rejected; /* the rest were rejected by the watch */
    if (rc == SN_OK)
        rc = sn_state_load(st, store, n_actors > 0, err);
    sn_state_close(st);
    return rc;
}

/*
 * The command as the HTML report shows it, with the ids of --remove spelled
 * as the store spells them (pseudonyms under shared), so that no raw actor
 * id given on the command line reaches the report.
 */
static sn_status command_pseudonyms(const sn_store *store, analyze_args *a, sn_err *err)
{
    char **cmd = (char **)a->command;
    for (size_t i = 0; cmd && i < a->n_command; i++) {
        const char *v = NULL, *flag = "";
        if (strcmp(cmd[i], "--remove") == 0 && i + 1 < a->n_command)
            v = cmd[++i];
        else if (strncmp(cmd[i], "--remove=", 9) == 0)
            v = cmd[i] + 9, flag = "--remove=";
        if (!v)
            continue;
        size_t cap = strlen(flag) + 1, len = 0;
        for (const char *p = v; *p; p++)
            cap += *p == ',' ? SN_PSEUDONYM_MAX + 1 : 1;
        cap += SN_PSEUDONYM_MAX;
        char *word = malloc(cap), **w = realloc(a->words, (a->n_words + 1) * sizeof *w);
        if (w)
            a->words = w;
        if (!word || !w) {
            free(word);
            return sn_err_set(err, SN_ENOMEM, "out of memory");
        }
        len = (size_t)snprintf(word, cap, "%s", flag);
        for (const char *p = v;;) {
            size_t n = strcspn(p, ",");
            char id[4096], ps[SN_PSEUDONYM_MAX];
            snprintf(id, sizeof id, "%.*s", (int)(n < sizeof id ? n : sizeof id - 1), p);
            const char *shown = sn_privacy_actor_ref(&a->privacy, store, id, ps);
            if (shown == id) /* kept as given */
                len += (size_t)snprintf(word + len, cap - len, "%.*s", (int)n, p);
            else
                len += (size_t)snprintf(word + len, cap - len, "%s", shown);
            if (!p[n])
                break;
            len += (size_t)snprintf(word + len, cap - len, ",");
            p += n + 1;
        }
        a->words[a->n_words++] = word;
        cmd[i] = word;
    }
    return SN_OK;
}

/*
 * Apply the privacy profile to the store (sn_privacy_apply): the columns the
 * analysis groups by are kept, the --remove ids are then spelled as the
 * store spells them (a raw actor id becomes its pseudonym), and a one-off
 * key is said on stderr.
 */
static sn_status apply_privacy(sn_store *store, analyze_args *a, sn_err *err)
{
    sn_status rc = sn_privacy_apply(store, &a->privacy, err);
    if (rc != SN_OK)
        return rc;
    for (size_t i = 0; i < a->n_remove; i++) {
        char ps[SN_PSEUDONYM_MAX];
        const char *id = sn_privacy_actor_ref(&a->privacy, store, a->remove[i], ps);
        if (id == a->remove[i])
            continue;
        char *copy = strdup(id);
        if (!copy)
            return sn_err_set(err, SN_ENOMEM, "out of memory");
        free(a->remove[i]);
        a->remove[i] = copy;
    }
    if (a->n_remove && (rc = command_pseudonyms(store, a, err)) != SN_OK)
        return rc;
    if (a->privacy.key_one_off)
        fprintf(stderr,
                "samnett: note: --privacy shared without --pseudonym-key: the pseudonyms are made "
                "with a one-off random key and differ on every run; for pseudonyms that can be "
                "joined across runs, make a key with `samnett key new FILE` and give it with "
                "--pseudonym-key FILE\n");
    return SN_OK;
}

/*
 * --ties: the actors (--actors), then the tie table. A table of keyed
 * pseudonyms (reduce --privacy shared) under --privacy shared meets actors
 * pseudonymised first with the same key; its ids are then left as they are.
 */
static sn_status load_ties(sn_store *store, analyze_args *a, const sn_ingest_opts *opts,
                           sn_diag *diag, sn_err *err)
{
    sn_status rc =
        a->n_sources ? sn_ingest(store, a->sources, a->n_sources, opts, diag, err) : SN_OK;
    sn_tie_file *f = NULL;
    if (rc == SN_OK)
        rc = sn_ties_load(a->ties, diag, &f, err);
    if (rc == SN_OK && a->privacy.profile == SN_PRIVACY_SHARED && a->privacy.has_key &&
        sn_ties_pseudonymous(f)) {
        sn_privacy as_table = a->privacy;
        as_table.ids_done = 0;
        as_table.all_ids = 1;
        as_table.merge_small_orgs = 0; /* done later, over all actors */
        rc = sn_privacy_apply(store, &as_table, err);
        a->privacy.ids_done = 1;
    }
    if (rc == SN_OK)
        rc = sn_ties_store(f, store, a->has_bucket, a->bucket, diag, err);
    sn_ties_free(f);
    return rc;
}

/* A time that starts a bucket of resolution b in the current zone. */
static int bucket_start(sn_bucket b, int64_t t)
{
    const sn_tz *z = sn_tz_current();
    int64_t day = sn_tz_day(z, t);
    return sn_bucket_floor(b, day) == day && sn_tz_midnight(z, day) == t;
}

/*
 * Under --ties: --since and --until on bucket starts, and windows (and their
 * step) of whole buckets: over month buckets month, quarter or year; over
 * quarters, quarter or year; over weeks, whole weeks from a Monday --since;
 * over days, whole days, months, quarters or years. The windows' calendar is
 * UTC (see README, "Windows"), so with another --timezone the buckets are
 * shifted against them. 0, or 2 after a usage error.
 */
static int ties_check_windows(const analyze_args *a, sn_bucket b)
{
    const sn_view_opts *v = &a->an.view;
    const char *name = sn_bucket_name(b);
    if ((v->has_since && !bucket_start(b, v->since)) ||
        (v->has_until && !bucket_start(b, v->until))) {
        char msg[256];
        snprintf(msg, sizeof msg,
                 "--%s is inside a %s of the tie table; expected the start of a %s (the table "
                 "holds no time finer than its buckets)",
                 v->has_since && !bucket_start(b, v->since) ? "since" : "until", name, name);
        return sni_cli_usage_error("analyze", "%s", msg);
    }
    const sn_temporal_opts *to = &a->an.temporal;
    const sn_span *spans[2] = {to->has_window ? &to->window : NULL,
                               to->has_slide ? &to->slide : NULL};
    for (int i = 0; i < 2; i++) {
        const sn_span *s = spans[i];
        if (!s)
            continue;
        int ok;
        if (s->unit == SN_SPAN_MONTHS)
            ok = b == SN_BUCKET_DAY || (b == SN_BUCKET_MONTH) ||
                 (b == SN_BUCKET_QUARTER && s->count % 3 == 0);
        else if (b == SN_BUCKET_DAY)
            ok = s->count % 86400 == 0;
        else if (b == SN_BUCKET_WEEK)
            ok = s->count % (7 * 86400) == 0 && v->has_since;
        else
            ok = 0;
        if (!ok) {
            char msg[256];
            snprintf(msg, sizeof msg,
                     "--%s %s is not made of whole %ss of the tie table; expected %s",
                     i ? "slide" : "window", s->name, name,
                     b == SN_BUCKET_QUARTER ? "quarter or year"
                     : b == SN_BUCKET_MONTH ? "month, quarter or year"
                     : b == SN_BUCKET_WEEK  ? "whole weeks (Nw) from a --since on a Monday"
                                            : "whole days (Nd), weeks, months, quarters or years");
            return sni_cli_usage_error("analyze", "%s", msg);
        }
    }
    return 0;
}

static int cmd_analyze(int argc, char **argv, int check_only)
{
    analyze_args a;
    memset(&a, 0, sizeof a);
    /* the command as given, for the HTML report (getopt reorders argv) */
    char **command = malloc(((size_t)argc + 1) * sizeof *command);
    if (!command) {
        fprintf(stderr, "samnett: out of memory\n");
        return 1;
    }
    memcpy(command, argv, (size_t)argc * sizeof *command);
    a.command = (const char *const *)command;
    a.n_command = (size_t)argc;
    int prc = parse_analyze(argc, argv, &a, check_only ? "check" : "analyze");
    if (prc != 0) {
        free_args(&a);
        return prc < 0 ? 0 : prc;
    }
    a.lens.set.min_cell = a.privacy.min_cell; /* the lenses' small-cell rule */
    sn_lens_host *lenses = NULL; /* loaded before any input is read: bad --param is exit 2 */
    int lens_exit = check_only ? 0 : sn_cli_lens_prepare(&a.lens, &lenses, "analyze");
    if (lens_exit != 0) {
        free_args(&a);
        return lens_exit;
    }
    sn_err err = {0};
    sn_store store;
    sn_diag diag;
    sn_diag_init(&diag, stderr);
    diag.strict = a.strict;
    diag.quiet = a.quiet;
    sn_progress progress;
    sn_progress_init(&progress, a.progress);
    sn_ingest_opts iopts = a.ingest;
    iopts.progress = sn_progress_update;
    iopts.progress_ud = &progress;
    iopts.time_range = &a.an.temporal.range;
    char *demo_dir = NULL;
    int exit_code = 0;
    int have_store = 0;
    FILE *out = NULL;
    const char *demo_inputs[1];

    if (a.demo) {
        demo_dir = sni_cli_synth_dir(&a.demo_opts, "demo", &err);
        if (!demo_dir)
            goto fail;
        if (add_source(&a, demo_dir, SN_INPUT_AUTO) != 0) {
            sn_err_set(&err, SN_ENOMEM, "out of memory");
            goto fail;
        }
        diag.quiet = 1; /* the demo region is clean; its temporary paths mean nothing */
        demo_inputs[0] = "demo";
    }
    if (sn_store_init(&store, &err) != SN_OK)
        goto fail;
    have_store = 1;
    double t_start = sni_clock_mono();
    long read_rejected = 0; /* with --store: the rows rejected here, not by the watch */
    int store_file = a.store && is_store_file(a.store);
    sn_status rc = store_file ? load_store_file(a.store, &store, a.n_sources, &diag, &err)
                   : a.store  ? load_state(a.store, &store, a.sources, a.n_sources, &iopts, &diag,
                                           &a.privacy, &read_rejected, &err)
                   : a.ties   ? load_ties(&store, &a, &iopts, &diag, &err)
                              : sn_ingest(&store, a.sources, a.n_sources, &iopts, &diag, &err);
    if (!a.store)
        read_rejected = store.rejected;
    double t_ingest = sni_clock_mono() - t_start;
    sn_progress_clear(&progress);
    if (rc != SN_OK)
        goto fail;
    if (diag.suppressed)
        fprintf(stderr, "samnett: %ld more messages not shown\n", diag.suppressed);
    char nr[32];
    if (read_rejected)
        fprintf(stderr, "samnett: %s row%s rejected (%s)\n",
                sni_group_digits(read_rejected, ',', nr, sizeof nr), read_rejected == 1 ? "" : "s",
                diag.quiet ? "their messages are not shown with --quiet"
                           : "see the messages above");
    if (store_file && store.rejected)
        fprintf(stderr,
                "samnett: %s: %ld row%s rejected when the store was saved; the messages were "
                "printed then\n",
                a.store, store.rejected, store.rejected == 1 ? " was" : "s were");
    else if (store.rejected > read_rejected)
        fprintf(stderr,
                "samnett: %s: %ld row%s rejected when samnett watch read %s; the watch printed "
                "the messages, and the state keeps only the count\n",
                a.store, store.rejected - read_rejected,
                store.rejected - read_rejected == 1 ? " was" : "s were",
                store.rejected - read_rejected == 1 ? "it" : "them");
    if (check_only) {
        if (a.save_store &&
            sn_store_save(&store, a.demo ? demo_inputs : a.inputs, a.demo ? 1 : a.n_sources, &diag,
                          a.save_store, &err) != SN_OK)
            goto fail;
        print_check(&store, &diag);
        goto done;
    }
    if (a.ties && (exit_code = ties_check_windows(&a, (sn_bucket)store.tie_bucket)) != 0)
        goto done;
    /* too many rejected rows, or no contact at all: no report of what is left */
    /* the demo's files are named as the demo, not by their temporary folder */
    for (size_t i = 0; demo_dir && i < store.n_input_files; i++) {
        char *name = store.input_files[i].name;
        size_t n = strlen(demo_dir);
        char *shown = NULL;
        if (strncmp(name, demo_dir, n) == 0 && name[n] == '/' &&
            asprintf(&shown, "demo%s", name + n) >= 0) {
            free(name);
            store.input_files[i].name = shown;
        }
    }
    if (sn_ingest_check_rejected(&store, &iopts, &err) != SN_OK)
        goto fail;
    /* the store as read, before the privacy profile (which applies again when it is read) */
    if (a.save_store && sn_store_save(&store, a.demo ? demo_inputs : a.inputs,
                                      a.demo ? 1 : a.n_sources, &diag, a.save_store, &err) != SN_OK)
        goto fail;
    if (apply_privacy(&store, &a, &err) != SN_OK || sn_analysis_check(&store, &a.an, &err) != SN_OK)
        goto fail;

    sn_analysis an;
    /*
     * With lenses, the case and meeting measures are built while the first
     * lenses run. GraphML and GEXF hold the network alone: without lenses,
     * no case or meeting measure is computed for them.
     */
    int events_wanted = lenses != NULL || (a.format != 3 && a.format != 4);
    a.an.defer_events = lenses != NULL || !events_wanted;
    if (sn_analysis_run(&store, &a.an, &an, &err) != SN_OK)
        goto fail;
    /* the re-identification check (shared): before the lenses and the writers read the results */
    if (sn_analysis_privacy(&an, &store, &a.privacy, &err) != SN_OK) {
        sn_analysis_free(&an);
        goto fail;
    }
    /*
     * The lenses run in their processes while the report's other parts are
     * written; for JSON, each lens's entry is made as soon as it is done.
     */
    lens_dumps dumps = {0};
    if (lenses && a.format == 1) {
        dumps.n = sn_lens_host_results(lenses)->n;
        dumps.text = calloc(dumps.n ? dumps.n : 1, sizeof *dumps.text);
        dumps.len = calloc(dumps.n ? dumps.n : 1, sizeof *dumps.len);
        if (dumps.text && dumps.len)
            sn_lens_host_on_done(lenses, dump_lens, &dumps);
        else
            dumps.n = 0; /* built when written, as without the dumps */
    }
    int lens_unstarted = sn_cli_lens_start(lenses, &store, &an, &a.an);
    rc = events_wanted
             ? sn_analysis_events(&store, &a.an, &an, &err) /* nothing when not deferred */
             : SN_OK;
    sn_lens_host_release(lenses); /* the lenses that may read them start now */
    double t_report = sni_clock_mono();
    sn_report report = {&store,
                        &an,
                        &diag,
                        a.demo       ? demo_inputs
                        : store_file ? store.file_sources
                                     : a.inputs,
                        a.demo       ? 1
                        : store_file ? store.n_file_sources
                                     : a.n_sources + (a.ties != NULL),
                        a.top,
                        a.lang,
                        lenses ? sn_lens_host_results(lenses) : NULL,
                        lenses ? wait_lenses : NULL,
                        lenses,
                        dumps.n ? dumps.text : NULL,
                        dumps.n ? dumps.len : NULL,
                        NULL,
                        NULL,
                        a.command,
                        a.n_command,
                        a.csv,
                        a.settings,
                        a.n_settings,
                        report_time_zone(&a),
                        &a.privacy};
    /*
     * Every format but text lists the ties (channels, times, windows); the map
     * and the GEXF draw the network.
     */
    sn_network_ties ties;
    int has_ties = 0;
    if (rc == SN_OK && a.format >= 1) {
        rc = sn_analysis_ties(&an, &ties, &err);
        has_ties = rc == SN_OK;
        report.ties = has_ties ? &ties : NULL;
    }
    sn_layout layout;
    int has_layout = 0;
    if (rc == SN_OK && (a.format == 4 || a.format == 5)) {
        rc = sn_analysis_layout(&an, &a.layout, &layout, &err);
        has_layout = rc == SN_OK;
        report.layout = has_layout ? &layout : NULL;
    }
    if (rc != SN_OK) {
        /* no report; the lenses are waited for below */
    } else if (a.format == 2) {
        rc = sn_report_csv(&report, a.output, &err);
    } else {
        /*
         * a file is written beside its target, then renamed (a device or a pipe: in place);
         * "-" is standard output
         */
        sn_file file = {0};
        int to_file = a.output && strcmp(a.output, "-") != 0;
        if (to_file)
            rc = sn_file_open(&file, a.output, SN_FILE_DEVICE_IN_PLACE, &err);
        out = to_file ? file.f : stdout;
        if (out) {
            rc = a.format == 1   ? sn_report_json(&report, out, &err)
                 : a.format == 3 ? sn_report_graphml(&report, out, &err)
                 : a.format == 4 ? sn_report_gexf(&report, out, &err)
                 : a.format == 5 ? sn_report_html(&report, out, &err)
                                 : sn_report_text(&report, out, &err);
            if (to_file)
                rc = sn_file_close(&file, rc, &err);
        }
    }
    /* the report waits for the lenses only where their findings go (findings.csv too) */
    double t_waited = sni_clock_mono();
    sn_lens_host_wait(lenses);
    lens_waited += sni_clock_mono() - t_waited;
    lens_exit = sn_cli_lens_finish(lenses) || lens_unstarted;
    for (size_t i = 0; i < dumps.n; i++)
        free(dumps.text[i]);
    free(dumps.text);
    free(dumps.len);
    if (a.timings)
        fprintf(stderr,
                "samnett: seconds: ingest %.3f, network %.3f, node measures %.3f, silos %.3f, "
                "brokerage %.3f, removal %.3f, events %.3f, cases %.3f, meetings %.3f, "
                "temporal %.3f, report %.3f (of which waiting for the lenses %.3f)\n",
                t_ingest, an.seconds.network, an.seconds.metrics, an.seconds.silo,
                an.seconds.brokerage, an.seconds.removal, an.seconds.events, an.seconds.cases,
                an.seconds.meetings, an.seconds.temporal, sni_clock_mono() - t_report, lens_waited);
    if (has_ties)
        sn_network_ties_free(&ties);
    if (has_layout)
        sn_layout_free(&layout);
    sn_analysis_free(&an);
    if (rc != SN_OK)
        goto fail;
    exit_code = lens_exit; /* 1 when a lens failed; its error is in the report */
    goto done;

fail:
    /* An input problem already printed by the diagnostics sink is not repeated. */
    if (!(err.code == SN_EINPUT && strcmp(err.msg, diag.first) == 0))
        fprintf(stderr, "samnett: %s\n", err.msg[0] ? err.msg : "failed");
    exit_code = sn_status_exit_code(err.code ? err.code : SN_EANALYSIS);
done:
    sn_lens_host_free(lenses);
    if (have_store)
        sn_store_free(&store);
    if (demo_dir) {
        sni_cli_remove_tree(demo_dir);
        free(demo_dir);
    }
    free_args(&a);
    return exit_code;
}

/*
 * samnett reduce: contacts read as analyze reads them (the same sources,
 * checks, messages and privacy profile), reduced to the tie table and
 * written atomically (sn_file) or to standard output.
 */
static int cmd_reduce(int argc, char **argv)
{
    analyze_args a;
    memset(&a, 0, sizeof a);
    int prc = parse_analyze(argc, argv, &a, "reduce");
    if (prc != 0) {
        free_args(&a);
        return prc < 0 ? 0 : prc;
    }
    sn_err err = {0};
    sn_store store;
    sn_diag diag;
    sn_diag_init(&diag, stderr);
    diag.strict = a.strict;
    diag.quiet = a.quiet;
    sn_progress progress;
    sn_progress_init(&progress, a.progress);
    sn_ingest_opts iopts = a.ingest;
    iopts.progress = sn_progress_update;
    iopts.progress_ud = &progress;
    iopts.time_range = &a.an.temporal.range;
    int exit_code = 0, have_store = 0;
    if (sn_store_init(&store, &err) != SN_OK)
        goto fail;
    have_store = 1;
    double t0 = sni_clock_mono();
    sn_status rc = sn_ingest(&store, a.sources, a.n_sources, &iopts, &diag, &err);
    double t_ingest = sni_clock_mono() - t0;
    sn_progress_clear(&progress);
    if (rc != SN_OK)
        goto fail;
    if (diag.suppressed)
        fprintf(stderr, "samnett: %ld more messages not shown\n", diag.suppressed);
    char nr[32];
    if (store.rejected)
        fprintf(
            stderr, "samnett: %s row%s rejected (%s)\n",
            sni_group_digits(store.rejected, ',', nr, sizeof nr), store.rejected == 1 ? "" : "s",
            diag.quiet ? "their messages are not shown with --quiet" : "see the messages above");
    if (sn_ingest_check_rejected(&store, &iopts, &err) != SN_OK ||
        apply_privacy(&store, &a, &err) != SN_OK)
        goto fail;
    sn_reduce_opts ro;
    sn_reduce_opts_init(&ro);
    ro.bucket = a.bucket;
    ro.view = &a.an.view;
    ro.min_cell = a.privacy.profile == SN_PRIVACY_SHARED ? a.privacy.min_cell : 0;
    sn_tie_table table;
    t0 = sni_clock_mono();
    if (sn_reduce(&store, &ro, &table, &err) != SN_OK)
        goto fail;
    double t_reduce = sni_clock_mono() - t0;
    t0 = sni_clock_mono();
    sn_file file = {0};
    int to_file = a.output && strcmp(a.output, "-") != 0;
    rc = to_file ? sn_file_open(&file, a.output, SN_FILE_DEVICE_IN_PLACE, &err) : SN_OK;
    if (rc == SN_OK) {
        rc = sn_tie_table_write(&table, to_file ? file.f : stdout, a.format == 6, &err);
        if (to_file)
            rc = sn_file_close(&file, rc, &err);
        else if (rc == SN_OK && fflush(stdout) != 0)
            rc = sn_err_set(&err, SN_EIO, "cannot write the tie table to standard output");
    }
    if (rc == SN_OK && table.rows_left_out && !a.quiet)
        fprintf(stderr,
                "samnett: %ld row%s of ties with fewer than %d contacts left out (%ld "
                "contacts; --min-cell)\n",
                table.rows_left_out, table.rows_left_out == 1 ? "" : "s", ro.min_cell,
                table.contacts_left_out);
    if (a.timings)
        fprintf(stderr, "samnett: seconds: ingest %.3f, reduce %.3f, write %.3f; %zu rows\n",
                t_ingest, t_reduce, sni_clock_mono() - t0, table.n);
    sn_tie_table_free(&table);
    if (rc != SN_OK)
        goto fail;
    goto done;
fail:
    if (!(err.code == SN_EINPUT && strcmp(err.msg, diag.first) == 0))
        fprintf(stderr, "samnett: %s\n", err.msg[0] ? err.msg : "failed");
    exit_code = sn_status_exit_code(err.code ? err.code : SN_EANALYSIS);
done:
    if (have_store)
        sn_store_free(&store);
    free_args(&a);
    return exit_code;
}

/* samnett watch: its own options (watch_cli.c), then the analysis options of analyze. */
static int cmd_watch(int argc, char **argv)
{
    sn_cli_watch_args w;
    int rc = sn_cli_watch_split(argc, argv, &w);
    analyze_args a;
    memset(&a, 0, sizeof a);
    if (rc == 0)
        rc = parse_analyze(w.n_rest, w.rest, &a, "watch");
    if (rc == 0)
        rc = sn_cli_watch_check(&w, a.sources, a.n_sources, a.demo, a.format, a.output);
    if (rc == 0 && a.privacy.profile == SN_PRIVACY_SHARED && !a.privacy.has_key)
        rc = sni_cli_usage_error("watch", "%s",
                                 "--privacy shared needs --pseudonym-key FILE (a one-off key "
                                 "would change the pseudonyms on every start; make a key with "
                                 "samnett key new FILE)");
    if (rc == 0 && a.privacy.has_key) {
        /* the state holds pseudonyms only: the watch pseudonymises as it reads */
        a.privacy.all_ids = 1;
        /* --remove names raw actor ids: the watch's store holds their pseudonyms */
        for (size_t i = 0; a.an.view.level == SN_LEVEL_ACTOR && i < a.n_remove; i++) {
            char ps[SN_PSEUDONYM_MAX];
            sn_privacy_pseudonym(&a.privacy, "actor", a.remove[i], strlen(a.remove[i]), ps);
            char *copy = strdup(ps);
            if (!copy) {
                rc = sni_cli_usage_error("watch", "%s", "out of memory");
                break;
            }
            free(a.remove[i]);
            a.remove[i] = copy;
        }
    }
    if (rc == 0) {
        w.o.privacy = &a.privacy;
        w.o.analysis = &a.an;
        w.o.max_field = a.ingest.max_field;
        w.o.max_line = a.ingest.max_line;
        w.o.encoding = (int)a.ingest.encoding;
        w.o.map = a.ingest.map;
        w.o.channel_map = a.ingest.channel_map;
        w.o.date_formats = a.ingest.date_formats;
        w.o.n_date_formats = a.ingest.n_date_formats;
        w.o.limits = &a.ingest;
        w.o.top = a.top;
        w.o.lang = a.lang;
        a.lens.set.min_cell = a.privacy.min_cell; /* the lenses' small-cell rule */
        rc = sn_cli_watch_run(&w, &a.lens, a.strict, a.quiet);
    }
    free_args(&a);
    sn_cli_watch_args_free(&w);
    return rc < 0 ? 0 : rc;
}

static int cmd_synth(int argc, char **argv)
{
    static const struct option opts[] = {
        {"scale", required_argument, 0, 's'},
        {"seed", required_argument, 0, 'S'},
        {"gzip", no_argument, 0, 'z'},
        {"output", required_argument, 0, 'o'},
        {"null", no_argument, 0, 'N'},
        {"plant", required_argument, 0, 'P'},
        {"strength", required_argument, 0, 'T'},
        {"municipalities", required_argument, 0, 'M'},
        {"volume", required_argument, 0, 'V'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    sn_synth_opts o = {SN_SYNTH_SMALL, 1, 0};
    sn_synth_plan pl = {0};
    sn_err perr = {0};
    int planted = 0;
    const char *dir = NULL;
    int c;
    long v;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(usage_synth, stdout);
            return 0;
        case 's':
            if (sn_synth_scale_parse(optarg, &o.scale) != SN_OK)
                return sni_cli_usage_error(
                    "synth", "unknown --scale '%s'; expected small, region or national", optarg);
            break;
        case 'S':
            if (sni_cli_parse_long(optarg, &v) || v < 0)
                return sni_cli_usage_error("synth", "bad --seed '%s'; expected a whole number >= 0",
                                           optarg);
            o.seed = (uint64_t)v;
            break;
        case 'z':
            o.gzip = 1;
            break;
        case 'o':
            dir = optarg;
            break;
        case 'N':
            pl.null = 1;
            break;
        case 'P':
            if (sn_synth_plant_parse(optarg, &pl.plant, &perr) != SN_OK)
                return sni_cli_usage_error("synth", "bad --plant: %s", perr.msg);
            planted = 1;
            break;
        case 'T':
            if (parse_double(optarg, 0, 1, &pl.strength))
                return sni_cli_usage_error(
                    "synth", "bad --strength '%s'; expected a number in 0..1", optarg);
            pl.strength_set = 1;
            break;
        case 'M':
            if (sni_cli_parse_long(optarg, &v) || v < SN_SYNTH_MIN_MUNI || v > SN_SYNTH_MAX_MUNI)
                return sni_cli_usage_error("synth", "bad --municipalities '%s'; expected 3..200",
                                           optarg);
            pl.municipalities = (int)v;
            break;
        case 'V':
            if (parse_double(optarg, 1e-3, 100, &pl.volume))
                return sni_cli_usage_error(
                    "synth", "bad --volume '%s'; expected a number in 0.001..100", optarg);
            break;
        case ':':
            return sni_cli_usage_error("synth", "option '%s' needs a value", argv[optind - 1]);
        default:
            return sni_cli_usage_error("synth", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return sni_cli_usage_error("synth", "unexpected argument '%s'", argv[optind]);
    if (!dir)
        return sni_cli_usage_error("synth", "%s", "no --output DIR given");
    if (pl.null && planted)
        return sni_cli_usage_error("synth", "%s", "--null and --plant exclude each other");
    if (sn_synth_check(&o, &pl, &perr) != SN_OK)
        return sni_cli_usage_error("synth", "%s", perr.msg);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "samnett synth: %s: cannot create: %s\n", dir, strerror(errno));
        return 2;
    }
    sn_err err = {0};
    if (sn_synth_write_plan(&o, &pl, dir, &err) != SN_OK) {
        fprintf(stderr, "samnett synth: %s\n", err.msg);
        return sn_status_exit_code(err.code);
    }
    return 0;
}

/*
 * samnett help [COMMAND | --man]: the main text, a command's, or the manual
 * page made from all of them (man.c), so that the page and --help agree.
 */
static int cmd_help(int argc, char **argv)
{
    const sn_cli_man_page pages[] = {
        {"analyze", usage_analyze},  {"check", usage_check},        {"reduce", usage_reduce},
        {"synth", usage_synth},      {"lens", sn_cli_lens_usage()}, {"watch", sn_cli_watch_usage()},
        {"key", sn_cli_key_usage()}, {"sql", sn_cli_sql_usage()},
    };
    size_t n = sizeof pages / sizeof *pages;
    if (argc < 2) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (argc > 2)
        return sni_cli_usage_error("help", "unexpected argument '%s'", argv[2]);
    if (strcmp(argv[1], "--man") == 0) {
        sn_cli_man(stdout, SAMNETT_VERSION, usage_main, pages, n);
        return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(argv[1], pages[i].name) == 0 || (strcmp(argv[1], "analyse") == 0 && i == 0)) {
            fputs(pages[i].text, stdout);
            return 0;
        }
    return sni_cli_usage_error("help",
                               "unknown command '%s'; expected analyze, check, reduce, synth, "
                               "lens, watch, key, sql or --man",
                               argv[1]);
}

/*
 * --timezone is applied before the other flags are read, so that --since,
 * --until and --time-range read their zone-less times in it wherever it
 * stands. A zone that does not load is left for the flag's own message.
 */
static void early_timezone(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return;
        const char *z = NULL;
        if (strcmp(argv[i], "--timezone") == 0 && i + 1 < argc)
            z = argv[i + 1];
        else if (strncmp(argv[i], "--timezone=", 11) == 0)
            z = argv[i] + 11;
        sn_err e;
        if (z)
            sn_tz_use(z, &e);
    }
}

int main(int argc, char **argv)
{
    sn_init();
    sn_opt_style(SN_OPT_FLAGS); /* the engine names options as they are typed here */
    early_timezone(argc, argv);
    if (argc < 2) {
        fputs(usage_main, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0 || strcmp(cmd, "version") == 0) {
        printf("samnett %s\n", SAMNETT_VERSION);
        return 0;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(cmd, "help") == 0)
        return cmd_help(argc - 1, argv + 1);
    if (strcmp(cmd, "analyze") == 0 || strcmp(cmd, "analyse") == 0)
        return cmd_analyze(argc - 1, argv + 1, 0);
    if (strcmp(cmd, "check") == 0)
        return cmd_analyze(argc - 1, argv + 1, 1);
    if (strcmp(cmd, "reduce") == 0)
        return cmd_reduce(argc - 1, argv + 1);
    if (strcmp(cmd, "synth") == 0)
        return cmd_synth(argc - 1, argv + 1);
    if (strcmp(cmd, "lens") == 0)
        return sn_cli_lens(argc - 1, argv + 1);
    if (strcmp(cmd, "watch") == 0)
        return cmd_watch(argc - 1, argv + 1);
    if (strcmp(cmd, "key") == 0)
        return sn_cli_key(argc - 1, argv + 1);
    if (strcmp(cmd, "sql") == 0)
        return sn_cli_sql(argc - 1, argv + 1);
    fprintf(stderr, "samnett: unknown command '%s'\n\n%s", cmd, usage_main);
    return 2;
}
