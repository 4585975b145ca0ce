/* Fuzz target: the mapping file of a valid job, checked end to end (see fuzz_load.h). */
#include "fuzz_load.h"

FUZZ_TARGET(mapping)
{
    return fuzz_load_run(FUZZ_MAPPING, data, size);
}
