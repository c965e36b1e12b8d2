// index2ip: a CNI IPAM plugin that gives a pod the host's address plus the
// pod's index. See README.md; all the work is in the libraries.
#include "index2ip/process_io.h"

int main() { return index2ip::RunProcess(); }
