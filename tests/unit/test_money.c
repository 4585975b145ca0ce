/* Money: parsing of Dutch/English notations, overflow, formatting. */
#include "money.h"
#include "unit.h"

static int64_t parse(const char *s, num_locale loc, money_status *st)
{
    int64_t c = -1;
    money_parse_result r = money_parse(s, loc, &c);
    *st = r.status;
    return c;
}

#define PARSES(text, loc, cents)                            \
    do {                                                    \
        money_status st_;                                   \
        int64_t v_ = parse(text, loc, &st_);                \
        CHECK_INT(st_, MONEY_OK);                           \
        CHECK_INT(v_, cents);                               \
    } while (0)

#define FAILS(text, loc, status)                            \
    do {                                                    \
        money_status st_;                                   \
        parse(text, loc, &st_);                             \
        CHECK_INT(st_, status);                             \
    } while (0)

static void dutch_notations(void)
{
    PARSES("1.219.092", NUMLOC_NL, 121909200);
    PARSES("€ 1.219.092,50", NUMLOC_NL, 121909250);
    PARSES("€1.219.092,50", NUMLOC_AUTO, 121909250);
    PARSES("1219092,50", NUMLOC_NL, 121909250);
    PARSES("-1.000", NUMLOC_NL, -100000);
    PARSES("(1.000)", NUMLOC_NL, -100000);
    PARSES("€ -1.000", NUMLOC_NL, -100000);
    PARSES("- € 1.000", NUMLOC_NL, -100000);
    PARSES("12,-", NUMLOC_NL, 1200);
    PARSES("\xC2\xA0" "605.000 ", NUMLOC_NL, 60500000);
    PARSES("1 219 092", NUMLOC_NL, 121909200);
    PARSES("12,5", NUMLOC_AUTO, 1250);
    PARSES("0,01", NUMLOC_NL, 1);
    PARSES("\xE2\x88\x92" "250", NUMLOC_NL, -25000);
}

static void english_notations(void)
{
    PARSES("1219092.50", NUMLOC_AUTO, 121909250);
    PARSES("1,219,092.50", NUMLOC_AUTO, 121909250);
    PARSES("€1,219,092.50", NUMLOC_EN, 121909250);
    PARSES("1,234", NUMLOC_EN, 123400);
    PARSES("1.23", NUMLOC_EN, 123);
    FAILS("1.234", NUMLOC_EN, MONEY_PRECISION);
    FAILS("1.2345", NUMLOC_EN, MONEY_PRECISION);
}

static void shorthand(void)
{
    PARSES("k€ 465", NUMLOC_NL, 46500000);
    PARSES("€65k", NUMLOC_NL, 6500000);
    PARSES("EUR 12.000", NUMLOC_NL, 1200000);
    PARSES("1,2 mln", NUMLOC_NL, 120000000);
}

static void ambiguity(void)
{
    int64_t c;
    money_parse_result r = money_parse("1.234", NUMLOC_AUTO, &c);
    CHECK(r.ambiguous);
    CHECK_INT(c, 123400);
    r = money_parse("1.234", NUMLOC_NL, &c);
    CHECK(!r.ambiguous);
    CHECK_INT(c, 123400);
    r = money_parse("1,234", NUMLOC_NL, &c);
    CHECK_INT(r.status, MONEY_PRECISION);
}

static void errors(void)
{
    FAILS("", NUMLOC_NL, MONEY_EMPTY);
    FAILS("   ", NUMLOC_NL, MONEY_EMPTY);
    FAILS("12,5O", NUMLOC_NL, MONEY_SYNTAX);
    FAILS("abc", NUMLOC_NL, MONEY_SYNTAX);
    FAILS("1.2.3", NUMLOC_NL, MONEY_SYNTAX);
    FAILS("1,23,456", NUMLOC_NL, MONEY_SYNTAX);
    FAILS("99999999999999999999999", NUMLOC_NL, MONEY_OVERFLOW);
    FAILS("1.000.000.000.001", NUMLOC_NL, MONEY_OVERFLOW); /* above one trillion euro */
    FAILS("NaN", NUMLOC_NL, MONEY_SYNTAX);
    FAILS("1e308", NUMLOC_NL, MONEY_SYNTAX);
    FAILS("€", NUMLOC_NL, MONEY_SYNTAX);
}

static void machine_decimals(void)
{
    int64_t c;
    CHECK_INT(money_parse_machine("1219092.5", &c).status, MONEY_OK);
    CHECK_INT(c, 121909250);
    money_parse_machine("0.105", &c);
    CHECK_INT(c, 11); /* half away from zero */
    money_parse_machine("-0.105", &c);
    CHECK_INT(c, -11);
    money_parse_machine("1.5E3", &c);
    CHECK_INT(c, 150000);
    money_parse_machine("2.9999999999999996", &c);
    CHECK_INT(c, 300);
    CHECK_INT(money_parse_machine("1e308", &c).status, MONEY_OVERFLOW);
    CHECK_INT(money_parse_machine("1e-308", &c).status, MONEY_OK);
    CHECK_INT(c, 0);
    CHECK_INT(money_parse_machine("NaN", &c).status, MONEY_SYNTAX);
    CHECK_INT(money_parse_machine("inf", &c).status, MONEY_SYNTAX);
}

static void weights(void)
{
    int64_t w;
    CHECK_INT(decimal_parse_scaled("33,33", 4, &w).status, MONEY_OK);
    CHECK_INT(w, 333300);
    CHECK_INT(decimal_parse_scaled("100", 4, &w).status, MONEY_OK);
    CHECK_INT(w, 1000000);
    CHECK_INT(decimal_parse_scaled("12.5%", 4, &w).status, MONEY_OK);
    CHECK_INT(w, 125000);
    CHECK_INT(decimal_parse_scaled("33,333333", 4, &w).status, MONEY_PRECISION);
    CHECK_INT(decimal_parse_scaled("-5", 4, &w).status, MONEY_OK);
    CHECK_INT(w, -50000);
    CHECK_INT(decimal_parse_scaled("1.000,5", 4, &w).status, MONEY_SYNTAX);
}

static void formatting(void)
{
    char b[64];
    CHECK_STR(money_format(122400000, MONEY_FMT_NL, MONEY_WHOLE, b, sizeof b), "€ 1.224.000");
    CHECK_STR(money_format(121909250, MONEY_FMT_NL, MONEY_WHOLE, b, sizeof b), "€ 1.219.092,50");
    CHECK_STR(money_format(121909250, MONEY_FMT_EN, MONEY_WHOLE, b, sizeof b), "€1,219,092.50");
    CHECK_STR(money_format(-100000, MONEY_FMT_NL, MONEY_WHOLE, b, sizeof b), "€ \xE2\x88\x92" "1.000");
    CHECK_STR(money_format(-100000, MONEY_FMT_EN, MONEY_WHOLE, b, sizeof b), "\xE2\x88\x92" "€1,000");
    CHECK_STR(money_format(5, MONEY_FMT_NL, MONEY_CENTS, b, sizeof b), "€ 0,05");
    CHECK_STR(money_format(0, MONEY_FMT_NL, MONEY_WHOLE, b, sizeof b), "€ 0");
    CHECK_STR(money_format(INT64_MIN, MONEY_FMT_NL, MONEY_CENTS | MONEY_NO_SYMBOL, b, sizeof b),
              "\xE2\x88\x92" "92.233.720.368.547.758,08");
    CHECK_STR(money_format_compact(120000000, MONEY_FMT_NL, b, sizeof b), "€ 1,2 mln");
    CHECK_STR(money_format_compact(120000000, MONEY_FMT_EN, b, sizeof b), "€1.2m");
    CHECK_STR(money_format_compact(25000000, MONEY_FMT_NL, b, sizeof b), "€ 250.000");
    CHECK_STR(money_format_compact(25000000, MONEY_FMT_EN, b, sizeof b), "€250k");
    CHECK_STR(money_format_compact(100000000, MONEY_FMT_NL, b, sizeof b), "€ 1 mln");
    CHECK_STR(percent_format(227, 1000, MONEY_FMT_NL, b, sizeof b), "22,7%");
    CHECK_STR(percent_format(1, 3, MONEY_FMT_EN, b, sizeof b), "33.3%");
    CHECK_STR(percent_format(-1, 3, MONEY_FMT_NL, b, sizeof b), "\xE2\x88\x92" "33,3%");
    CHECK_STR(percent_format(5, 0, MONEY_FMT_NL, b, sizeof b), "\xE2\x80\x93");
    CHECK_STR(int_format(31500, MONEY_FMT_NL, b, sizeof b), "31.500");
}

/* Formatting then parsing gives the same cents, for many values. */
static void round_trip(void)
{
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        int64_t v = (int64_t)(x % 20000000000000ULL) - 10000000000000LL;
        char b[64];
        int64_t back;
        money_format(v, MONEY_FMT_NL, MONEY_CENTS, b, sizeof b);
        CHECK_INT(money_parse(b, NUMLOC_NL, &back).status, MONEY_OK);
        CHECK_INT(back, v);
        money_format(v, MONEY_FMT_EN, MONEY_CENTS, b, sizeof b);
        CHECK_INT(money_parse(b, NUMLOC_EN, &back).status, MONEY_OK);
        CHECK_INT(back, v);
        if (unit_failed_checks) break;
    }
}

static void checked_add(void)
{
    int64_t acc = INT64_MAX - 1;
    CHECK(money_add(&acc, 1));
    CHECK(!money_add(&acc, 1));
    CHECK_INT(acc, INT64_MAX);
}

UNIT_MAIN("money", T(dutch_notations), T(english_notations), T(shorthand), T(ambiguity), T(errors),
          T(machine_decimals), T(weights), T(formatting), T(round_trip), T(checked_add))
