"""Compiler flags for this project's own code (never for third_party/).

One list so every package warns the same way; -Werror keeps main warning-free.
"""

INDEX2IP_COPTS = [
    "-Wall",
    "-Wextra",
    "-Werror",
    "-Wshadow",
    "-Wnon-virtual-dtor",
    "-Wformat=2",
]

# GoogleTest's macros trip -Wshadow in parameterised tests; tests keep the rest.
INDEX2IP_TEST_COPTS = [c for c in INDEX2IP_COPTS if c != "-Wshadow"]
