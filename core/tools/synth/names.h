/*
 * names.h - static name tables for the synthetic region (core/tools/synth/synth.c).
 *
 * Every name is fictional. The tables are UTF-8 and use the Norwegian
 * letters æ, ø and å on purpose, so that the ingest path sees real text.
 * Only synth.c includes this header.
 */
#ifndef SAMNETT_SYNTH_NAMES_H
#define SAMNETT_SYNTH_NAMES_H

static const char *const sn_names_female[] = {
    "Kari",     "Ingrid",  "Anne",    "Solveig", "Åse",     "Marit",    "Liv",     "Sigrid",
    "Ragnhild", "Tone",    "Hilde",   "Gro",     "Berit",   "Randi",    "Astrid",  "Eli",
    "Torunn",   "Siri",    "Maren",   "Ida",     "Nora",    "Ingeborg", "Synnøve", "Bjørg",
    "Kjersti",  "Guro",    "Marte",   "Silje",   "Hanne",   "Tove",     "Turid",   "Øydis",
    "Åsta",     "Brita",   "Gunhild", "Helga",   "Line",    "Mette",    "Vigdis",  "Ragna",
    "Sølvi",    "Frøydis", "Ane",     "Jorunn",  "Målfrid", "Oddny",    "Hege",    "Wenche",
};

static const char *const sn_names_male[] = {
    "Ola",   "Per",    "Knut",   "Bjørn",    "Øyvind", "Håkon", "Kåre",    "Arne",
    "Lars",  "Tor",    "Nils",   "Sverre",   "Eirik",  "Jon",   "Magnus",  "Anders",
    "Geir",  "Trond",  "Rune",   "Svein",    "Odd",    "Terje", "Asbjørn", "Jørgen",
    "Ståle", "Sindre", "Vegard", "Torstein", "Audun",  "Einar", "Gaute",   "Halvard",
    "Ivar",  "Leif",   "Morten", "Steinar",  "Tormod", "Ådne",  "Øystein", "Yngve",
};

static const char *const sn_names_last[] = {
    "Nilsen",   "Hansen",    "Johansen",  "Olsen",   "Larsen",    "Andersen", "Pedersen", "Berg",
    "Dahl",     "Haugen",    "Hagen",     "Johnsen", "Lie",       "Moen",     "Strand",   "Solberg",
    "Bakke",    "Lund",      "Ødegård",   "Sæther",  "Løvås",     "Bråthen",  "Næss",     "Strøm",
    "Sørensen", "Tønnessen", "Hågensen",  "Aasen",   "Myklebust", "Haugland", "Nygård",   "Vik",
    "Brekke",   "Eide",      "Fossum",    "Grønli",  "Hjelle",    "Kvalheim", "Løken",    "Mæland",
    "Nesse",    "Rønning",   "Skår",      "Sunde",   "Tveit",     "Ulvestad", "Vågen",    "Ølnes",
    "Årdal",    "Bøe",       "Fjeldstad", "Helland", "Kleppe",    "Rød",      "Sæbø",     "Øvrebø",
};

/*
 * Parts of generated municipality names: a prefix with a capital letter and
 * a lower-case suffix ("Sør" + "vik" = "Sørvik").
 */
static const char *const sn_place_prefix[] = {
    "Aust",  "Berg",   "Bjørk", "Bø",   "Dal", "Eid", "Elv", "Fjell", "Furu", "Gran",
    "Hav",   "Holm",   "Li",    "Lyng", "Myr", "Nes", "Ny",  "Rogn",  "Sand", "Skog",
    "Stein", "Strand", "Sør",   "Vest", "Øy",  "Ås",  "Ulv", "Ramn",  "Kvit", "Grøn",
};

static const char *const sn_place_suffix[] = {
    "vik",  "dal",  "øy",   "nes",  "stad", "fjord", "heim",
    "land", "berg", "sund", "voll", "ås",   "bø",    "vær",
};

#define SN_COUNT_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

#endif
