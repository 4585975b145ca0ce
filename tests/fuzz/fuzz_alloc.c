/* Fuzz target: alloc_weights. Invariants: the parts sum to the whole, every part has the sign of
 * the whole (or is 0), a weight of 0 gets nothing, and the same input gives the same parts.
 * Input: 8 bytes of cents, then up to 64 weights of 4 bytes. */
#include "allocate.h"
#include "fuzz.h"

FUZZ_TARGET(alloc)
{
    if (size < 8) return 0;
    int64_t cents;
    memcpy(&cents, data, 8);
    int n = (int)((size - 8) / 4);
    if (n > 64) n = 64;
    int64_t weights[64] = { 0 }, parts[64] = { 0 }, again[64] = { 0 };
    for (int i = 0; i < n; i++) {
        int32_t w;
        memcpy(&w, data + 8 + 4 * i, 4);
        weights[i] = w; /* negative weights count as 0 */
    }
    bool ok = alloc_weights(cents, weights, n, parts);
    int64_t wsum = 0;
    for (int i = 0; i < n; i++) wsum += weights[i] > 0 ? weights[i] : 0;
    /* every amount works except INT64_MIN, whose negation does not fit */
    FUZZ_ASSERT(ok == (wsum > 0 && cents != INT64_MIN));
    if (!ok) return 0;
    __int128 sum = 0;
    for (int i = 0; i < n; i++) {
        sum += parts[i];
        FUZZ_ASSERT(cents >= 0 ? parts[i] >= 0 : parts[i] <= 0);
        if (weights[i] <= 0) FUZZ_ASSERT(parts[i] == 0);
    }
    FUZZ_ASSERT(sum == cents);
    FUZZ_ASSERT(alloc_weights(cents, weights, n, again));
    FUZZ_ASSERT(memcmp(parts, again, (size_t)n * sizeof *parts) == 0);
    /* the split of -x is the negation of the split of x */
    FUZZ_ASSERT(alloc_weights(-cents, weights, n, again));
    for (int i = 0; i < n; i++) FUZZ_ASSERT(again[i] == -parts[i]);
    return 0;
}
