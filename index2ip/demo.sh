#!/bin/bash
# Runs the plugin's ADD the way a main plugin (macvlan, ipvlan) would: the
# network config on stdin, the CNI variables in the environment, and the
# bundled M-Lab host command line in place of /proc/cmdline.
set -euo pipefail
cmdline_file="testdata/cmdlines/mlab4_lga0t.txt"
config_file="testdata/configs/macvlan_ipam_index.json"
echo "host command line: $(grep -o 'epoxy.ipv[46]=[^ ]*' "$cmdline_file" | tr '\n' ' ')"
echo "network config:    $(tr -d ' \n' < "$config_file")"
echo "result:"
# The demo's claims go to a directory of its own, not /run/index2ip.
data_dir=$(mktemp -d /tmp/index2ip-demo.XXXXXX)
trap 'rm -rf "$data_dir"' EXIT
CNI_COMMAND=ADD CNI_CONTAINERID=demo CNI_NETNS=/var/run/netns/demo \
  CNI_IFNAME=net1 CNI_PATH=/opt/cni/bin INDEX2IP_DATA_DIR_FOR_TESTING="$data_dir" \
  PROC_CMDLINE_FOR_TESTING="$(cat "$cmdline_file")" \
  index2ip/plugin < "$config_file"
