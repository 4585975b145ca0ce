/* `kaderrapport batch`: runs many jobs in parallel worker processes, one bad job never stopping
 * the others, with a lock per output directory, a run summary and optional change detection. */
#ifndef KR_BATCH_H
#define KR_BATCH_H

/* Runs the batch command. argv[0] is the subcommand name ("batch"); options and the job
 * directory or manifest follow. Prints its log on stderr and returns the process exit code:
 * 0 all jobs succeeded (or were unchanged), 5 some failed, 2 bad command line or no jobs,
 * 3 an output directory could not be locked or created, 128+signal when interrupted. */
int batch_main(int argc, char **argv);

#endif
