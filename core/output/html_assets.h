/*
 * html_assets.h - the HTML report's page, put together at build time from
 * core/output/html/ and D3 (core/output/html/embed.cmake writes
 * html_assets.c): the page before its data element and after it.
 */
#ifndef SAMNETT_OUTPUT_HTML_ASSETS_H
#define SAMNETT_OUTPUT_HTML_ASSETS_H

#include <stddef.h>

extern const unsigned char sni_html_head[];
extern const size_t sni_html_head_len;
extern const unsigned char sni_html_tail[];
extern const size_t sni_html_tail_len;

#endif
