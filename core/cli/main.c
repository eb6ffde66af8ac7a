/*
 * main.c - the samnett command line: a thin layer over the engine.
 *
 *   samnett analyze [options] [SOURCE...]
 *   samnett synth --scale small|region|national [--seed N] --output DIR
 *
 * Exit status: 0 success, 1 analysis failure, 2 usage or input error.
 */
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"
#include "samnett/analysis.h"
#include "samnett/ingest.h"
#include "samnett/output.h"
#include "samnett/store.h"
#include "samnett/synth.h"
#include "samnett/time.h"

static const char *const usage_main =
    "usage: samnett <command> [options]\n"
    "\n"
    "samnett turns contact logs from health and care services into an actor\n"
    "network and measures it: centrality, brokerage, silos and change over time.\n"
    "\n"
    "commands:\n"
    "  analyze   read actors and contacts and report on the network\n"
    "  check     read and validate input only; report counts, problems and memory\n"
    "  synth     write a fictional health region as CSV (for demos and benchmarks)\n"
    "\n"
    "  samnett <command> --help   options of a command\n"
    "  samnett --version          the version\n";

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

    "\n"
    "network:\n"
    "  --level LEVEL          actor (default), unit or organisation\n"
    "  --since TIME           keep contacts at or after TIME (ISO 8601 or epoch seconds)\n"
    "  --until TIME           keep contacts before TIME; a bare date includes that day\n"
    "  --channel NAME         keep only this channel (repeatable), e.g. e-message, phone\n"
    "  --min-contacts N       a tie needs at least N contacts (default 1)\n"
    "  --tie-weight MODE      contacts (default: number of contacts) or sum (of 'weight')\n"
    "  --path-weights MODE    none (default) or inverse: shortest paths with 1/weight lengths\n"
    "\n"
    "silos and brokerage:\n"
    "  --partition ATTR       group nodes by an attribute for silo measures (repeatable;\n"
    "                         default organisation): type, unit, rank, profession or\n"
    "                         any extra actor column. Brokerage uses the first.\n"
    "  --permutations N       E-I permutation test size (default 1000; 0 = no test)\n"
    "  --seed N               seed of the permutation test (and of --demo; default 1)\n"
    "  --remove ID[,ID...]    report what removing these nodes costs (repeatable)\n"
    "\n"
    "output:\n"
    "  --format FORMAT        text (default), json, or csv (tables into --output DIR)\n"
    "  --output PATH          write the report to PATH instead of standard output\n"
    "  --top N                rows in top lists (default 10)\n"
    "  --lang LANG            text report language: en (default) or nb (bokm\xc3\xa5l)\n"
    "\n"
    "input checks:\n"
    "  --strict               stop at the first problem with exit status 2\n"
    "  --quiet                do not print warnings about rows (they are still counted)\n"
    "  --max-field BYTES      longest accepted field (default 65536)\n"
    "  --no-progress          no progress line on a terminal\n"
    "  --timings              print the seconds spent in each stage on stderr\n"
    "\n"
    "Exit status: 0 success, 1 analysis failure, 2 usage or input error.\n";

static const char *const usage_check =
    "usage: samnett check [options] [SOURCE...]\n"
    "\n"
    "Read and validate actors and contacts without analysing them: every problem\n"
    "is reported as file:line:column, then the counts, the time span and the\n"
    "memory the event store uses. Takes the source and input-check options of\n"
    "'samnett analyze' (--actors, --contacts, --demo, --strict, --quiet, ...).\n"
    "\n"
    "Exit status: 0 input read (rows may be rejected), 2 usage or input error,\n"
    "or any problem under --strict.\n";

static const char *const usage_synth =
    "usage: samnett synth [--scale SCALE] [--seed N] [--gzip] --output DIR\n"
    "\n"
    "Write a deterministic fictional health region (one health trust with two\n"
    "hospitals, municipalities, GPs, coordinators and leaders) to DIR/actors.csv\n"
    "and DIR/contacts.csv. The same scale and seed give the same bytes.\n"
    "\n"
    "  --scale SCALE   small (~300 actors, default), region (~2,000 actors,\n"
    "                  ~2 million contacts) or national (10,000+ actors, 10 million+)\n"
    "  --seed N        random seed (default 1)\n"
    "  --gzip          write contacts.csv.gz\n"
    "  --output DIR    the folder to write (created if missing)\n";

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "samnett %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'samnett %s --help'.\n", cmd);
    return 2;
}

static int parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

static int parse_time_arg(const char *s, int until, int64_t *out)
{
    sn_time_zone zone;
    char why[128];
    if (sn_time_parse(s, strlen(s), out, &zone, why, sizeof why) != 0)
        return -1;
    if (until && strlen(s) == 10 && s[4] == '-')
        *out += 86400; /* a bare date: include the whole day */
    return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
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
    int format; /* 0 text, 1 json, 2 csv */
    const char *output;
    int top;
    sn_lang lang;
    int strict, quiet, progress, timings;
    size_t max_field;
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

static int parse_analyze(int argc, char **argv, analyze_args *a, const char *cmd)
{
    enum {
        O_ACTORS = 256,
        O_CONTACTS,
        O_DEMO,
        O_DEMO_SCALE,
        O_SEED,
        O_LEVEL,
        O_SINCE,
        O_UNTIL,
        O_CHANNEL,
        O_MIN,
        O_TIE_WEIGHT,
        O_PATH_WEIGHTS,
        O_FORMAT,
        O_TOP,
        O_LANG,
        O_STRICT,
        O_QUIET,
        O_MAX_FIELD,
        O_NO_PROGRESS,
        O_PARTITION,
        O_PERMUTATIONS,
        O_REMOVE,
        O_TIMINGS
    };
    static const struct option opts[] = {
        {"actors", required_argument, 0, O_ACTORS},
        {"contacts", required_argument, 0, O_CONTACTS},
        {"demo", no_argument, 0, O_DEMO},
        {"demo-scale", required_argument, 0, O_DEMO_SCALE},
        {"seed", required_argument, 0, O_SEED},
        {"level", required_argument, 0, O_LEVEL},
        {"since", required_argument, 0, O_SINCE},
        {"until", required_argument, 0, O_UNTIL},
        {"channel", required_argument, 0, O_CHANNEL},
        {"min-contacts", required_argument, 0, O_MIN},
        {"tie-weight", required_argument, 0, O_TIE_WEIGHT},
        {"path-weights", required_argument, 0, O_PATH_WEIGHTS},
        {"format", required_argument, 0, O_FORMAT},
        {"output", required_argument, 0, 'o'},
        {"top", required_argument, 0, O_TOP},
        {"lang", required_argument, 0, O_LANG},
        {"strict", no_argument, 0, O_STRICT},
        {"quiet", no_argument, 0, O_QUIET},
        {"max-field", required_argument, 0, O_MAX_FIELD},
        {"no-progress", no_argument, 0, O_NO_PROGRESS},
        {"partition", required_argument, 0, O_PARTITION},
        {"permutations", required_argument, 0, O_PERMUTATIONS},
        {"remove", required_argument, 0, O_REMOVE},
        {"timings", no_argument, 0, O_TIMINGS},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    sn_analysis_opts_init(&a->an);
    a->demo_opts = (sn_synth_opts){SN_SYNTH_SMALL, 1, 0};
    a->top = 10;
    a->progress = 1;
    int c;
    long v;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(strcmp(cmd, "check") == 0 ? usage_check : usage_analyze, stdout);
            return -1;
        case O_ACTORS:
        case O_CONTACTS:
            if (add_source(a, optarg, c == O_ACTORS ? SN_INPUT_ACTORS : SN_INPUT_CONTACTS))
                return usage_error(cmd, "%s", "out of memory");
            break;
        case O_DEMO:
            a->demo = 1;
            break;
        case O_DEMO_SCALE:
            if (sn_synth_scale_parse(optarg, &a->demo_opts.scale) != SN_OK)
                return usage_error(
                    cmd, "unknown --demo-scale '%s'; expected small, region or national", optarg);
            break;
        case O_SEED:
            if (parse_long(optarg, &v) || v < 0)
                return usage_error(cmd, "bad --seed '%s'; expected a whole number >= 0", optarg);
            a->demo_opts.seed = (uint64_t)v;
            a->an.silo.seed = (uint64_t)v;
            break;
        case O_LEVEL:
            if (sn_level_parse(optarg, &a->an.view.level) != SN_OK)
                return usage_error(
                    cmd, "unknown --level '%s'; expected actor, unit or organisation", optarg);
            break;
        case O_SINCE:
        case O_UNTIL:
            if (parse_time_arg(optarg, c == O_UNTIL,
                               c == O_SINCE ? &a->an.view.since : &a->an.view.until))
                return usage_error(cmd,
                                   "bad time '%s'; expected an ISO 8601 date such as 2020-03-01 "
                                   "or epoch seconds",
                                   optarg);
            if (c == O_SINCE)
                a->an.view.has_since = 1;
            else
                a->an.view.has_until = 1;
            break;
        case O_CHANNEL: {
            int ch = sn_channel_lookup(optarg, strlen(optarg));
            if (ch < 0)
                return usage_error(cmd,
                                   "unknown --channel '%s'; expected e-message, phone, meeting, "
                                   "video, referral, discharge, visit, job-shadowing or other",
                                   optarg);
            a->an.view.has_channels = 1;
            a->an.view.channels[ch] = 1;
            break;
        }
        case O_MIN:
            if (parse_long(optarg, &v) || v < 1)
                return usage_error(cmd, "bad --min-contacts '%s'; expected a whole number >= 1",
                                   optarg);
            a->an.view.min_contacts = v;
            break;
        case O_TIE_WEIGHT:
            if (strcmp(optarg, "contacts") == 0)
                a->an.view.weight = SN_WEIGHT_COUNT;
            else if (strcmp(optarg, "sum") == 0)
                a->an.view.weight = SN_WEIGHT_SUM;
            else
                return usage_error(cmd, "unknown --tie-weight '%s'; expected contacts or sum",
                                   optarg);
            break;
        case O_PATH_WEIGHTS:
            if (strcmp(optarg, "none") == 0)
                a->an.metrics.path_weights = SN_PATHS_UNWEIGHTED;
            else if (strcmp(optarg, "inverse") == 0)
                a->an.metrics.path_weights = SN_PATHS_INVERSE;
            else
                return usage_error(cmd, "unknown --path-weights '%s'; expected none or inverse",
                                   optarg);
            break;
        case O_FORMAT:
            if (strcmp(optarg, "json") == 0)
                a->format = 1;
            else if (strcmp(optarg, "text") == 0)
                a->format = 0;
            else if (strcmp(optarg, "csv") == 0)
                a->format = 2;
            else
                return usage_error(cmd, "unknown --format '%s'; expected text, json or csv",
                                   optarg);
            break;
        case 'o':
            a->output = optarg;
            break;
        case O_TOP:
            if (parse_long(optarg, &v) || v < 1 || v > 100000)
                return usage_error(cmd, "bad --top '%s'; expected a whole number >= 1", optarg);
            a->top = (int)v;
            break;
        case O_LANG:
            if (strcmp(optarg, "en") == 0)
                a->lang = SN_LANG_EN;
            else if (strcmp(optarg, "nb") == 0 || strcmp(optarg, "no") == 0)
                a->lang = SN_LANG_NB;
            else
                return usage_error(cmd, "unknown --lang '%s'; expected en or nb", optarg);
            break;
        case O_STRICT:
            a->strict = 1;
            break;
        case O_QUIET:
            a->quiet = 1;
            break;
        case O_MAX_FIELD:
            if (parse_long(optarg, &v) || v < 16)
                return usage_error(cmd, "bad --max-field '%s'; expected bytes >= 16", optarg);
            a->max_field = (size_t)v;
            break;
        case O_NO_PROGRESS:
            a->progress = 0;
            break;
        case O_TIMINGS:
            a->timings = 1;
            break;
        case O_PARTITION:
            if (a->an.n_partitions == SN_MAX_PARTITIONS)
                return usage_error(cmd, "too many --partition options; expected at most %s", "16");
            if (!optarg[0])
                return usage_error(cmd, "%s", "empty --partition; expected an attribute name");
            a->an.partitions[a->an.n_partitions++] = optarg;
            break;
        case O_PERMUTATIONS:
            if (parse_long(optarg, &v) || v < 0 || v > 10000000)
                return usage_error(cmd, "bad --permutations '%s'; expected a whole number >= 0",
                                   optarg);
            a->an.silo.permutations = v;
            break;
        case O_REMOVE:
            if (split_ids(a, optarg) != 0)
                return usage_error(cmd, "bad --remove '%s'; expected ID[,ID...]", optarg);
            break;
        case ':':
            return usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
        default:
            return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    for (int i = optind; i < argc; i++)
        if (add_source(a, argv[i], SN_INPUT_AUTO))
            return usage_error(cmd, "%s", "out of memory");
    a->an.remove = (const char *const *)a->remove;
    a->an.n_remove = a->n_remove;
    if (a->format == 2 && !a->output)
        return usage_error(cmd, "%s",
                           "--format csv writes tables into a folder; expected --output DIR");
    if (a->demo && a->n_sources)
        return usage_error(cmd, "%s", "--demo reads no files; expected no SOURCE with it");
    if (!a->demo && !a->n_sources)
        return usage_error(cmd, "%s",
                           "no input; expected SOURCE files or folders, --contacts, or --demo");
    if (a->an.view.has_since && a->an.view.has_until && a->an.view.until <= a->an.view.since)
        return usage_error(cmd, "%s", "--until must be later than --since");
    return 0;
}

static void free_args(analyze_args *a)
{
    for (size_t i = 0; i < a->n_remove; i++)
        free(a->remove[i]);
    free(a->remove);
    free(a->sources);
    free(a->inputs);
}

/* Generate the demo region into a temporary folder; returns its path (to remove) or NULL. */
static char *make_demo(analyze_args *a, sn_err *err)
{
    const char *tmp = getenv("TMPDIR");
    char *dir = malloc(4096);
    if (!dir)
        return NULL;
    snprintf(dir, 4096, "%s/samnett-demo-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        sn_err_set(err, SN_EIO, "cannot create a temporary folder %s: %s", dir, strerror(errno));
        free(dir);
        return NULL;
    }
    if (sn_synth_write(&a->demo_opts, dir, err) != SN_OK) {
        nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
        free(dir);
        return NULL;
    }
    return dir;
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
    printf("memory: contacts %.1f MB (%.1f bytes per contact), whole store %.1f MB\n", cb / 1e6,
           s->n ? (double)cb / (double)s->n : 0.0, all / 1e6);
}

static int cmd_analyze(int argc, char **argv, int check_only)
{
    analyze_args a;
    memset(&a, 0, sizeof a);
    int prc = parse_analyze(argc, argv, &a, check_only ? "check" : "analyze");
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
    sn_ingest_opts iopts = {sn_progress_update, &progress, a.max_field};
    char *demo_dir = NULL;
    int exit_code = 0;
    int have_store = 0;
    FILE *out = NULL;
    const char *demo_inputs[1];

    if (a.demo) {
        demo_dir = make_demo(&a, &err);
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
    double t_start = now_seconds();
    sn_status rc = sn_ingest(&store, a.sources, a.n_sources, &iopts, &diag, &err);
    double t_ingest = now_seconds() - t_start;
    sn_progress_clear(&progress);
    if (rc != SN_OK)
        goto fail;
    if (diag.suppressed)
        fprintf(stderr, "samnett: %ld more messages not shown\n", diag.suppressed);
    if (store.rejected)
        fprintf(stderr, "samnett: %ld row%s rejected (see the messages above)\n", store.rejected,
                store.rejected == 1 ? "" : "s");
    if (check_only) {
        print_check(&store, &diag);
        goto done;
    }

    sn_analysis an;
    if (sn_analysis_run(&store, &a.an, &an, &err) != SN_OK)
        goto fail;
    double t_report = now_seconds();
    sn_report report = {
        &store, &an,   &diag, a.demo ? demo_inputs : a.inputs, a.demo ? 1 : a.n_sources,
        a.top,  a.lang};
    if (a.format == 2) {
        rc = sn_report_csv(&report, a.output, &err);
    } else {
        char tmp_path[4096] = "";
        struct stat st;
        if (a.output && stat(a.output, &st) == 0 && !S_ISREG(st.st_mode)) {
            /* A device or pipe (/dev/null, /dev/stdout): write to it, never rename over it. */
            out = fopen(a.output, "w");
            if (!out)
                rc = sn_err_set(&err, SN_EIO, "%s: cannot write: %s", a.output, strerror(errno));
        } else if (a.output) {
            /* Write beside the target, then rename: a reader never sees half a report. */
            snprintf(tmp_path, sizeof tmp_path, "%s.tmp.%ld", a.output, (long)getpid());
            out = fopen(tmp_path, "w");
            if (!out)
                rc = sn_err_set(&err, SN_EIO, "%s: cannot write: %s", a.output, strerror(errno));
        } else {
            out = stdout;
        }
        if (out) {
            rc = a.format == 1 ? sn_report_json(&report, out, &err)
                               : sn_report_text(&report, out, &err);
            if (a.output) {
                if (fclose(out) != 0 && rc == SN_OK)
                    rc =
                        sn_err_set(&err, SN_EIO, "%s: cannot write: %s", a.output, strerror(errno));
                if (tmp_path[0] && rc == SN_OK && rename(tmp_path, a.output) != 0)
                    rc =
                        sn_err_set(&err, SN_EIO, "%s: cannot write: %s", a.output, strerror(errno));
                if (rc != SN_OK && tmp_path[0])
                    remove(tmp_path);
            }
        }
    }
    if (a.timings)
        fprintf(stderr,
                "samnett: seconds: ingest %.3f, network %.3f, node measures %.3f, silos %.3f, "
                "brokerage %.3f, removal %.3f, report %.3f\n",
                t_ingest, an.seconds.network, an.seconds.metrics, an.seconds.silo,
                an.seconds.brokerage, an.seconds.removal, now_seconds() - t_report);
    sn_analysis_free(&an);
    if (rc != SN_OK)
        goto fail;
    goto done;

fail:
    /* An input problem already printed by the diagnostics sink is not repeated. */
    if (!(err.code == SN_EINPUT && strcmp(err.msg, diag.first) == 0))
        fprintf(stderr, "samnett: %s\n", err.msg[0] ? err.msg : "failed");
    exit_code = sn_status_exit_code(err.code ? err.code : SN_EANALYSIS);
done:
    if (have_store)
        sn_store_free(&store);
    if (demo_dir) {
        nftw(demo_dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
        free(demo_dir);
    }
    free_args(&a);
    return exit_code;
}

static int cmd_synth(int argc, char **argv)
{
    static const struct option opts[] = {
        {"scale", required_argument, 0, 's'}, {"seed", required_argument, 0, 'S'},
        {"gzip", no_argument, 0, 'z'},        {"output", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},        {0, 0, 0, 0},
    };
    sn_synth_opts o = {SN_SYNTH_SMALL, 1, 0};
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
                return usage_error(
                    "synth", "unknown --scale '%s'; expected small, region or national", optarg);
            break;
        case 'S':
            if (parse_long(optarg, &v) || v < 0)
                return usage_error("synth", "bad --seed '%s'; expected a whole number >= 0",
                                   optarg);
            o.seed = (uint64_t)v;
            break;
        case 'z':
            o.gzip = 1;
            break;
        case 'o':
            dir = optarg;
            break;
        case ':':
            return usage_error("synth", "option '%s' needs a value", argv[optind - 1]);
        default:
            return usage_error("synth", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return usage_error("synth", "unexpected argument '%s'", argv[optind]);
    if (!dir)
        return usage_error("synth", "%s", "no --output DIR given");
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "samnett synth: %s: cannot create: %s\n", dir, strerror(errno));
        return 2;
    }
    sn_err err = {0};
    if (sn_synth_write(&o, dir, &err) != SN_OK) {
        fprintf(stderr, "samnett synth: %s\n", err.msg);
        return sn_status_exit_code(err.code);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("samnett %s\n", SAMNETT_VERSION);
        return 0;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(cmd, "analyze") == 0 || strcmp(cmd, "analyse") == 0)
        return cmd_analyze(argc - 1, argv + 1, 0);
    if (strcmp(cmd, "check") == 0)
        return cmd_analyze(argc - 1, argv + 1, 1);
    if (strcmp(cmd, "synth") == 0)
        return cmd_synth(argc - 1, argv + 1);
    fprintf(stderr, "samnett: unknown command '%s'\n\n%s", cmd, usage_main);
    return 2;
}
