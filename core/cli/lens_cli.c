/*
 * lens_cli.c - the lens options of `samnett analyze` and the `samnett lens`
 * command: list, new, check and test.
 */
#include "lens_cli.h"
#include "cli_options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "samnett/ingest.h"
#include "samnett/tools/lens_tools.h"
#include "samnett/tools/synth.h"
#include "../util/toolbox.h"

static const char *const usage_lens =
    "usage: samnett lens <command> [options]\n"
    "\n"
    "Tools for lenses, the Lua scripts that label the network (plugins/README.md).\n"
    "\n"
    "commands:\n"
    "  list                 the bundled lenses and those in --lens-path, with titles\n"
    "  new NAME [--dir DIR] write NAME.lua and NAME_test.lua (a working lens and its\n"
    "                       test) into DIR (default: the current folder); never overwrites\n"
    "  check NAME|FILE      load the lens, check its metadata and parameters, and try it\n"
    "                       on the small demo region; prints the findings count\n"
    "  test NAME|FILE       run the lens's cases (NAME_test.lua beside it, or in a\n"
    "                       tests/ folder beside its folder); exit 1 when a case fails\n"
    "\n"
    "options:\n"
    "  --lens-path DIR      a folder of lenses, searched first (repeatable; no '..')\n"
    "  --param LENS.NAME=V  a parameter for check (repeatable)\n"
    "  --lens-memory MB     memory cap of each lens (default 256)\n"
    "  --lens-timeout S     wall-clock seconds a lens may run (default 60)\n"
    "  --lang LANG          titles in list: en (default) or nb (any case; nb-NO too)\n"
    "  --dir DIR            where 'new' writes\n"
    "\n"
    "Exit status: 0 success, 1 a lens or a case failed, 2 usage error.\n";

const char *sn_cli_lens_usage(void)
{
    return usage_lens;
}

static int push(const char ***v, size_t *n, const char *s)
{
    const char **w = realloc(*v, (*n + 1) * sizeof *w);
    if (!w)
        return -1;
    *v = w;
    w[(*n)++] = s;
    return 0;
}

int sn_cli_lens_option(sn_cli_lens_args *a, const char *key, const char *arg, const char *cmd)
{
    const sn_opt *o = sn_opt_find(sn_lens_options, sn_lens_n_options, key);
    if (!o)
        return sni_cli_usage_error(cmd, "unknown option '%s'", key);
    if (sn_cli_opt_set(o, &a->set, arg, cmd) != 0)
        return 2;
    int pushed = 0;
    if (strcmp(key, "lens") == 0)
        pushed = push(&a->specs, &a->n_specs, arg);
    else if (strcmp(key, "lens_path") == 0)
        pushed = push(&a->paths, &a->n_paths, arg);
    else if (strcmp(key, "param") == 0)
        pushed = push(&a->params, &a->n_params, arg);
    return pushed ? sni_cli_usage_error(cmd, "%s", "out of memory") : 0;
}

void sn_cli_lens_args_free(sn_cli_lens_args *a)
{
    free(a->specs);
    free(a->paths);
    free(a->params);
    memset(a, 0, sizeof *a);
}

static void lens_opts(const sn_cli_lens_args *a, sn_lens_opts *o)
{
    sn_lens_opts_init(o);
    if (a->set.memory_bytes)
        o->memory_bytes = a->set.memory_bytes;
    if (a->set.timeout > 0)
        o->timeout = a->set.timeout;
    o->path = a->paths;
    o->n_path = a->n_paths;
    o->min_cell = a->set.min_cell;
}

int sn_cli_lens_prepare(const sn_cli_lens_args *a, sn_lens_host **h, const char *cmd)
{
    *h = NULL;
    if (!a->n_specs) {
        if (a->n_params)
            return sni_cli_usage_error(
                cmd, "--param %s: no lens is selected; expected --lens NAME too", a->params[0]);
        return 0;
    }
    sn_lens_opts o;
    lens_opts(a, &o);
    sn_err err = {0};
    if (sn_lens_host_new(&o, h, &err) != SN_OK) {
        fprintf(stderr, "samnett %s: %s\n", cmd, err.msg);
        return sn_status_exit_code(err.code);
    }
    for (size_t i = 0; i < a->n_specs; i++)
        if (sn_lens_host_add(*h, a->specs[i], &err) != SN_OK)
            goto fail;
    for (size_t i = 0; i < a->n_params; i++)
        if (sn_lens_host_param(*h, a->params[i], &err) != SN_OK)
            goto fail;
    return 0;
fail:
    fprintf(stderr, "samnett %s: %s\nTry 'samnett lens list' or 'samnett %s --help'.\n", cmd,
            err.msg, cmd);
    sn_lens_host_free(*h);
    *h = NULL;
    return sn_status_exit_code(err.code);
}

int sn_cli_lens_start(sn_lens_host *h, const sn_store *store, const sn_analysis *an,
                      const sn_analysis_opts *ao)
{
    sn_err err = {0};
    if (!h || sn_lens_host_start(h, store, an, ao, &err) == SN_OK)
        return 0;
    fprintf(stderr, "samnett: the lenses cannot run: %s\n", err.msg);
    return 1;
}

int sn_cli_lens_run(sn_lens_host *h, const sn_store *store, const sn_analysis *an,
                    const sn_analysis_opts *ao)
{
    if (!h)
        return 0;
    sn_err err = {0};
    if (sn_lens_host_run(h, store, an, ao, &err) != SN_OK) {
        fprintf(stderr, "samnett: the lenses cannot run: %s\n", err.msg);
        return 1;
    }
    return sn_cli_lens_finish(h);
}

int sn_cli_lens_finish(sn_lens_host *h)
{
    if (!h)
        return 0;
    sn_lens_host_wait(h);
    const sn_lens_results *r = sn_lens_host_results(h);
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].failed) {
            const char *e = r->items[i].error ? r->items[i].error : "?";
            char name[300], shown[1200];
            fprintf(stderr, "samnett: lens '%s' failed: %s\n",
                    sn_escape(r->items[i].name, strlen(r->items[i].name), name, sizeof name),
                    sn_escape(e, strlen(e), shown, sizeof shown));
        }
    return sn_lens_host_failed(h) ? 1 : 0;
}

/* ---- samnett lens ---- */

static int cmd_list(const sn_cli_lens_args *a, int nb)
{
    sn_lens_opts o;
    lens_opts(a, &o);
    sn_lens_info *v;
    size_t n;
    sn_err err = {0};
    if (sn_lens_list(&o, &v, &n, &err) != SN_OK) {
        fprintf(stderr, "samnett lens list: %s\n", err.msg);
        return sn_status_exit_code(err.code);
    }
    if (n == 0)
        printf("no lenses found (give --lens-path DIR, or set SAMNETT_LENS_PATH)\n");
    char t1[512], t2[512];
    for (size_t i = 0; i < n; i++) {
        const char *title = v[i].error ? v[i].error : v[i].title[nb] ? v[i].title[nb] : "";
        sn_escape(title, strlen(title), t1, sizeof t1);
        sn_escape(v[i].file, strlen(v[i].file), t2, sizeof t2);
        if (v[i].error)
            printf("%-22s (does not load: %s)\n", v[i].name, t1);
        else
            printf("%-22s %-52s %s%s\n", v[i].name, t1, t2,
                   v[i].bundled ? "" : (nb ? "  (egen)" : "  (own)"));
        if (!v[i].error && (v[i].concept[nb] || v[i].sources)) {
            const char *c = v[i].concept[nb] ? v[i].concept[nb] : "-";
            const char *src = v[i].sources ? v[i].sources : "-";
            sn_escape(c, strlen(c), t1, sizeof t1);
            sn_escape(src, strlen(src), t2, sizeof t2);
            printf("%-22s %s: %s; %s: %s\n", "", nb ? "begrep" : "concept", t1,
                   nb ? "kilder" : "sources", t2);
        }
    }
    sn_lens_info_free(v, n);
    return 0;
}

static int cmd_new(const char *name, const char *dir)
{
    sn_err err = {0};
    if (sn_lens_scaffold(name, dir, &err) != SN_OK) {
        fprintf(stderr, "samnett lens new: %s\n", err.msg);
        return 2;
    }
    const char *prefix = strcmp(dir, ".") == 0 ? "" : dir;
    const char *slash = strcmp(dir, ".") == 0 ? "" : "/";
    printf("wrote %s%s%s.lua and %s%s%s_test.lua\n", prefix, slash, name, prefix, slash, name);
    printf("next: samnett lens test %s%s%s.lua\n", prefix, slash, name);
    return 0;
}

/* Read the small demo region into store (generated into a temporary folder). */
static sn_status demo_store(sn_store *store, sn_err *err)
{
    sn_synth_opts so = {SN_SYNTH_SMALL, 1, 0};
    char *dir = sni_cli_synth_dir(&so, "lens", err);
    if (!dir)
        return err->code;
    sn_status rc = sn_store_init(store, err);
    if (rc == SN_OK) {
        sn_diag diag;
        sn_diag_init(&diag, stderr);
        diag.quiet = 1;
        sn_source src = {dir, SN_INPUT_AUTO};
        sn_ingest_opts io;
        memset(&io, 0, sizeof io);
        rc = sn_ingest(store, &src, 1, &io, &diag, err);
        if (rc != SN_OK)
            sn_store_free(store);
    }
    sni_cli_remove_tree(dir);
    free(dir);
    return rc;
}

static int cmd_check(const sn_cli_lens_args *a, const char *spec)
{
    sn_lens_host *h;
    sn_cli_lens_args one = *a;
    one.specs = &spec;
    one.n_specs = 1;
    int rc = sn_cli_lens_prepare(&one, &h, "lens check");
    if (rc != 0)
        return rc;
    const sn_lens_result *r = &sn_lens_host_results(h)->items[0];
    if (r->failed) {
        fprintf(stderr, "samnett lens check: %s does not load: ", r->file);
        sn_escape_fputs(r->error ? r->error : "", stderr);
        fputc('\n', stderr);
        sn_lens_host_free(h);
        return 1;
    }
    char ta[512], tb[512];
    printf("lens %s (%s)\n  title: %s / %s\n", r->name, r->file,
           sn_escape(r->title[0] ? r->title[0] : "", r->title[0] ? strlen(r->title[0]) : 0, ta,
                     sizeof ta),
           sn_escape(r->title[1] ? r->title[1] : "", r->title[1] ? strlen(r->title[1]) : 0, tb,
                     sizeof tb));
    if (r->concept[0]) {
        printf("  concept: %s / ", sn_escape(r->concept[0], strlen(r->concept[0]), ta, sizeof ta));
        printf("%s\n", sn_escape(r->concept[1], strlen(r->concept[1]), tb, sizeof tb));
    }
    if (r->n_sources) {
        printf("  sources:");
        for (size_t i = 0; i < r->n_sources; i++)
            printf("%s %s", i ? ";" : "",
                   sn_escape(r->sources[i], strlen(r->sources[i]), ta, sizeof ta));
        printf("\n");
    }
    if (r->n_detects) {
        printf("  detects:");
        for (size_t i = 0; i < r->n_detects; i++) {
            const sn_lens_detect *d = &r->detects[i];
            printf("%s %s (%s:", i ? "," : "",
                   sn_escape(d->pattern, strlen(d->pattern), ta, sizeof ta),
                   sn_lens_level_name(d->level));
            for (size_t k = 0; k < d->n_labels; k++)
                printf("%s %s", k ? "," : "",
                       sn_escape(d->labels[k], strlen(d->labels[k]), tb, sizeof tb));
            printf(")");
        }
        printf("\n");
    }
    printf("  parameters:");
    if (!r->n_params)
        printf(" none");
    for (size_t i = 0; i < r->n_params; i++) {
        const sn_lens_param *p = &r->params[i];
        static const char *const types[] = {"number", "integer", "string", "boolean"};
        if (p->type == SN_PARAM_STRING)
            printf("%s %s (%s, \"%s\")", i ? "," : "", p->name, types[p->type], p->string);
        else if (p->type == SN_PARAM_BOOLEAN)
            printf("%s %s (%s, %s)", i ? "," : "", p->name, types[p->type],
                   p->number ? "true" : "false");
        else
            printf("%s %s (%s, %g)", i ? "," : "", p->name, types[p->type], p->number);
    }
    printf("\n");
    sn_err err = {0};
    sn_store store;
    if (demo_store(&store, &err) != SN_OK) {
        fprintf(stderr, "samnett lens check: the demo region: %s\n", err.msg);
        sn_lens_host_free(h);
        return 1;
    }
    sn_analysis_opts ao;
    sn_analysis_opts_init(&ao);
    sn_analysis an;
    if (sn_analysis_run(&store, &ao, &an, &err) != SN_OK) {
        fprintf(stderr, "samnett lens check: %s\n", err.msg);
        sn_store_free(&store);
        sn_lens_host_free(h);
        return 1;
    }
    double t1 = sni_clock_mono();
    int failed = sn_cli_lens_run(h, &store, &an, &ao);
    if (!failed) {
        size_t by[3] = {0, 0, 0};
        for (size_t i = 0; i < r->n_findings; i++)
            by[r->findings[i].level]++;
        printf("  dry run on the demo region (%zu actors, %zu contacts): %zu finding%s "
               "(network %zu, group %zu, actor %zu) in %.2f s\n",
               store.n_actors, store.n, r->n_findings, r->n_findings == 1 ? "" : "s", by[0], by[1],
               by[2], sni_clock_mono() - t1);
        printf("ok\n");
    }
    sn_analysis_free(&an);
    sn_store_free(&store);
    sn_lens_host_free(h);
    return failed;
}

static int cmd_test(const sn_cli_lens_args *a, const char *spec)
{
    sn_lens_opts o;
    lens_opts(a, &o);
    size_t passed, failed;
    sn_err err = {0};
    sn_status rc = sn_lens_test(&o, spec, stdout, &passed, &failed, &err);
    fflush(stdout);
    if (rc != SN_OK) {
        fprintf(stderr, "samnett lens test: %s\n", err.msg);
        return sn_status_exit_code(rc);
    }
    return failed ? 1 : 0;
}

int sn_cli_lens(int argc, char **argv)
{
    enum { O_PATH = 256, O_PARAM, O_MEMORY, O_TIMEOUT, O_LANG, O_DIR };
    static const struct option opts[] = {
        {"lens-path", required_argument, 0, O_PATH},
        {"param", required_argument, 0, O_PARAM},
        {"lens-memory", required_argument, 0, O_MEMORY},
        {"lens-timeout", required_argument, 0, O_TIMEOUT},
        {"lang", required_argument, 0, O_LANG},
        {"dir", required_argument, 0, O_DIR},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    sn_cli_lens_args a;
    memset(&a, 0, sizeof a);
    const char *dir = ".";
    int nb = 0, c, rc = 0;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(usage_lens, stdout);
            sn_cli_lens_args_free(&a);
            return 0;
        case O_PATH:
        case O_PARAM:
        case O_MEMORY:
        case O_TIMEOUT:
            rc = sn_cli_lens_option(&a,
                                    c == O_PATH     ? "lens_path"
                                    : c == O_PARAM  ? "param"
                                    : c == O_MEMORY ? "lens_memory"
                                                    : "lens_timeout",
                                    optarg, "lens");
            break;
        case O_LANG: {
            sn_lang lang;
            if (sni_cli_parse_lang(optarg, &lang) == 0)
                nb = lang == SN_LANG_NB;
            else
                rc = sni_cli_usage_error(
                    "lens", "unknown --lang '%s'; expected en or nb (any case, e.g. NB or nb-NO)",
                    optarg);
            break;
        }
        case O_DIR:
            dir = optarg;
            break;
        case ':':
            rc = sni_cli_usage_error("lens", "option '%s' needs a value", argv[optind - 1]);
            break;
        default:
            rc = sni_cli_usage_error("lens", "unknown option '%s'", argv[optind - 1]);
            break;
        }
        if (rc) {
            sn_cli_lens_args_free(&a);
            return rc;
        }
    }
    int nargs = argc - optind;
    const char *sub = nargs > 0 ? argv[optind] : NULL;
    const char *arg = nargs > 1 ? argv[optind + 1] : NULL;
    if (!sub)
        rc = sni_cli_usage_error("lens", "%s", "no command; expected list, new, check or test");
    else if (strcmp(sub, "list") == 0)
        rc = nargs == 1 ? cmd_list(&a, nb)
                        : sni_cli_usage_error("lens", "unexpected argument '%s'", argv[optind + 1]);
    else if (strcmp(sub, "new") == 0 || strcmp(sub, "check") == 0 || strcmp(sub, "test") == 0) {
        if (nargs != 2)
            rc = sni_cli_usage_error("lens",
                                     nargs < 2 ? "lens %s: expected a NAME or FILE after it"
                                               : "lens %s: expected one NAME or FILE",
                                     sub);
        else if (sub[0] == 'n')
            rc = cmd_new(arg, dir);
        else if (sub[0] == 'c')
            rc = cmd_check(&a, arg);
        else
            rc = cmd_test(&a, arg);
    } else {
        rc = sni_cli_usage_error("lens", "unknown command '%s'; expected list, new, check or test",
                                 sub);
    }
    sn_cli_lens_args_free(&a);
    return rc;
}
