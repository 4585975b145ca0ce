/* Money as int64_t cents: parsing people's notations and formatting Dutch/English amounts.
 * Every operation is integer arithmetic with overflow checks. */
#include "money.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Skips spaces, tabs, NBSP (C2 A0) and narrow NBSP (E2 80 AF) from p; returns the new p. */
static const char *skip_space(const char *p)
{
    for (;;) {
        if (*p == ' ' || *p == '\t') p++;
        else if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) p += 2;
        else if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF) p += 3;
        else return p;
    }
}

/* Length of the trailing space run of [s, e). */
static const char *trim_end(const char *s, const char *e)
{
    while (e > s) {
        if (e[-1] == ' ' || e[-1] == '\t') e--;
        else if (e - s >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0) e -= 2;
        else if (e - s >= 3 && (unsigned char)e[-3] == 0xE2 && (unsigned char)e[-2] == 0x80 &&
                 (unsigned char)e[-1] == 0xAF) e -= 3;
        else break;
    }
    return e;
}

static bool starts_ci(const char *s, const char *e, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(e - s) >= n && strncasecmp(s, word, n) == 0;
}

static bool ends_ci(const char *s, const char *e, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(e - s) >= n && strncasecmp(e - n, word, n) == 0;
}

#define EURO "\xE2\x82\xAC"
#define MINUS "\xE2\x88\x92"

/* Strips currency words and the thousand multipliers around the number. */
static void strip_decorations(const char **ps, const char **pe, int64_t *multiplier, bool *negative)
{
    const char *s = *ps, *e = *pe;
    for (int changed = 1; changed && s < e;) {
        changed = 0;
        s = skip_space(s);
        e = trim_end(s, e);
        if ((*s == '-' || starts_ci(s, e, MINUS)) && s + 1 < e) {
            const char *after = skip_space(s + (*s == '-' ? 1 : 3));
            if (starts_ci(after, e, EURO) || starts_ci(after, e, "eur") || starts_ci(after, e, "k" EURO)) {
                *negative = !*negative;
                s = after;
                changed = 1;
                continue;
            }
        }
        if (starts_ci(s, e, "k" EURO)) { s += 4; *multiplier = 1000; changed = 1; continue; }
        if (starts_ci(s, e, EURO)) { s += 3; changed = 1; continue; }
        if (starts_ci(s, e, "eur")) { s += 3; changed = 1; continue; }
        if (ends_ci(s, e, "k" EURO)) { e -= 4; *multiplier = 1000; changed = 1; continue; }
        if (ends_ci(s, e, EURO)) { e -= 3; changed = 1; continue; }
        if (ends_ci(s, e, "eur")) { e -= 3; changed = 1; continue; }
        if (ends_ci(s, e, "mln")) { e -= 3; *multiplier = 1000000; changed = 1; continue; }
        if (e - s >= 2 && (e[-1] == 'k' || e[-1] == 'K') && (isdigit((unsigned char)e[-2]) || e[-2] == ' ')) {
            e -= 1; *multiplier = 1000; changed = 1; continue;
        }
        if (e - s >= 2 && e[-1] == '-' && (e[-2] == ',' || e[-2] == '.')) { e -= 2; changed = 1; continue; }
    }
    *ps = s;
    *pe = e;
}

/* Returns true when every group after the first in digits separated by `sep` has exactly
 * three digits and the first has one to three. */
static bool valid_groups(const char *s, const char *e, char sep)
{
    int run = 0, groups = 0;
    for (const char *p = s; p < e; p++) {
        if (*p == sep) {
            if ((groups == 0 && (run < 1 || run > 3)) || (groups > 0 && run != 3)) return false;
            groups++;
            run = 0;
        } else if (isdigit((unsigned char)*p)) {
            run++;
        } else {
            return false;
        }
    }
    return groups == 0 || run == 3;
}

/* Accumulates decimal digits into an integer with overflow check. */
static bool add_digit(int64_t *acc, int d)
{
    if (*acc > (MONEY_MAX_CENTS * 10 - d) / 10) return false;
    *acc = *acc * 10 + d;
    return true;
}

money_parse_result money_parse(const char *text, num_locale loc, int64_t *cents)
{
    money_parse_result r = { MONEY_OK, false, false, -1 };
    *cents = 0;
    if (!text) { r.status = MONEY_EMPTY; return r; }
    const char *s = skip_space(text), *e = trim_end(s, s + strlen(s));
    if (s == e) { r.status = MONEY_EMPTY; return r; }

    bool negative = false;
    if (*s == '(' && e[-1] == ')') { negative = true; s++; e--; }
    int64_t multiplier = 1;
    strip_decorations(&s, &e, &multiplier, &negative);
    if (s < e && *s == '-') { negative = !negative; s = skip_space(s + 1); }
    else if (s < e && *s == '+') { s = skip_space(s + 1); }
    else if (e - s >= 3 && memcmp(s, MINUS, 3) == 0) { negative = !negative; s = skip_space(s + 3); }
    if (s < e && *s == '(' && e[-1] == ')') { negative = !negative; s++; e--; }
    strip_decorations(&s, &e, &multiplier, &negative);
    if (s == e) { r.status = MONEY_SYNTAX; r.error_offset = (int)(s - text); return r; }

    /* Collect the body: digits, '.', ',', and single spaces between digit groups. */
    char body[64];
    size_t n = 0;
    int dots = 0, commas = 0;
    const char *last_dot = NULL, *last_comma = NULL;
    for (const char *p = s; p < e; p++) {
        unsigned char c = (unsigned char)*p;
        if (isdigit(c)) { if (n >= sizeof body - 1) { r.status = MONEY_OVERFLOW; return r; } body[n++] = (char)c; continue; }
        if (c == '.' || c == ',') {
            if (n >= sizeof body - 1) { r.status = MONEY_OVERFLOW; return r; }
            body[n] = (char)c;
            if (c == '.') { dots++; last_dot = body + n; } else { commas++; last_comma = body + n; }
            n++;
            continue;
        }
        if (c == ' ' && p + 1 < e && isdigit((unsigned char)p[1]) && n > 0 && isdigit((unsigned char)body[n - 1])) {
            if (n >= sizeof body - 1) { r.status = MONEY_OVERFLOW; return r; }
            body[n++] = '.'; /* "1 219 092": a space groups thousands */
            dots++;
            last_dot = body + n - 1;
            continue;
        }
        r.status = MONEY_SYNTAX;
        r.error_offset = (int)(p - text);
        return r;
    }
    body[n] = '\0';
    const char *bend = body + n;
    if (n == 0 || (!isdigit((unsigned char)body[0]) && !(body[0] == ',' || body[0] == '.'))) {
        r.status = MONEY_SYNTAX; r.error_offset = (int)(s - text); return r;
    }

    char decimal = 0; /* the decimal mark, 0 if none */
    if (dots && commas) {
        decimal = (last_dot > last_comma) ? '.' : ',';
        char thousands = decimal == '.' ? ',' : '.';
        if ((decimal == '.' ? dots : commas) != 1) { r.status = MONEY_SYNTAX; return r; }
        const char *dm = decimal == '.' ? last_dot : last_comma;
        if (!valid_groups(body, dm, thousands)) { r.status = MONEY_SYNTAX; return r; }
    } else if (dots + commas > 1) {
        char sep = dots ? '.' : ',';
        if (!valid_groups(body, bend, sep)) { r.status = MONEY_SYNTAX; return r; }
    } else if (dots + commas == 1) {
        char sep = dots ? '.' : ',';
        const char *at = dots ? last_dot : last_comma;
        bool three_after = (bend - at - 1) == 3 && at > body && at - body <= 3;
        if (!three_after) {
            decimal = sep;
        } else if (loc == NUMLOC_NL) {
            decimal = sep == ',' ? ',' : 0;
        } else if (loc == NUMLOC_EN) {
            decimal = sep == '.' ? '.' : 0;
        } else {
            decimal = 0; /* guess thousands; the caller may warn */
            r.ambiguous = true;
        }
    }

    int64_t whole = 0;
    const char *p = body;
    const char *dm = decimal ? (decimal == '.' ? last_dot : last_comma) : bend;
    for (; p < dm; p++) {
        if (!isdigit((unsigned char)*p)) continue;
        if (!add_digit(&whole, *p - '0')) { r.status = MONEY_OVERFLOW; return r; }
    }
    int64_t frac = 0;
    int fdigits = 0;
    if (decimal) {
        for (p = dm + 1; p < bend; p++) {
            if (!isdigit((unsigned char)*p)) { r.status = MONEY_SYNTAX; return r; }
            if (fdigits < 2) { frac = frac * 10 + (*p - '0'); fdigits++; }
            else if (*p != '0') { r.status = MONEY_PRECISION; return r; }
        }
        if (dm + 1 == bend && dm == body) { r.status = MONEY_SYNTAX; return r; }
    }
    while (fdigits < 2) { frac *= 10; fdigits++; }

    int64_t value;
    if (__builtin_mul_overflow(whole, (int64_t)100, &value) || __builtin_add_overflow(value, frac, &value) ||
        __builtin_mul_overflow(value, multiplier, &value) || value > MONEY_MAX_CENTS) {
        r.status = MONEY_OVERFLOW;
        return r;
    }
    *cents = negative ? -value : value;
    return r;
}

/* Shared core for machine decimals: digits with optional '.' or ',' mark and exponent, scaled by
 * 10^scale, rounded half away from zero. Overflow beyond `limit` is reported. */
static money_parse_result parse_scaled(const char *text, int scale, int64_t limit, bool allow_exponent,
                                       int64_t *out)
{
    money_parse_result r = { MONEY_OK, false, false, -1 };
    *out = 0;
    if (!text) { r.status = MONEY_EMPTY; return r; }
    const char *s = skip_space(text), *e = trim_end(s, s + strlen(s));
    if (s == e) { r.status = MONEY_EMPTY; return r; }
    if (e[-1] == '%') { r.had_percent = true; e = trim_end(s, e - 1); }
    bool negative = false;
    if (*s == '-' || *s == '+') { negative = *s == '-'; s++; }
    else if (e - s >= 3 && memcmp(s, MINUS, 3) == 0) { negative = true; s += 3; }
    char digits[48];
    int nd = 0, point = -1, seen = 0;
    const char *p = s;
    for (; p < e && (isdigit((unsigned char)*p) || *p == '.' || *p == ','); p++) {
        if (*p == '.' || *p == ',') {
            if (point >= 0) { r.status = MONEY_SYNTAX; r.error_offset = (int)(p - text); return r; }
            point = nd;
            continue;
        }
        seen = 1;
        if (nd == 0 && *p == '0' && point < 0) continue; /* leading zeros */
        if (nd >= (int)sizeof digits - 1) { r.status = MONEY_OVERFLOW; return r; }
        digits[nd++] = *p;
    }
    if (!seen) { r.status = MONEY_SYNTAX; r.error_offset = (int)(p - text); return r; }
    if (point < 0) point = nd;
    long exponent = 0;
    if (p < e && (*p == 'e' || *p == 'E') && allow_exponent) {
        char *end;
        exponent = strtol(p + 1, &end, 10);
        if (end == p + 1 || end != e) { r.status = MONEY_SYNTAX; r.error_offset = (int)(p - text); return r; }
        if (exponent > 40 || exponent < -40) {
            if (exponent > 0 && nd > 0) { r.status = MONEY_OVERFLOW; return r; }
            exponent = exponent > 0 ? 40 : -40;
        }
        p = e;
    }
    if (p != e) { r.status = MONEY_SYNTAX; r.error_offset = (int)(p - text); return r; }
    /* value = 0.digits * 10^(point + exponent); we want round(value * 10^scale) */
    long int_digits = point + exponent + scale; /* digits that land before the decimal point */
    int64_t v = 0;
    for (long i = 0; i < int_digits; i++) {
        int d = i < nd ? digits[i] - '0' : 0;
        if (v > (limit - d) / 10) { r.status = MONEY_OVERFLOW; return r; }
        v = v * 10 + d;
    }
    if (int_digits >= 0 && int_digits < nd && digits[int_digits] >= '5') {
        if (v >= limit) { r.status = MONEY_OVERFLOW; return r; }
        v++;
    }
    *out = negative ? -v : v;
    return r;
}

money_parse_result money_parse_machine(const char *text, int64_t *cents)
{
    return parse_scaled(text, 2, MONEY_MAX_CENTS, true, cents);
}

money_parse_result decimal_parse_scaled(const char *text, int scale, int64_t *out)
{
    money_parse_result r = parse_scaled(text, scale, INT64_MAX / 16, false, out);
    if (r.status != MONEY_OK) return r;
    /* reject digits beyond the scale that would have been rounded away */
    const char *mark = strpbrk(text, ".,");
    if (mark) {
        int fd = 0;
        for (const char *p = mark + 1; isdigit((unsigned char)*p); p++, fd++)
            if (fd >= scale && *p != '0') { r.status = MONEY_PRECISION; *out = 0; return r; }
    }
    return r;
}

bool money_add(int64_t *acc, int64_t value)
{
    int64_t sum;
    if (__builtin_add_overflow(*acc, value, &sum)) return false;
    *acc = sum;
    return true;
}

/* Writes the absolute value of v with grouping separator `sep` into buf; returns length. */
static size_t group_digits(uint64_t v, const char *sep, char *buf, size_t size)
{
    char raw[32];
    int n = snprintf(raw, sizeof raw, "%llu", (unsigned long long)v);
    size_t o = 0, seplen = strlen(sep);
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) {
            for (size_t k = 0; k < seplen && o + 1 < size; k++) buf[o++] = sep[k];
        }
        if (o + 1 < size) buf[o++] = raw[i];
    }
    buf[o] = '\0';
    return o;
}

char *money_format(int64_t cents, money_lang lang, int flags, char *buf, size_t size)
{
    uint64_t mag = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    uint64_t euros = mag / 100, rest = mag % 100;
    bool show_cents = (flags & MONEY_CENTS) || rest != 0;
    char digits[48];
    group_digits(euros, lang == MONEY_FMT_NL ? "." : ",", digits, sizeof digits);
    char frac[8] = "";
    if (show_cents) snprintf(frac, sizeof frac, "%c%02u", lang == MONEY_FMT_NL ? ',' : '.', (unsigned)rest);
    const char *sym = (flags & MONEY_NO_SYMBOL) ? "" : (lang == MONEY_FMT_NL ? EURO " " : EURO);
    const char *minus = cents < 0 ? MINUS : "";
    if (lang == MONEY_FMT_NL)
        snprintf(buf, size, "%s%s%s%s", sym, minus, digits, frac);
    else
        snprintf(buf, size, "%s%s%s%s", minus, sym, digits, frac);
    return buf;
}

char *money_format_compact(int64_t cents, money_lang lang, char *buf, size_t size)
{
    uint64_t mag = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    const char *minus = cents < 0 ? MINUS : "";
    uint64_t euros = (mag + 50) / 100;
    if (euros >= 1000000) {
        uint64_t tenths = (euros + 50000) / 100000; /* millions with one decimal */
        char num[40];
        if (tenths % 10 == 0) snprintf(num, sizeof num, "%llu", (unsigned long long)(tenths / 10));
        else snprintf(num, sizeof num, "%llu%c%llu", (unsigned long long)(tenths / 10),
                      lang == MONEY_FMT_NL ? ',' : '.', (unsigned long long)(tenths % 10));
        if (lang == MONEY_FMT_NL) snprintf(buf, size, EURO " %s%s mln", minus, num);
        else snprintf(buf, size, "%s" EURO "%sm", minus, num);
    } else if (lang == MONEY_FMT_EN && euros >= 1000) {
        uint64_t k = euros / 1000, r = (euros % 1000 + 50) / 100;
        if (r == 10) { k++; r = 0; }
        if (r == 0 || k >= 100) snprintf(buf, size, "%s" EURO "%lluk", minus, (unsigned long long)(k + (k >= 100 && r >= 5)));
        else snprintf(buf, size, "%s" EURO "%llu.%lluk", minus, (unsigned long long)k, (unsigned long long)r);
    } else {
        int64_t rounded = (int64_t)euros * 100;
        money_format(cents < 0 ? -rounded : rounded, lang, MONEY_WHOLE, buf, size);
    }
    return buf;
}

char *percent_format(int64_t part, int64_t whole, money_lang lang, char *buf, size_t size)
{
    if (whole == 0) { snprintf(buf, size, "\xE2\x80\x93"); return buf; }
    /* tenths of a percent, rounded half away from zero, in 128-bit to avoid overflow */
    bool negative = (part < 0) != (whole < 0) && part != 0;
    unsigned __int128 a = (unsigned __int128)(part < 0 ? -(__int128)part : part) * 1000;
    unsigned __int128 b = (unsigned __int128)(whole < 0 ? -(__int128)whole : whole);
    long long t = (long long)((2 * a + b) / (2 * b));
    if (negative) t = -t;
    long long mag = t < 0 ? -t : t;
    snprintf(buf, size, "%s%lld%c%lld%%", t < 0 ? MINUS : "", mag / 10, lang == MONEY_FMT_NL ? ',' : '.', mag % 10);
    return buf;
}

char *int_format(long long value, money_lang lang, char *buf, size_t size)
{
    uint64_t mag = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    char digits[40];
    group_digits(mag, lang == MONEY_FMT_NL ? "." : ",", digits, sizeof digits);
    snprintf(buf, size, "%s%s", value < 0 ? MINUS : "", digits);
    return buf;
}
