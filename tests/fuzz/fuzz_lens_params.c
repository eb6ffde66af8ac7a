/*
 * fuzz_lens_params.c - typed lens parameters: "LENS.NAME=VALUE" assignments
 * (--param) checked against a lens's declarations, then handed to its run.
 *
 * Input: assignments, one a line, such as "fz.n=7". The lens fz declares a
 * parameter of every type, with and without bounds and allowed values. An
 * assignment is either taken or refused with a usage message; then the
 * lens runs, and checks in Lua that each parameter arrives with its
 * declared type (an integer as a Lua integer). Checked in C: every value
 * kept is of its type and within its bounds, and the lens does not fail.
 */
#include <math.h>

#include "fuzz_common.h"
#include "samnett/analysis.h"
#include "samnett/lens.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char lens_text[] =
    "return {\n"
    "  name = 'fz',\n"
    "  title = {en = 'T', nb = 'T'},\n"
    "  description = {en = 'D', nb = 'D'},\n"
    "  params = {\n"
    "    n = {type = 'integer', default = 3, min = 1, doc = 'how many'},\n"
    "    lo = {type = 'integer', default = -5, max = 10, doc = 'at most ten'},\n"
    "    big = {type = 'integer', default = 0, doc = 'any whole number'},\n"
    "    share = {type = 'number', default = 0.5, min = 0, max = 1, doc = 'a share'},\n"
    "    x = {type = 'number', default = 0, doc = 'any number'},\n"
    "    on = {type = 'boolean', default = true, doc = 'a switch'},\n"
    "    by = {type = 'string', default = 'organisation', values = {'organisation', 'unit', "
    "'rank'}, doc = 'the groups'},\n"
    "    label = {type = 'string', default = '', doc = 'any text'},\n"
    "  },\n"
    "  run = function(net, params)\n"
    "    for _, k in ipairs({'n', 'lo', 'big'}) do\n"
    "      if math.type(params[k]) ~= 'integer' then\n"
    "        error(k .. ' is not an integer: ' .. tostring(params[k]))\n"
    "      end\n"
    "    end\n"
    "    for _, k in ipairs({'share', 'x'}) do\n"
    "      local v = params[k]\n"
    "      if type(v) ~= 'number' or v ~= v or v == math.huge or v == -math.huge then\n"
    "        error(k .. ' is not a finite number: ' .. tostring(v))\n"
    "      end\n"
    "    end\n"
    "    if type(params.on) ~= 'boolean' then error('on is not a boolean') end\n"
    "    if type(params.by) ~= 'string' or type(params.label) ~= 'string' then\n"
    "      error('by or label is not a string')\n"
    "    end\n"
    "    local hex = params.label:gsub('.', function(c) return string.format('%02x', "
    "c:byte()) end)\n"
    "    return { finding{level = 'network', label = params.by,\n"
    "                     scores = {n = 1},\n"
    "                     evidence = {en = 'label ' .. hex, nb = 'etikett ' .. hex}} }\n"
    "  end,\n"
    "}\n";

static sn_store st;
static sn_analysis an;
static sn_analysis_opts ao;

static void setup_once(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    sn_err err = {0};
    if (sn_store_init(&st, &err) != SN_OK)
        abort();
    const char *ids[] = {"a1", "a2", "b1"}, *orgs[] = {"Alfa", "Alfa", "Beta"};
    for (int i = 0; i < 3; i++) {
        uint32_t a, o;
        if (sn_store_actor_add(&st, ids[i], 2, 0, 0, &a, NULL) != SN_OK ||
            sn_store_string(&st, orgs[i], 4, &o) != SN_OK)
            abort();
        st.actors[a].attr[SN_ATTR_ORGANISATION] = o;
    }
    for (int i = 0; i < 4; i++)
        sn_store_contact_add(&st, 1000 + i, (uint32_t)(i % 3), (uint32_t)((i + 1) % 3), SN_CH_PHONE,
                             0, 0, 1.0f);
    sn_analysis_opts_init(&ao);
    ao.silo.permutations = 10;
    if (sn_analysis_run(&st, &ao, &an, &err) != SN_OK) {
        fprintf(stderr, "fuzz: analysis: %s\n", err.msg);
        abort();
    }
    char path[1024];
    fuzz_write("fz.lua", (const uint8_t *)lens_text, sizeof lens_text - 1, 0, path, sizeof path);
}

static void check_param(const sn_lens_param *p)
{
    switch (p->type) {
    case SN_PARAM_INTEGER:
        FUZZ_CHECK(p->number == floor(p->number) && fabs(p->number) <= 9007199254740992.0,
                   "%s = %.17g is not a whole number a double holds exactly", p->name, p->number);
        /* fall through */
    case SN_PARAM_NUMBER:
        FUZZ_CHECK(isfinite(p->number), "%s = %g", p->name, p->number);
        FUZZ_CHECK(!p->has_min || p->number >= p->min, "%s = %g < %g", p->name, p->number, p->min);
        FUZZ_CHECK(!p->has_max || p->number <= p->max, "%s = %g > %g", p->name, p->number, p->max);
        break;
    case SN_PARAM_BOOLEAN:
        FUZZ_CHECK(p->number == 0 || p->number == 1, "%s = %g", p->name, p->number);
        break;
    case SN_PARAM_STRING:
        FUZZ_CHECK(p->string != NULL, "%s has no string", p->name);
        if (p->values) {
            int found = 0;
            for (size_t i = 0; p->values[i]; i++)
                found |= strcmp(p->values[i], p->string) == 0;
            FUZZ_CHECK(found, "%s = '%s' is not an allowed value", p->name, p->string);
        }
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sn_init();
    if (size > 4096)
        return 0;
    setup_once();
    sn_lens_opts o;
    sn_lens_opts_init(&o);
    o.no_bundled = 1;
    o.timeout = 10;
    const char *path[] = {fuzz_dir()};
    o.path = path;
    o.n_path = 1;
    o.log = fuzz_diag_out();
    sn_lens_host *h;
    sn_err err = {0};
    if (sn_lens_host_new(&o, &h, &err) != SN_OK || sn_lens_host_add(h, "fz", &err) != SN_OK) {
        fprintf(stderr, "fuzz: lens: %s\n", err.msg);
        abort();
    }
    FUZZ_CHECK(sn_lens_host_failed(h) == 0, "the lens did not load: %s",
               sn_lens_host_results(h)->items[0].error);
    /* each line (NUL-terminated) is one assignment */
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        sn_status rc = sn_lens_host_param(h, line, &err);
        FUZZ_CHECK(rc == SN_OK || rc == SN_EUSAGE, "status %d for '%s'", (int)rc, line);
        if (rc != SN_OK)
            FUZZ_CHECK(err.msg[0] != '\0', "no message for '%s'", line);
    }
    free(text);
    const sn_lens_result *r = &sn_lens_host_results(h)->items[0];
    for (size_t i = 0; i < r->n_params; i++)
        check_param(&r->params[i]);
    FUZZ_CHECK(sn_lens_host_run(h, &st, &an, &ao, &err) == SN_OK, "run: %s", err.msg);
    r = &sn_lens_host_results(h)->items[0];
    FUZZ_CHECK(!r->failed, "the lens failed: %s", r->error ? r->error : "");
    FUZZ_CHECK(r->n_findings == 1, "%zu findings", r->n_findings);
    sn_lens_host_free(h);
    return 0;
}
