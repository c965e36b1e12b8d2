// index2ip: a CNI IPAM plugin that gives a pod the host's address plus the
// pod's index. See README.md; all the work is in the libraries (cli.h).
#include "index2ip/build_version.h"
#include "index2ip/process_io.h"

int main(int argc, char** argv) {
  return index2ip::RunMain(argc, argv, index2ip::BuildVersion());
}
