/*
 * man.c - the manual page samnett.1, made from the --help texts.
 *
 * The texts follow a few rules, and the page is read off them:
 *   "usage: ..."           the synopsis (with its indented continuation lines)
 *   "heading:"             at the start of a line: a section (the main text)
 *                          or a bold subheading (a command's text)
 *   "  TERM   text"        a term and its description: an option with its
 *                          value (--top N), or anything else followed by two
 *                          or more spaces; deeper lines continue the text
 *   "  text" or "text"     a paragraph; an empty line ends it
 *   "Exit status: ..."     (the main text) the section EXIT STATUS
 */
#include "man.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Text in roff: backslashes, dashes and non-ASCII characters escaped. */
static void roff_text(FILE *out, const char *s, size_t n, int line_start)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    if (line_start && p < end && (*p == '.' || *p == '\''))
        fputs("\\&", out);
    while (p < end) {
        unsigned c = *p;
        if (c == '\\') {
            fputs("\\e", out);
            p++;
        } else if (c == '-') {
            fputs("\\-", out);
            p++;
        } else if (c < 0x80) {
            fputc((int)c, out);
            p++;
        } else {
            /* one UTF-8 character as \[uXXXX] (the texts are valid UTF-8) */
            int len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
            uint32_t cp = c & (len == 2 ? 0x1f : len == 3 ? 0x0f : 0x07);
            for (int k = 1; k < len && p + k < end; k++)
                cp = (cp << 6) | (p[k] & 0x3f);
            fprintf(out, "\\[u%04X]", (unsigned)cp);
            p += len;
        }
    }
}

static void roff_line(FILE *out, const char *s, size_t n)
{
    roff_text(out, s, n, 1);
    fputc('\n', out);
}

static size_t indent_of(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

/* An option's value as the texts write it: N, DIR|GLOB, LENS.NAME=V, ID[,ID...], FILE.db. */
static int is_metavar(const char *s, size_t n)
{
    if (n == 0 || !isupper((unsigned char)s[0]))
        return 0;
    int upper = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isupper(c))
            upper++;
        else if (!(islower(c) || isdigit(c) || strchr("_.|[],=:-", c)))
            return 0;
    }
    return upper * 2 >= (int)(n > 4 ? 4 : n) || n <= 2;
}

/*
 * Where a term line's description starts (0: not a term line). An option
 * term is the option and at most one value; another term ends at two spaces.
 */
static size_t term_end(const char *s, size_t n, size_t ind, size_t *desc)
{
    if (ind != 2 || ind >= n)
        return 0;
    const char *t = s + ind;
    size_t len = n - ind;
    if (t[0] == '-') {
        size_t a = 0;
        while (a < len && t[a] != ' ')
            a++;
        size_t b = a;
        while (b < len && t[b] == ' ')
            b++;
        size_t c = b;
        while (c < len && t[c] != ' ')
            c++;
        size_t term = a;
        if (b < len && b == a + 1 && is_metavar(t + b, c - b))
            term = c;
        size_t d = term;
        while (d < len && t[d] == ' ')
            d++;
        *desc = ind + d;
        return ind + term;
    }
    for (size_t i = 0; i + 1 < len; i++)
        if (t[i] == ' ' && t[i + 1] == ' ') {
            size_t d = i;
            while (d < len && t[d] == ' ')
                d++;
            if (d >= len)
                return 0;
            *desc = ind + d;
            return ind + i;
        }
    return 0;
}

/* A term in bold, its values (words in capitals, <word>) in italics. */
static void roff_term(FILE *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        int italic = s[i] == '<' || is_metavar(s + i, j - i) || s[i] == '[';
        fputs(italic ? "\\fI" : "\\fB", out);
        roff_text(out, s + i, j - i, 0);
        fputs("\\fR", out);
        while (j < n && s[j] == ' ') {
            fputc(' ', out);
            j++;
        }
        i = j;
    }
    fputc('\n', out);
}

/* One --help text; top: headings are sections (the main text). */
static void page(FILE *out, const char *text, int top)
{
    enum { NONE, PARA, TERM, SYNOPSIS } state = NONE;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        size_t ind = indent_of(p, n), desc = 0, term;
        if (ind == n) { /* an empty line */
            if (state == SYNOPSIS)
                fputs(top ? ".fi\n.SH DESCRIPTION\n" : ".fi\n", out);
            state = NONE;
        } else if (top && ind == 0 && strncmp(p, "Exit status: ", 13) == 0) {
            fputs(".SH \"EXIT STATUS\"\n", out);
            roff_line(out, p + 13, n - 13);
            state = PARA;
        } else if (ind == 0 && strncmp(p, "usage: ", 7) == 0) {
            fputs(top ? ".SH SYNOPSIS\n.nf\n" : ".PP\n.nf\n", out);
            fputs("\\fB", out);
            roff_text(out, p + 7, n - 7, 0);
            fputs("\\fR\n", out);
            state = SYNOPSIS;
        } else if (state == SYNOPSIS) {
            fputs("\\fB", out);
            roff_text(out, p + ind, n - ind, 0);
            fputs("\\fR\n", out);
        } else if (ind == 0 && p[n - 1] == ':' && n < 60) {
            if (top) {
                fputs(".SH ", out);
                for (size_t i = 0; i + 1 < n; i++)
                    fputc(toupper((unsigned char)p[i]), out);
                fputc('\n', out);
            } else {
                fputs(".PP\n\\fB", out);
                roff_text(out, p, n - 1, 0);
                fputs("\\fR\n", out);
            }
            state = NONE;
        } else if ((term = term_end(p, n, ind, &desc)) != 0) {
            fputs(".TP\n", out);
            roff_term(out, p + ind, term - ind);
            roff_line(out, p + desc, n - desc);
            state = TERM;
        } else if (state == TERM && ind > 2) {
            roff_line(out, p + ind, n - ind);
        } else {
            if (state != PARA)
                fputs(state == TERM && ind == 2 ? ".IP\n" : ".PP\n", out);
            roff_line(out, p + ind, n - ind);
            state = state == TERM && ind == 2 ? TERM : PARA;
        }
        p = nl ? nl + 1 : p + n;
    }
    if (state == SYNOPSIS)
        fputs(".fi\n", out);
}

void sn_cli_man(FILE *out, const char *version, const char *main_text, const sn_cli_man_page *cmds,
                size_t n_cmds)
{
    fputs(".\\\" samnett.1 - made by `samnett help --man` from the --help texts; do not edit\n",
          out);
    fprintf(out, ".TH SAMNETT 1 \"\" \"samnett %s\" \"User Commands\"\n", version);
    fputs(".nh\n.ad l\n", out); /* options are never broken across lines */
    fputs(".SH NAME\nsamnett \\- network analysis of contact logs from health and care "
          "services\n",
          out);
    page(out, main_text, 1);
    fputs(".SH OPTIONS\n", out);
    for (size_t i = 0; i < n_cmds; i++) {
        fprintf(out, ".SS \"samnett %s\"\n", cmds[i].name);
        page(out, cmds[i].text, 0);
    }
    fputs(".SH SEE ALSO\n"
          "The README of samnett, and plugins/README.md for writing lenses.\n",
          out);
}
