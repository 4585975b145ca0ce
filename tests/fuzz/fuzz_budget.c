/* Fuzz target: the budget file of a valid job, checked end to end (see fuzz_load.h). */
#include "fuzz_load.h"

FUZZ_TARGET(budget)
{
    return fuzz_load_run(FUZZ_BUDGET, data, size);
}
