// rusage_exec: runs a program as its child and reports that child's peak
// resident set size and CPU time; the hostile-input suite's meter.
//
//   rusage_exec REPORT_FILE PROGRAM [ARG...]
//
// The child inherits stdin, stdout, stderr and the environment unchanged.
// When it ends, "MAXRSS_KIB UTIME_US STIME_US\n" is written to REPORT_FILE
// and rusage_exec exits with the child's exit status, or 128 + N when signal
// N ended it (as a shell reports it).
//
// Why a program of its own: ru_maxrss covers a process's whole life, and
// execve(2) folds the old image's high-water mark into it, so a child forked
// from the Python test starts at the interpreter's ~14 MiB (measured: wait4
// on /bin/true from python3 reports 13988 KiB). Forked from this small
// program, the figure is the plugin's own.
//
// Exit status 125 (and a line on stderr): rusage_exec itself failed.

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr int kSelfFailed = 125;

long Micros(const timeval& tv) { return tv.tv_sec * 1000000L + tv.tv_usec; }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: rusage_exec REPORT_FILE PROGRAM [ARG...]\n");
    return kSelfFailed;
  }
  const pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "rusage_exec: fork: %s\n", strerror(errno));
    return kSelfFailed;
  }
  if (pid == 0) {
    execv(argv[2], &argv[2]);
    fprintf(stderr, "rusage_exec: exec %s: %s\n", argv[2], strerror(errno));
    _exit(kSelfFailed);
  }
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "rusage_exec: wait4: %s\n", strerror(errno));
      return kSelfFailed;
    }
  }
  FILE* report = fopen(argv[1], "w");
  if (report == nullptr ||
      fprintf(report, "%ld %ld %ld\n", usage.ru_maxrss, Micros(usage.ru_utime),
              Micros(usage.ru_stime)) < 0 ||
      fclose(report) != 0) {
    fprintf(stderr, "rusage_exec: cannot write %s\n", argv[1]);
    return kSelfFailed;
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}
