/* SPDX-License-Identifier: ISC */
/* timeit: wall and CPU time and peak RSS of a command, in microseconds. */

/*
 *   timeit OUTFILE command [arg ...]
 *
 * Runs the command and writes one line to OUTFILE:
 *
 *   WALL-SECONDS USER-SECONDS SYSTEM-SECONDS MAX-RSS-KB
 *
 * with microsecond resolution (wait4(2) and CLOCK_MONOTONIC), where
 * time(1) prints hundredths.  CPU time covers every process the command
 * waited for; the RSS is the largest of any one of them.  Exits with the
 * command's status (128 + signal if it was killed).
 */

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double
seconds(struct timeval tv)
{
	return tv.tv_sec + tv.tv_usec / 1e6;
}

int
main(int argc, char *argv[])
{
	struct rusage	 ru;
	struct timespec	 t0, t1;
	FILE		*fp;
	pid_t		 pid;
	int		 status;

	if (argc < 3) {
		fprintf(stderr, "usage: timeit outfile command [arg ...]\n");
		return 2;
	}
	if ((fp = fopen(argv[1], "w")) == NULL)
		err(2, "%s", argv[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == -1)
		err(2, "fork");
	if (pid == 0) {
		fclose(fp);
		execvp(argv[2], argv + 2);
		err(127, "%s", argv[2]);
	}
	if (wait4(pid, &status, 0, &ru) == -1)
		err(2, "wait4");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(fp, "%.6f %.6f %.6f %ld\n", (t1.tv_sec - t0.tv_sec) +
	    (t1.tv_nsec - t0.tv_nsec) / 1e9, seconds(ru.ru_utime),
	    seconds(ru.ru_stime), ru.ru_maxrss);
	if (fclose(fp) == EOF)
		err(2, "%s", argv[1]);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
