/* Command line: parses arguments and dispatches to build, check, batch, aggregate, template. */
#include "aggregate.h"
#include "batch.h"
#include "build.h"
#include "fonts.h"
#include "template.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kaderrapport build JOB.ini [-o OUTDIR] [--timings] [-v]\n"
            "       kaderrapport check JOB.ini [-v]\n"
            "       kaderrapport batch DIR|MANIFEST [-j N] [-o OUTDIR] [-q] [--changed-only] [--shard I/N]\n"
            "       kaderrapport aggregate APPENDIX.xlsx... | DIR -o OUTDIR\n"
            "       kaderrapport template -o invulsjabloon.xlsx\n"
            "       kaderrapport version\n");
}

static int cmd_build(int argc, char **argv, bool check_only)
{
    build_options opt = { .check_only = check_only };
    const char *job = NULL;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--timings")) opt.timings = true;
        else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) opt.verbose = true;
        else if (!strcmp(argv[i], "-o") && i + 1 < argc) opt.out_dir_override = argv[++i];
        else if (argv[i][0] == '-' || job) { usage(stderr); return KR_EXIT_USAGE; }
        else job = argv[i];
    }
    if (!job) { usage(stderr); return KR_EXIT_USAGE; }
    diag_list d;
    diag_init(&d);
    build_result res;
    int rc = build_run(job, &opt, &d, &res);
    diag_print(&d, stderr, opt.verbose);
    if (rc == KR_EXIT_OK && !check_only) {
        printf("%s\n%s\n", res.pdf_path, res.xlsx_path);
    } else if (rc == KR_EXIT_OK) {
        fprintf(stderr, "%s: ok (%d warning%s)\n", job, d.warnings, d.warnings == 1 ? "" : "s");
    } else {
        fprintf(stderr, "%s: %d error%s, %d warning%s; nothing was written\n", job, d.errors, d.errors == 1 ? "" : "s",
                d.warnings, d.warnings == 1 ? "" : "s");
    }
    diag_free(&d);
    kr_fonts_shutdown();
    return rc;
}

int main(int argc, char **argv)
{
    /* Numbers are formatted by our own code; keep the C library's numeric locale neutral. */
    setlocale(LC_ALL, "C.UTF-8");
    setlocale(LC_NUMERIC, "C");
    if (argc < 2) { usage(stderr); return KR_EXIT_USAGE; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "build")) return cmd_build(argc, argv, false);
    if (!strcmp(cmd, "check")) return cmd_build(argc, argv, true);
    if (!strcmp(cmd, "template")) return template_main(argc - 1, argv + 1);
    if (!strcmp(cmd, "batch")) return batch_main(argc - 1, argv + 1);
    if (!strcmp(cmd, "aggregate")) return aggregate_main(argc - 1, argv + 1);
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) { printf("kaderrapport %s\n", KR_VERSION); return 0; }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) { usage(stdout); return 0; }
    fprintf(stderr, "kaderrapport: unknown command %s\n", cmd);
    usage(stderr);
    return KR_EXIT_USAGE;
}
