"""The two kinds of test here: of the built plugin alone, and in namespaces.

    load(":e2e.bzl", "plugin_test")
    plugin_test(name = "conformance_test")                 # conformance_test.py
    plugin_test(name = "macvlan_test", namespaces = True)  # root, netns, veth
"""

# Namespace tests talk to the kernel and to Debian's binaries, so:
#   local:    outside the sandbox, which would hide /var/run/netns and
#             network namespaces (and root);
#   external: never cached, since what they test is outside Bazel's view;
#   e2e:      --test_tag_filters=-e2e leaves them out.
# Without root, the binaries or the kernel's links they FAIL, saying which.
_NAMESPACE_TAGS = [
    "e2e",
    "external",
    "local",
]

def plugin_test(name, namespaces = False, size = "medium", deps = [], tags = [], **kwargs):
    """A py_test of `name`.py that runs the built plugin through plugin_runner.

    Args:
      name: the test; its source is `name`.py.
      namespaces: it makes network namespaces and needs root.
      size: Bazel's test size.
      deps: more than :plugin_runner.
      tags: more than the namespace tags.
      **kwargs: the rest of py_test's attributes (args, ...).
    """
    native.py_test(
        name = name,
        size = size,
        srcs = [name + ".py"],
        python_version = "PY3",
        srcs_version = "PY3",
        tags = tags + (_NAMESPACE_TAGS if namespaces else []),
        deps = deps + [":plugin_runner"],
        **kwargs
    )
