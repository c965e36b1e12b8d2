// //bench:step_trace: the instruction addresses one run of a program
// executes, in order, as hex lines on stdout; bench/link_order.py turns
// them into the plugin's link order.
//
//   step_trace PROGRAM [ARGS...] < stdin > addresses
//
// Why single-stepping rather than valgrind: the order must be the one this
// CPU executes. glibc picks its string functions (memcpy, strlen, ...) and
// its cache-size probe by the CPU's features and vendor at start-up, and
// valgrind presents a CPU of its own, so a trace under valgrind names
// functions a real run never calls and misses the ones it does.
//
// The traced program keeps this process's stdin, stderr and environment;
// its stdout goes to /dev/null so that stdout carries only addresses.
// Exits with the program's exit status, or 1 if it could not be traced.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: step_trace PROGRAM [ARGS...]\n");
    return 1;
  }
  fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) {
    perror("step_trace: fork");
    return 1;
  }
  if (pid == 0) {
    const int devnull = open("/dev/null", O_WRONLY);
    if (devnull < 0 || dup2(devnull, 1) < 0) _exit(127);
    if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0) _exit(127);
    execv(argv[1], argv + 1);
    _exit(127);
  }
  int status;
  // The first stop is the exec; from there, one stop per instruction.
  if (waitpid(pid, &status, 0) < 0 || !WIFSTOPPED(status)) {
    fprintf(stderr, "step_trace: %s did not start\n", argv[1]);
    return 1;
  }
  for (;;) {
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) != 0) {
      fprintf(stderr, "step_trace: PTRACE_GETREGS: %s\n", strerror(errno));
      return 1;
    }
    printf("%llx\n", (unsigned long long)regs.rip);
    if (ptrace(PTRACE_SINGLESTEP, pid, NULL, NULL) != 0) {
      fprintf(stderr, "step_trace: PTRACE_SINGLESTEP: %s\n", strerror(errno));
      return 1;
    }
    if (waitpid(pid, &status, 0) < 0) {
      fprintf(stderr, "step_trace: waitpid: %s\n", strerror(errno));
      return 1;
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) {
      fprintf(stderr, "step_trace: %s died of signal %d\n", argv[1],
              WTERMSIG(status));
      return 1;
    }
  }
}
