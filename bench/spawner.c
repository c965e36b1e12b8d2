// The process that starts the programs //bench:compare times.
//
// compare does not start them itself because a child's peak RSS, as wait4(2)
// reports it, is at least its parent's: posix_spawn's child runs on the
// parent's memory until it execs, and the kernel carries that memory's
// high-water mark over into the child's ru_maxrss (so does fork's). compare
// is a C++ program with protobuf in it, several MiB; this spawner is a small
// static C program, so the RSS it reports for a child is the child's own
// down to the spawner's own peak, which it reports alongside (VmHWM: its own
// ru_maxrss carries compare's, by the same rule).
//
// Protocol, on stdin and stdout (pipes from compare): a request is a list of
// NUL-terminated strings: the program's path, the file to give it as stdin,
// then its environment entries, ended by an empty string. The program runs
// with no arguments, stdout and stderr on /dev/null. The reply is one line:
//
//   <wait status> <nanoseconds from posix_spawn to wait4> <child ru_maxrss KiB>
//   <child ru_minflt> <own VmHWM KiB>
//
// or "error <errno>" when posix_spawn failed. EOF on stdin ends the spawner.
//
// One-shot mode, for the e2e suites' meter (e2e/plugin_runner.py):
//
//   spawner --exec REPORT_FILE PROGRAM [ARG...]
//
// runs PROGRAM as its child with this process's stdin, stdout, stderr and
// environment, writes "MAXRSS_KIB UTIME_US STIME_US\n" of the child to
// REPORT_FILE, and exits with the child's exit status, or 128 + N when signal
// N ended it (as a shell reports it); 125 (and a line on stderr) when the
// spawner itself failed. Same reason as above: forked from a Python test, a
// child's ru_maxrss starts at the interpreter's ~14 MiB.
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { kMaxRequest = 1 << 16, kMaxFields = 64 };

// Requests as read from stdin; `used` bytes of it are held. Plain read(2)
// and write(2), no stdio streams: every page this process touches raises the
// floor under the RSS it reports.
static char request[kMaxRequest];
static size_t used;

// Waits for one whole request and points `fields` at its strings, with a
// NULL after the last. Returns the number of fields and sets `*consumed` to
// the request's length; returns 0 at EOF, -1 when the request is malformed,
// too large, or cut short by EOF.
static int ReadRequest(char* fields[kMaxFields + 1], size_t* consumed) {
  size_t scanned = 0;
  size_t start = 0;
  int count = 0;
  for (;;) {
    for (; scanned < used; ++scanned) {
      if (request[scanned] != '\0') continue;
      if (scanned == start) {  // the empty string: end of request
        fields[count] = NULL;
        *consumed = scanned + 1;
        return count;
      }
      if (count == kMaxFields) return -1;
      fields[count++] = &request[start];
      start = scanned + 1;
    }
    if (used == sizeof request) return -1;
    ssize_t n = read(0, request + used, sizeof request - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) return used == 0 ? 0 : -1;
    used += (size_t)n;
  }
}

static void Reply(const char* line, int length) {
  while (length > 0) {
    ssize_t n = write(1, line, (size_t)length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(1);  // compare went away
    line += n;
    length -= (int)n;
  }
}

// This process's own peak RSS in KiB (VmHWM in /proc/self/status), or -1.
static long OwnPeakKib(void) {
  static char status[4096];
  int fd = open("/proc/self/status", O_RDONLY);
  if (fd < 0) return -1;
  ssize_t n = read(fd, status, sizeof status - 1);
  close(fd);
  if (n <= 0) return -1;
  status[n] = '\0';
  const char* line = strstr(status, "\nVmHWM:");
  return line == NULL ? -1 : strtol(line + 7, NULL, 10);
}

static long long Nanoseconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long Micros(struct timeval tv) {
  return tv.tv_sec * 1000000L + tv.tv_usec;
}

static int ExecOnce(int argc, char** argv) {
  enum { kSelfFailed = 125 };
  if (argc < 4) {
    fprintf(stderr, "usage: spawner --exec REPORT_FILE PROGRAM [ARG...]\n");
    return kSelfFailed;
  }
  extern char** environ;
  pid_t pid;
  const int err = posix_spawn(&pid, argv[3], NULL, NULL, &argv[3], environ);
  if (err != 0) {
    fprintf(stderr, "spawner: exec %s: %s\n", argv[3], strerror(err));
    return kSelfFailed;
  }
  int status = 0;
  struct rusage usage;
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "spawner: wait4: %s\n", strerror(errno));
      return kSelfFailed;
    }
  }
  FILE* report = fopen(argv[2], "w");
  if (report == NULL ||
      fprintf(report, "%ld %ld %ld\n", usage.ru_maxrss, Micros(usage.ru_utime),
              Micros(usage.ru_stime)) < 0 ||
      fclose(report) != 0) {
    fprintf(stderr, "spawner: cannot write %s\n", argv[2]);
    return kSelfFailed;
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

int main(int argc, char** args) {
  if (argc > 1 && strcmp(args[1], "--exec") == 0) return ExecOnce(argc, args);
  char* fields[kMaxFields + 1];
  char line[128];
  size_t consumed;
  int n;
  while ((n = ReadRequest(fields, &consumed)) > 0) {
    if (n < 2) {
      Reply(line, snprintf(line, sizeof line, "error %d\n", EINVAL));
    } else {
      char* argv[] = {fields[0], NULL};
      char** envp = &fields[2];

      posix_spawn_file_actions_t actions;
      posix_spawn_file_actions_init(&actions);
      posix_spawn_file_actions_addopen(&actions, 0, fields[1], O_RDONLY, 0);
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
      posix_spawn_file_actions_adddup2(&actions, 1, 2);

      const long long start = Nanoseconds();
      pid_t pid;
      int err = posix_spawn(&pid, fields[0], &actions, NULL, argv, envp);
      int status = 0;
      struct rusage child;
      if (err == 0) {
        while (wait4(pid, &status, 0, &child) < 0) {
          if (errno != EINTR) {
            err = errno;
            break;
          }
        }
      }
      const long long elapsed = Nanoseconds() - start;
      posix_spawn_file_actions_destroy(&actions);

      if (err != 0) {
        Reply(line, snprintf(line, sizeof line, "error %d\n", err));
      } else {
        Reply(line, snprintf(line, sizeof line, "%d %lld %ld %ld %ld\n", status,
                             elapsed, child.ru_maxrss, child.ru_minflt,
                             OwnPeakKib()));
      }
    }
    memmove(request, request + consumed, used - consumed);
    used -= consumed;
  }
  return n < 0 ? 1 : 0;
}
