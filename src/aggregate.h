/* `kaderrapport aggregate`: reads many standard appendices (render_xlsx's format), checks each one
 * and adds them up into a sector overview workbook. A bad appendix is reported and skipped. */
#ifndef KR_AGGREGATE_H
#define KR_AGGREGATE_H

/* Runs the aggregate command. argv[0] is the subcommand name ("aggregate"); then appendix files
 * and/or directories (every *.xlsx in them, in name order) and `-o OUTDIR`. Prints diagnostics
 * and a summary on stderr, the path of the overview on stdout. Returns the process exit code:
 * 0 every appendix was read, 5 some were skipped (the overview holds the others and lists the
 * skipped ones), 1 no usable appendix (nothing written), 2 bad command line, 3 the overview
 * could not be written. */
int aggregate_main(int argc, char **argv);

#endif
