/* `kaderrapport template -o FILE.xlsx`: the input workbook a controller fills in. A filled
 * template is itself a job: `kaderrapport build FILE.xlsx` reads its Instelling sheet. */
#ifndef KR_TEMPLATE_H
#define KR_TEMPLATE_H

#include "diag.h"

#include <stdbool.h>

/* Writes the template to `path`. Returns false after adding a diagnostic. */
bool template_write(const char *path, diag_list *d);

/* Command-line entry: argv[0] is "template". Returns an exit code. */
int template_main(int argc, char **argv);

#endif
