// The floor for a plugin that keeps claims, a row of //bench:compare: the
// least a stateful plugin process can do, as //bench:floor is for one that
// keeps none. It reads its stdin to the end; ADD then takes the flock of a
// store directory (made on first use), reads the boot id, publishes two
// small claim files (written under a temporary name, renamed into place,
// no fsync) and writes a fixed result; DEL takes the lock and removes them;
// other commands write the result. Static, as the plugin is. Its store is
// $INDEX2IP_DATA_DIR_FOR_TESTING (compare gives it one of its own).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static const char kResult[] =
    "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"4.14.159.117/26\","
    "\"gateway\":\"4.14.159.65\"},{\"address\":\"2001:1900:2100:2d::117/64\","
    "\"gateway\":\"2001:1900:2100:2d::1\"}],\"routes\":[{\"dst\":\"0.0.0.0/0\","
    "\"gw\":\"4.14.159.65\"},{\"dst\":\"::/"
    "0\",\"gw\":\"2001:1900:2100:2d::1\"}],"
    "\"dns\":{\"nameservers\":[\"8.8.8.8\",\"8.8.4.4\","
    "\"2001:4860:4860::8888\",\"2001:4860:4860::8844\"]}}\n";
static const char* const kClaims[] = {"4.14.159.117", "2001:1900:2100:2d::117"};

static int WriteAll(int fd, const char* p, size_t left) {
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    p += n;
    left -= (size_t)n;
  }
  return 0;
}

// One claim: "<address> <boot id> bench0 net1\n", published whole.
static int Publish(int dir, const char* address, const char* boot) {
  char text[256], temp[64];
  const int len =
      snprintf(text, sizeof text, "%s %s bench0 net1\n", address, boot);
  snprintf(temp, sizeof temp, ".tmp.%s", address);
  const int fd =
      openat(dir, temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  const int written = WriteAll(fd, text, (size_t)len);
  close(fd);
  return written == 0 && renameat(dir, temp, dir, address) == 0 ? 0 : -1;
}

int main(void) {
  char buffer[4096];
  for (;;) {
    ssize_t n = read(0, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0 && errno != EINTR) return 1;
  }
  const char* command = getenv("CNI_COMMAND");
  const char* path = getenv("INDEX2IP_DATA_DIR_FOR_TESTING");
  const int add = command != NULL && strcmp(command, "ADD") == 0;
  const int del = command != NULL && strcmp(command, "DEL") == 0;
  if ((add || del) && path != NULL) {
    int dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0 && add && mkdir(path, 0700) == 0) {
      dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
    if (dir >= 0 && flock(dir, LOCK_EX) == 0) {
      if (add) {
        char boot[64] = "";
        const int fd =
            open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
        const ssize_t got = fd < 0 ? -1 : read(fd, boot, sizeof boot - 1);
        if (fd >= 0) close(fd);
        if (got > 0) boot[got - 1] = '\0';  // its newline
        for (int i = 0; i < 2; ++i) {
          if (Publish(dir, kClaims[i], boot) != 0) return 1;
        }
      } else {
        for (int i = 0; i < 2; ++i) unlinkat(dir, kClaims[i], 0);
      }
    }
    if (dir >= 0) close(dir);  // releases the lock
    if (del) return 0;
  }
  return WriteAll(1, kResult, sizeof kResult - 1) == 0 ? 0 : 1;
}
