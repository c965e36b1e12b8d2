"""Fuzz targets: one declaration, two uses.

As Envoy's envoy_cc_fuzz_test (envoyproxy/envoy: bazel/envoy_test.bzl,
test/fuzz/main.cc), one declaration

    index2ip_cc_fuzz_test(
        name = "netconf_fuzzer",
        srcs = ["netconf_fuzzer.cc"],
        deps = ["//cni:codec"],
    )

makes

  :netconf_fuzzer              the fuzzer binary. Under --config=fuzz it links
                               libFuzzer (-fsanitize=fuzzer); under any other
                               config it links fuzz/standalone_main.cc, which
                               runs the inputs named on its command line once
                               each. So `bazel build //...` builds it with gcc
                               too (no "manual" tag, nothing to forget), and
                               `bazel run //fuzz:netconf_fuzzer -- FILE`
                               reproduces a finding without clang;
  :netconf_fuzzer_replay_test  a cc_test (size small) that runs every file of
                               the seed corpus testdata/fuzz/netconf_fuzzer/
                               and of the regressions
                               testdata/fuzz/regressions/netconf_fuzzer/
                               through the same LLVMFuzzerTestOneInput, each
                               as its own GoogleTest case named after the
                               file (fuzz/replay_main.cc). Plain
                               `bazel test //...` runs it.

The corpus and regressions reach the test as the filegroup
//testdata/fuzz:<name> (made by index2ip_fuzz_corpora() in
testdata/fuzz/BUILD.bazel), passed as $(rootpaths ...). The dictionary
fuzz/<name>.dict, when present, is data of the fuzzer binary; tools/fuzz.sh
passes it to libFuzzer with -dict=.
"""

load("//tools:copts.bzl", "INDEX2IP_TEST_COPTS")

def index2ip_cc_fuzz_test(
        name,
        srcs,
        deps = [],
        corpus = None,
        dict = None,
        size = "small",
        tags = []):
    """A libFuzzer target `name` and its corpus replay test.

    Args:
      name: `<something>_fuzzer`, the OSS-Fuzz naming.
      srcs: the sources defining LLVMFuzzerTestOneInput.
      deps: what the sources include.
      corpus: the files to replay; default //testdata/fuzz:<name>, the seed
        corpus and the crash regressions.
      dict: the libFuzzer dictionary; default none.
      size: the replay test's size.
      tags: added to both the binary and the test.
    """
    if not name.endswith("_fuzzer"):
        fail("fuzz target names end in _fuzzer (OSS-Fuzz naming), got " + name)
    if corpus == None:
        corpus = "//testdata/fuzz:" + name

    # Two targets, each compiling the target's few sources itself: no
    # library between them to keep apart. testonly: targets may use test
    # helpers (cni/protobuf_json.h, protobuf's own JSON mapping as the
    # oracle); nothing ships a fuzzer.
    native.cc_binary(
        name = name,
        testonly = True,
        srcs = srcs,
        copts = INDEX2IP_TEST_COPTS,
        data = [dict] if dict else [],
        linkopts = select({
            "//tools:fuzzing": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        deps = deps + ["//fuzz:fuzz_check"] + select({
            "//tools:fuzzing": [],
            "//conditions:default": ["//fuzz:standalone_main"],
        }),
        tags = tags,
        visibility = ["//visibility:private"],
    )

    native.cc_test(
        name = name + "_replay_test",
        size = size,
        srcs = srcs,
        copts = INDEX2IP_TEST_COPTS,
        args = ["$(rootpaths %s)" % corpus],
        data = [corpus],
        deps = deps + [
            "//fuzz:fuzz_check",
            "//fuzz:replay_main",
        ],
        tags = tags,
    )

def index2ip_fuzz_corpora():
    """In testdata/fuzz/BUILD.bazel: one filegroup per fuzz target.

    Filegroup <name> holds <name>/** (the seed corpus, which tools/fuzz.sh
    --merge grows) and regressions/<name>/** (inputs that once failed; kept
    apart so a minimizing merge never drops them). A new target needs only
    its directory.
    """
    groups = {}
    for path in native.glob(["**"], exclude = ["BUILD.bazel", "README.md"]):
        parts = path.split("/")
        if len(parts) < 2 or (parts[0] == "regressions" and len(parts) < 3):
            fail("testdata/fuzz: %s is not in a target's directory" % path)
        target = parts[1] if parts[0] == "regressions" else parts[0]
        groups.setdefault(target, []).append(path)
    for target, files in sorted(groups.items()):
        native.filegroup(
            name = target,
            srcs = sorted(files),
            visibility = ["//fuzz:__pkg__"],
        )
