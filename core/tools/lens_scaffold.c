/*
 * lens_scaffold.c - `samnett lens new NAME` (a tool beside the CLI): a small
 * working lens and its test file, for an author to change. Never
 * overwrites a file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "samnett/tools/lens_tools.h"

static const char *const lens_template =
    "-- @NAME@.lua - a samnett lens (Lua 5.4).\n"
    "--\n"
    "-- Change the rule in run(), then:\n"
    "--   samnett lens test @NAME@.lua      run the cases in @NAME@_test.lua\n"
    "--   samnett lens check @NAME@.lua     load it and try it on the demo region\n"
    "--   samnett analyze --demo --lens @NAME@.lua\n"
    "-- The API (net, stats, finding) is described in samnett's plugins/README.md.\n"
    "\n"
    "return {\n"
    "  name = \"@NAME@\",\n"
    "  title = {\n"
    "    en = \"Contacts across organisations\",\n"
    "    nb = \"Kontakter p\xc3\xa5 tvers av organisasjoner\",\n"
    "  },\n"
    "  description = {\n"
    "    en = \"The share of contacts on ties between two different organisations.\",\n"
    "    nb = \"Andelen kontakter i b\xc3\xa5nd mellom to ulike organisasjoner.\",\n"
    "  },\n"
    "  params = {\n"
    "    min_contacts = {type = \"integer\", default = 10, min = 0,\n"
    "                    doc = \"with fewer contacts on ties the answer is uavklart\"},\n"
    "    threshold = {type = \"number\", default = 0.5, min = 0, max = 1,\n"
    "                 doc = \"a share at or above this is labelled 'p\xc3\xa5 tvers'\"},\n"
    "  },\n"
    "\n"
    "  run = function(net, params)\n"
    "    local across, total = 0, 0\n"
    "    for tie in net:ties() do\n"
    "      local a, b = net:node(tie.from), net:node(tie.to)\n"
    "      total = total + tie.contacts\n"
    "      if a.organisation ~= b.organisation then\n"
    "        across = across + tie.contacts\n"
    "      end\n"
    "    end\n"
    "\n"
    "    local share = total > 0 and across / total or 0\n"
    "    local label\n"
    "    if total < params.min_contacts then\n"
    "      label = \"uavklart\"\n"
    "    elseif share >= params.threshold then\n"
    "      label = \"p\xc3\xa5 tvers\"\n"
    "    else\n"
    "      label = \"innad\"\n"
    "    end\n"
    "\n"
    "    local pct = string.format(\"%.0f%%\", 100 * share)\n"
    "    return {\n"
    "      finding{\n"
    "        level = \"network\",\n"
    "        label = label,\n"
    "        scores = {share = share, across = across, contacts = total},\n"
    "        evidence = {\n"
    "          en = string.format(\"%d of %d contacts (%s) cross an organisation boundary; \"\n"
    "                             .. \"the threshold is %.0f%% and at least %d contacts are \"\n"
    "                             .. \"needed.\", across, total, pct, 100 * params.threshold,\n"
    "                             params.min_contacts),\n"
    "          nb = string.format(\"%d av %d kontakter (%s) g\xc3\xa5r p\xc3\xa5 tvers av \"\n"
    "                             .. \"organisasjoner; terskelen er %.0f %% og det trengs minst "
    "\"\n"
    "                             .. \"%d kontakter.\", across, total, pct, 100 * "
    "params.threshold,\n"
    "                             params.min_contacts),\n"
    "        },\n"
    "      },\n"
    "    }\n"
    "  end,\n"
    "}\n";

static const char *const test_template =
    "-- @NAME@_test.lua - the cases of @NAME@.lua: `samnett lens test @NAME@.lua`.\n"
    "-- Each case is a small hand-built network and the findings expected.\n"
    "\n"
    "local actors = {\n"
    "  {id = \"a1\", name = \"Anne\", organisation = \"Alfa kommune\", type = \"municipality\"},\n"
    "  {id = \"a2\", name = \"Arne\", organisation = \"Alfa kommune\", type = \"municipality\"},\n"
    "  {id = \"b1\", name = \"Berit\", organisation = \"Beta sykehus\", type = "
    "\"hospital_unit\"},\n"
    "}\n"
    "\n"
    "return {\n"
    "  cases = {\n"
    "    {\n"
    "      name = \"most contacts cross the boundary\",\n"
    "      actors = actors,\n"
    "      contacts = {\n"
    "        {time = \"2024-01-10\", from = \"a1\", to = \"b1\", channel = \"e-message\", n = 8},\n"
    "        {time = \"2024-01-11\", from = \"a1\", to = \"a2\", channel = \"phone\", n = 2},\n"
    "      },\n"
    "      count = 1,\n"
    "      expect = {\n"
    "        {level = \"network\", label = \"p\xc3\xa5 tvers\",\n"
    "         scores = {share = 0.8, across = 8, contacts = 10},\n"
    "         evidence = {en = \"8 of 10 contacts\", nb = \"8 av 10 kontakter\"}},\n"
    "      },\n"
    "    },\n"
    "    {\n"
    "      name = \"too few contacts: uavklart\",\n"
    "      actors = actors,\n"
    "      contacts = {\n"
    "        {time = \"2024-01-10\", from = \"a1\", to = \"b1\", n = 3},\n"
    "      },\n"
    "      expect = {{level = \"network\", label = \"uavklart\", scores = {contacts = 3}}},\n"
    "    },\n"
    "    {\n"
    "      name = \"a stricter threshold (a parameter)\",\n"
    "      actors = actors,\n"
    "      contacts = {\n"
    "        {time = \"2024-01-10\", from = \"a1\", to = \"b1\", n = 8},\n"
    "        {time = \"2024-01-11\", from = \"a2\", to = \"a1\", n = 2},\n"
    "      },\n"
    "      params = {threshold = 0.9},\n"
    "      expect = {{level = \"network\", label = \"innad\"}},\n"
    "    },\n"
    "  },\n"
    "}\n";

static int write_template(const char *path, const char *tpl, const char *name)
{
    FILE *f = fopen(path, "wx");
    if (!f)
        return -1;
    for (const char *p = tpl; *p;) {
        const char *at = strstr(p, "@NAME@");
        size_t n = at ? (size_t)(at - p) : strlen(p);
        fwrite(p, 1, n, f);
        if (!at)
            break;
        fputs(name, f);
        p = at + 6;
    }
    return fclose(f);
}

sn_status sn_lens_scaffold(const char *name, const char *dir, sn_err *err)
{
    size_t len = strlen(name);
    if (!sn_lens_name_ok(name) || strlen(name) > 64 ||
        (len > 5 && strcmp(name + len - 5, "_test") == 0))
        return sn_err_set(err, SN_EUSAGE,
                          "bad lens name '%s'; expected a-z, 0-9, '_' and '-', starting with "
                          "a letter, such as 'my_lens'",
                          name);
    char lens[4096], test[4096];
    snprintf(lens, sizeof lens, "%s/%s.lua", dir, name);
    snprintf(test, sizeof test, "%s/%s_test.lua", dir, name);
    struct stat st;
    if (stat(lens, &st) == 0 || stat(test, &st) == 0)
        return sn_err_set(err, SN_EIO, "%s exists; not overwriting it (choose another name)",
                          stat(lens, &st) == 0 ? lens : test);
    if (write_template(lens, lens_template, name) != 0)
        return sn_err_set(err, SN_EIO, "%s: cannot write: %s", lens, strerror(errno));
    if (write_template(test, test_template, name) != 0) {
        int e = errno;
        remove(lens);
        return sn_err_set(err, SN_EIO, "%s: cannot write: %s", test, strerror(e));
    }
    return SN_OK;
}
