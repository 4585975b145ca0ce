/* Fuzz target: number parsing. Invariants: an OK amount is within MONEY_MAX_CENTS; formatting an
 * amount and parsing it back in the same notation gives the same cents; a result that is not OK
 * leaves the output 0. The first byte picks the notation, the rest is the text. */
#include "fuzz.h"
#include "money.h"

static void money_check_roundtrip(int64_t cents)
{
    char buf[64];
    int64_t back = -1;
    money_format(cents, MONEY_FMT_NL, MONEY_CENTS, buf, sizeof buf);
    money_parse_result r = money_parse(buf, NUMLOC_NL, &back);
    FUZZ_ASSERT(r.status == MONEY_OK && back == cents);
    money_format(cents, MONEY_FMT_EN, MONEY_CENTS, buf, sizeof buf);
    r = money_parse(buf, NUMLOC_EN, &back);
    FUZZ_ASSERT(r.status == MONEY_OK && back == cents);
    money_format(cents, MONEY_FMT_NL, MONEY_WHOLE | MONEY_NO_SYMBOL, buf, sizeof buf);
    r = money_parse(buf, NUMLOC_NL, &back);
    FUZZ_ASSERT(r.status == MONEY_OK && back == cents);
    /* the machine form a spreadsheet stores: euros with a '.' */
    snprintf(buf, sizeof buf, "%s%lld.%02lld", cents < 0 ? "-" : "", (long long)llabs(cents / 100),
             (long long)llabs(cents % 100));
    r = money_parse_machine(buf, &back);
    FUZZ_ASSERT(r.status == MONEY_OK && back == cents);
}

FUZZ_TARGET(money)
{
    if (size < 1) return 0;
    static const num_locale locs[] = { NUMLOC_AUTO, NUMLOC_NL, NUMLOC_EN };
    num_locale loc = locs[data[0] % 3];
    int scale = data[0] % 7;
    char *text = fuzz_string(data + 1, size - 1);
    int64_t v = 12345;

    money_parse_result r = money_parse(text, loc, &v);
    if (r.status == MONEY_OK) {
        FUZZ_ASSERT(v <= MONEY_MAX_CENTS && v >= -MONEY_MAX_CENTS);
        money_check_roundtrip(v);
    } else {
        FUZZ_ASSERT(v == 0);
    }
    v = 12345;
    r = money_parse_machine(text, &v);
    if (r.status == MONEY_OK) {
        FUZZ_ASSERT(v <= MONEY_MAX_CENTS && v >= -MONEY_MAX_CENTS);
        money_check_roundtrip(v);
    } else {
        FUZZ_ASSERT(v == 0);
    }
    v = 12345;
    r = decimal_parse_scaled(text, scale, &v);
    if (r.status != MONEY_OK) FUZZ_ASSERT(v == 0);

    char buf[64];
    money_format_compact(v, (data[0] & 8) ? MONEY_FMT_EN : MONEY_FMT_NL, buf, sizeof buf);
    percent_format(v, (int64_t)size * 1000 - 7, MONEY_FMT_NL, buf, sizeof buf);
    free(text);
    return 0;
}
