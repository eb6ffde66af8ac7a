/* watch_cli.c - `samnett watch`: its own options, then the engine (samnett/watch.h). */
#include "watch_cli.h"
#include "cli_options.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const usage_watch =
    "usage: samnett watch --logs DIR|GLOB [--logs ...] [--actors FILE] [options]\n"
    "\n"
    "Follow folders where contact logs arrive and re-score the network as lines\n"
    "are added: one line per re-score (JSON or text) with the totals, the network\n"
    "summary and what changed. Everything read is kept in a SQLite state file, so\n"
    "a restart (or a crash) goes on where it left off and never counts a contact\n"
    "twice.\n"
    "\n"
    "watch:\n"
    "  --logs DIR|GLOB        a folder to follow (its .csv, .tsv, .txt, .log, .jsonl and\n"
    "                         .ndjson files and their rotations such as x.log.1), or a\n"
    "                         pattern over the names of one folder ('logs/*.csv*');\n"
    "                         repeatable. Compressed files are not followed.\n"
    "  --actors FILE          the actors file; followed too, so changes apply on the\n"
    "                         next re-score (default: the actors the state holds)\n"
    "  --state FILE.db        the SQLite state (default: $XDG_STATE_HOME/samnett/, else\n"
    "                         ~/.local/state/samnett/, a file named after the first\n"
    "                         --logs folder, such as logs-1a2b3c4d.db; the folder is\n"
    "                         made private, and the path is printed on start)\n"
    "  --emit FORMAT          json-lines (default) or text, on standard output\n"
    "  --out FILE.json        also write the full JSON report (as analyze --format json,\n"
    "                         plus a \"watch\" key) on every re-score, replaced atomically\n"
    "  --debounce TIME        wait this long after the first change before re-scoring,\n"
    "                         so a burst of writes is one re-score (default 50ms)\n"
    "  --poll                 poll file sizes instead of file-system events (network\n"
    "                         file systems)\n"
    "  --poll-interval TIME   how often --poll looks (default 1s)\n"
    "  --ei-threshold X       report E-I moves larger than X (default 0.05)\n"
    "  --once                 read what is there, re-score once and exit (scripts, tests)\n"
    "\n"
    "analysis: the options of 'samnett analyze' (see samnett analyze --help), such as\n"
    "  --level, --since, --until, --channel, --min-contacts, --tie-weight,\n"
    "  --path-weights, --partition, --permutations, --seed, --remove, --window and the\n"
    "  other time options, the meeting and case options, --lens, --lens-path and\n"
    "  --param; --strict, --quiet, --max-field; and --encoding (each file's first\n"
    "  non-ASCII bytes decide, once), --map and --channel-map for the followed files.\n"
    "\n"
    "privacy (README: The watch state holds raw data):\n"
    "  --pseudonym-key FILE   keep pseudonyms only: actor, case and meeting ids as the\n"
    "                         keyed pseudonyms of analyze with the same key, and no\n"
    "                         names, professions or extra columns, in the state, the\n"
    "                         lines and the report (samnett key new FILE makes a key).\n"
    "                         A state is made with one key or without one, never both\n"
    "  --privacy PROFILE      internal (default) or shared (needs --pseudonym-key)\n"
    "  --min-cell K           counts from 1 to K-1 are shown as <K (as analyze)\n"
    "  --merge-small-orgs K   organisations with fewer than K actors become \"andre\"\n"
    "  Without --pseudonym-key the state file holds the raw ids, names and case ids\n"
    "  read: keep it as safe as the logs themselves.\n"
    "\n"
    "The first line is the baseline: the state as the watch found it (its path,\n"
    "the counts and the network), with no changes; the changes of each later line\n"
    "are measured from the line before.\n"
    "\n"
    "Signals: SIGINT and SIGTERM finish the batch being committed and exit 0;\n"
    "SIGHUP reloads the actors file and the lenses.\n"
    "TIME is milliseconds, or a number with ms or s (50ms, 0.5s).\n"
    "\n"
    "Exit status: 0 success (also after SIGINT or SIGTERM), 1 analysis failure,\n"
    "2 usage or input error, or with --once a log file that could not be opened.\n";

const char *sn_cli_watch_usage(void)
{
    return usage_watch;
}

enum { W_LOGS, W_HELP, W_TABLE };

/* The watch's own flags: --logs (a list kept here), --help, and its option table's. */
static const char *flag_of(int which, char *buf, size_t cap)
{
    if (which == W_LOGS)
        return "--logs";
    if (which == W_HELP)
        return "--help";
    return sn_opt_flag(&sn_watch_options[which - W_TABLE], buf, cap);
}

static int takes_value(int which)
{
    return which == W_LOGS ||
           (which >= W_TABLE && sn_watch_options[which - W_TABLE].type != SN_OPT_FLAG);
}

static int watch_option(sn_cli_watch_args *w, int which, const char *v)
{
    if (which == W_LOGS) {
        const char **l = realloc(w->logs, (w->n_logs + 1) * sizeof *l);
        if (!l)
            return sni_cli_usage_error("watch", "%s", "out of memory");
        w->logs = l;
        l[w->n_logs++] = v;
        return 0;
    }
    return sn_cli_opt_set(&sn_watch_options[which - W_TABLE], &w->o, v, "watch") != 0 ? 2 : 0;
}

int sn_cli_watch_split(int argc, char **argv, sn_cli_watch_args *w)
{
    memset(w, 0, sizeof *w);
    sn_watch_opts_init(&w->o);
    w->rest = calloc((size_t)argc + 1, sizeof *w->rest);
    if (!w->rest)
        return sni_cli_usage_error("watch", "%s", "out of memory");
    w->rest[w->n_rest++] = argv[0];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) { /* the rest is not ours */
            while (i < argc)
                w->rest[w->n_rest++] = argv[i++];
            break;
        }
        int which = -1;
        const char *value = NULL;
        for (int k = 0; k < W_TABLE + (int)sn_watch_n_options; k++) {
            char buf[64];
            const char *name = flag_of(k, buf, sizeof buf);
            size_t n = strlen(name);
            if (strncmp(a, name, n) != 0)
                continue;
            if (a[n] == '\0' || (a[n] == '=' && takes_value(k))) {
                which = k;
                value = a[n] == '=' ? a + n + 1 : NULL;
                break;
            }
        }
        if (strcmp(a, "-h") == 0)
            which = W_HELP;
        if (which < 0) {
            w->rest[w->n_rest++] = argv[i];
            continue;
        }
        if (which == W_HELP) {
            fputs(usage_watch, stdout);
            return -1;
        }
        if (takes_value(which) && !value) {
            if (i + 1 >= argc)
                return sni_cli_usage_error("watch", "option '%s' needs a value", a);
            value = argv[++i];
        }
        int rc = watch_option(w, which, value);
        if (rc != 0)
            return rc;
    }
    if (!w->n_logs)
        return sni_cli_usage_error("watch", "%s",
                                   "no --logs; expected a folder or pattern to follow");
    w->o.logs = w->logs;
    w->o.n_logs = w->n_logs;
    return 0;
}

/* mkdir -p with mode for the folders made; 0, or -1 with errno. */
static int make_dirs(char *path, mode_t mode)
{
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p)
            continue;
        char c = *p;
        *p = '\0';
        int r = mkdir(path, mode);
        *p = c;
        if (r != 0 && errno != EEXIST)
            return -1;
        if (!c)
            return 0;
    }
}

/* FNV-1a over s and its '\0' (a separator between the parts). */
static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s;; p++) {
        h = (h ^ *p) * 0x100000001b3ull;
        if (!*p)
            return h;
    }
}

/*
 * The default state: $XDG_STATE_HOME/samnett (an absolute XDG_STATE_HOME),
 * else $HOME/.local/state/samnett, made with mode 0700, and in it a file
 * named after the first --logs folder and a hash of every --logs as an
 * absolute path, so that each set of folders has its own state. 0, or 2
 * after the error.
 */
static int default_state(sn_cli_watch_args *w)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char dir[PATH_MAX];
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(dir, sizeof dir, "%s/samnett", xdg);
    else if (home && home[0] == '/')
        n = snprintf(dir, sizeof dir, "%s/.local/state/samnett", home);
    else
        return sni_cli_usage_error("watch", "%s",
                                   "no state folder: neither XDG_STATE_HOME nor HOME is set to an "
                                   "absolute path; expected --state FILE.db");
    if (n < 0 || (size_t)n >= sizeof dir)
        return sni_cli_usage_error("watch", "%s", "the state folder's path is too long");
    if (make_dirs(dir, 0700) != 0) {
        fprintf(stderr, "samnett watch: %s: cannot create: %s\n", dir, strerror(errno));
        return 2;
    }
    /* FNV-1a over the --logs as absolute paths (a pattern's folder resolved) */
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < w->n_logs; i++) {
        char abs[PATH_MAX], tmp[PATH_MAX];
        const char *l = w->logs[i], *base = "";
        if (!realpath(l, abs)) {
            snprintf(tmp, sizeof tmp, "%s", l);
            char *slash = strrchr(tmp, '/');
            base = slash ? slash + 1 : tmp;
            if (slash)
                *slash = '\0';
            if (!realpath(slash ? (tmp[0] ? tmp : "/") : ".", abs))
                snprintf(abs, sizeof abs, "%s", slash ? tmp : ".");
        }
        h = fnv1a(fnv1a(h, abs), base);
    }
    /* the name: the first folder's last part, in letters, digits, '-' and '_' */
    char first[PATH_MAX], name[64];
    snprintf(first, sizeof first, "%s", w->logs[0]);
    char *glob = strpbrk(first, "*?[");
    if (glob)
        *glob = '\0';
    size_t len = strlen(first);
    while (len > 1 && first[len - 1] == '/')
        first[--len] = '\0';
    if (glob && strrchr(first, '/'))
        *strrchr(first, '/') = '\0';
    const char *last = strrchr(first, '/') ? strrchr(first, '/') + 1 : first;
    size_t k = 0;
    for (const char *p = last; *p && k < 32; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_')
            name[k++] = *p;
    name[k] = '\0';
    if (!k || strcmp(name, ".") == 0)
        snprintf(name, sizeof name, "logs");
    n = snprintf(w->state_path, sizeof w->state_path, "%s/%s-%08x.db", dir, name,
                 (unsigned)(h ^ (h >> 32)));
    if (n < 0 || (size_t)n >= sizeof w->state_path)
        return sni_cli_usage_error("watch", "%s", "the state file's path is too long");
    w->o.state = w->state_path;
    fprintf(stderr, "samnett watch: the state is %s\n", w->state_path);
    return 0;
}

int sn_cli_watch_check(sn_cli_watch_args *w, const sn_source *sources, size_t n_sources, int demo,
                       int format, const char *output)
{
    if (demo)
        return sni_cli_usage_error("watch", "%s",
                                   "--demo reads no files; expected --logs folders to follow");
    if (format || output)
        return sni_cli_usage_error("watch", "%s",
                                   "--format and --output are for analyze; expected --emit "
                                   "json-lines|text and --out FILE.json");
    for (size_t i = 0; i < n_sources; i++) {
        if (sources[i].kind != SN_INPUT_ACTORS)
            return sni_cli_usage_error(
                "watch", "unexpected input '%s'; contacts are read from --logs", sources[i].path);
        if (w->o.actors)
            return sni_cli_usage_error("watch", "a second --actors '%s'; expected one actors file",
                                       sources[i].path);
        w->o.actors = sources[i].path;
    }
    return w->o.state ? 0 : default_state(w);
}

/*
 * --lens: the lenses run on every re-score and their labels join the change
 * list. A lens host runs its lenses once, so each re-score loads them anew
 * (an edited lens is picked up by the next re-score; SIGHUP forces one).
 */
typedef struct lens_hook {
    sn_lens_host *host; /* the last re-score's: its results are in that report */
    const sn_cli_lens_args *args;
    const sn_analysis_opts *ao;
} lens_hook;

static sn_status run_lenses(void *ud, const sn_store *store, const sn_analysis *an,
                            sn_report *report, sn_err *err)
{
    lens_hook *h = ud;
    (void)err;
    sn_lens_host_free(h->host);
    h->host = NULL;
    if (sn_cli_lens_prepare(h->args, &h->host, "watch") != 0 || !h->host)
        return SN_OK; /* the problem is printed; this re-score goes without lenses */
    sn_cli_lens_run(h->host, store, an, h->ao); /* a failing lens is reported, not fatal */
    report->lenses = sn_lens_host_results(h->host);
    return SN_OK;
}

int sn_cli_watch_run(sn_cli_watch_args *w, const sn_cli_lens_args *lens, int strict, int quiet)
{
    lens_hook hook = {NULL, lens, w->o.analysis};
    int rc = sn_cli_lens_prepare(lens, &hook.host, "watch"); /* bad --lens, --param: exit 2 */
    if (rc != 0)
        return rc;
    if (hook.host) {
        w->o.report_hook = run_lenses;
        w->o.hook_ud = &hook;
    }
    sn_diag diag;
    sn_diag_init(&diag, stderr);
    diag.strict = strict;
    diag.quiet = quiet;
    w->o.lines = stdout;
    sn_err err = {0};
    sn_status s = sn_watch_run(&w->o, &diag, &err);
    if (s != SN_OK) {
        /* an input problem already printed by the diagnostics sink is not repeated */
        if (!(err.code == SN_EINPUT && strcmp(err.msg, diag.first) == 0))
            fprintf(stderr, "samnett watch: %s\n", err.msg[0] ? err.msg : "failed");
        rc = sn_status_exit_code(s);
    }
    sn_lens_host_free(hook.host);
    return rc;
}

void sn_cli_watch_args_free(sn_cli_watch_args *w)
{
    free(w->logs);
    free(w->rest);
    memset(w, 0, sizeof *w);
}
