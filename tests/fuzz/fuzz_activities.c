/* Fuzz target: the activities file of a valid job, checked end to end (see fuzz_load.h). */
#include "fuzz_load.h"

FUZZ_TARGET(activities)
{
    return fuzz_load_run(FUZZ_ACTIVITIES, data, size);
}
