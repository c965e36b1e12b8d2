#!/bin/sh
echo "index2ip: 'bazel coverage' is not supported in this offline workspace (no coverage tools are downloaded)" >&2
exit 1
