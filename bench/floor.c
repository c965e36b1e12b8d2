// The floor for //bench:compare: the least a CNI plugin process can do. It
// reads its stdin to the end and writes a fixed ADD result, with nothing but
// read(2) and write(2) after the C library's own start-up. Linked statically,
// as the plugin is, so the two differ only in what they do, not in how they
// are loaded.
#include <errno.h>
#include <unistd.h>

static const char kResult[] =
    "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"4.14.159.117/26\","
    "\"gateway\":\"4.14.159.65\"},{\"address\":\"2001:1900:2100:2d::117/64\","
    "\"gateway\":\"2001:1900:2100:2d::1\"}],\"routes\":[{\"dst\":\"0.0.0.0/0\","
    "\"gw\":\"4.14.159.65\"},{\"dst\":\"::/"
    "0\",\"gw\":\"2001:1900:2100:2d::1\"}],"
    "\"dns\":{\"nameservers\":[\"8.8.8.8\",\"8.8.4.4\","
    "\"2001:4860:4860::8888\",\"2001:4860:4860::8844\"]}}\n";

int main(void) {
  char buffer[4096];
  for (;;) {
    ssize_t n = read(0, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
  }
  const char* p = kResult;
  size_t left = sizeof kResult - 1;
  while (left > 0) {
    ssize_t n = write(1, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    p += n;
    left -= (size_t)n;
  }
  return 0;
}
