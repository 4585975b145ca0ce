/* A very small unit-test harness: each TEST prints "PASS name" or "FAIL name" (with the failed
 * checks above it); tests/run.sh counts those lines. */
#ifndef KR_UNIT_H
#define KR_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_failed_checks;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            unit_failed_checks++;                                                     \
        }                                                                             \
    } while (0)

#define CHECK_STR(a, b)                                                                          \
    do {                                                                                         \
        const char *a_ = (a), *b_ = (b);                                                         \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                                 \
            fprintf(stderr, "  %s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, a_ ? a_ : "(null)", \
                    b_ ? b_ : "(null)");                                                         \
            unit_failed_checks++;                                                                \
        }                                                                                        \
    } while (0)

#define CHECK_INT(a, b)                                                                       \
    do {                                                                                      \
        long long a_ = (long long)(a), b_ = (long long)(b);                                   \
        if (a_ != b_) {                                                                       \
            fprintf(stderr, "  %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, a_, b_); \
            unit_failed_checks++;                                                             \
        }                                                                                     \
    } while (0)

typedef struct unit_test {
    const char *name;
    void (*fn)(void);
} unit_test;

/* Runs every test in the table (or only the one named by UNIT_ONLY, for profiling); returns the
 * process exit code. */
static inline int unit_run(const char *suite, const unit_test *tests, int n)
{
    int failed = 0;
    const char *only = getenv("UNIT_ONLY");
    for (int i = 0; i < n; i++) {
        if (only && strcmp(only, tests[i].name) != 0) continue;
        int before = unit_failed_checks;
        tests[i].fn();
        int ok = unit_failed_checks == before;
        printf("%s %s.%s\n", ok ? "PASS" : "FAIL", suite, tests[i].name);
        fflush(stdout);
        failed += !ok;
    }
    return failed ? 1 : 0;
}

#define UNIT_MAIN(suite, ...)                                              \
    int main(void)                                                         \
    {                                                                      \
        static const unit_test tests_[] = { __VA_ARGS__ };                 \
        return unit_run(suite, tests_, (int)(sizeof tests_ / sizeof *tests_)); \
    }
#define T(fn) { #fn, fn }

#endif
