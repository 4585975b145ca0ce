/* Money as int64_t cents: parsing of Dutch and English notations, formatting, checked arithmetic.
 * No floating point is used for any amount. */
#ifndef KR_MONEY_H
#define KR_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest amount accepted from input: one trillion euro, far beyond any budget. Sums of more than
 * about 92,000 lines of this size would overflow int64; allocate_model detects that and reports
 * it as an input error. */
#define MONEY_MAX_CENTS (100000000000000LL)

typedef enum {
    NUMLOC_AUTO, /* decide per value; an ambiguous "1.234" is reported through `ambiguous` */
    NUMLOC_NL,   /* "." thousands, "," decimals */
    NUMLOC_EN    /* "," thousands, "." decimals */
} num_locale;

typedef enum {
    MONEY_OK,
    MONEY_EMPTY,
    MONEY_SYNTAX,
    MONEY_OVERFLOW,
    MONEY_PRECISION /* more than two decimals that are not zero */
} money_status;

typedef struct money_parse_result {
    money_status status;
    bool ambiguous;   /* "1.234" or "1,234" read under NUMLOC_AUTO: the guess was thousands */
    bool had_percent; /* ended in % (only meaningful for percentages) */
    int error_offset; /* byte offset of the first bad character for MONEY_SYNTAX */
} money_parse_result;

/* Parses an amount as people type it: "1.219.092", "€ 1.219.092,50", "1219092.50", "-1.000",
 * "(1.000)", "k€ 465", "€65k", "EUR 12,-". Surrounding spaces (incl. non-breaking) are ignored.
 * On MONEY_OK *cents holds the value, otherwise it is left 0. */
money_parse_result money_parse(const char *text, num_locale loc, int64_t *cents);

/* Parses a plain machine decimal such as a spreadsheet stores ("1219092.5", "-3E-2", "1e3"),
 * rounding half away from zero to cents. */
money_parse_result money_parse_machine(const char *text, int64_t *cents);

/* Exact decimal with up to `scale` fraction digits into an integer (value * 10^scale),
 * e.g. percentages "33,33" with scale 4 -> 333300. Accepts "," or "." as the decimal mark
 * (there are no thousands separators in weights). */
money_parse_result decimal_parse_scaled(const char *text, int scale, int64_t *out);

typedef enum { MONEY_FMT_NL, MONEY_FMT_EN } money_lang;

typedef enum {
    MONEY_WHOLE = 1,    /* round to whole euros when the cents are zero; else show cents */
    MONEY_CENTS = 2,    /* always show cents */
    MONEY_NO_SYMBOL = 4 /* omit the euro sign */
} money_flags;

/* Formats cents: NL "€ 1.224.000", "€ 1.219.092,50", "-€ 1.000"; EN "€1,224,000", "€1,219,092.50".
 * Writes at most size bytes including NUL; returns buf. */
char *money_format(int64_t cents, money_lang lang, int flags, char *buf, size_t size);

/* Compact form for chart axes: NL "€ 1,2 mln", "€ 250.000"; EN "€1.2m", "€250k". */
char *money_format_compact(int64_t cents, money_lang lang, char *buf, size_t size);

/* Percentage of part/whole with one decimal, "22,7%" / "22.7%"; "–" when whole is 0. */
char *percent_format(int64_t part, int64_t whole, money_lang lang, char *buf, size_t size);

/* Checked addition; returns false (and leaves *acc) on overflow. */
bool money_add(int64_t *acc, int64_t value);

/* Integer with thousands separators: 31.000 / 31,000. */
char *int_format(long long value, money_lang lang, char *buf, size_t size);

#endif
