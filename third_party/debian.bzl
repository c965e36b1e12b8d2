"""Repository rules that wire Debian's -dev packages into the build.

The build is offline: every C++ dependency comes from a Debian package that
tools/bazel installs. `debian_library` checks the installed package version
against the one this project is built and tested against, so a different
version stops the build with a message naming the package instead of failing
later in a compile or link.
"""

def _installed_version(rctx, package):
    res = rctx.execute(["dpkg-query", "-W", "-f=${Version}", package])
    if res.return_code != 0:
        return None
    return res.stdout.strip()

def _debian_library_impl(rctx):
    for package, want in rctx.attr.packages.items():
        have = _installed_version(rctx, package)
        if have == None:
            fail(("Debian package '%s' is not installed; run tools/bazel (it installs " +
                  "the packages this workspace needs) or apt-get install %s") % (package, package))
        if not have.startswith(want):
            fail(("Debian package '%s' is version %s, but this workspace is built and " +
                  "tested against %s*. Install that version or update the pin in WORKSPACE.") %
                 (package, have, want))

    # Expose only the directories the BUILD file names, not all of /usr.
    for name, path in rctx.attr.links.items():
        rctx.symlink(path, name)
    rctx.file("BUILD.bazel", rctx.read(rctx.attr.build_file))
    rctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % rctx.name)

debian_library = repository_rule(
    implementation = _debian_library_impl,
    attrs = {
        "packages": attr.string_dict(
            mandatory = True,
            doc = "Debian package name -> required version prefix.",
        ),
        "links": attr.string_dict(
            doc = "Name inside the repository -> absolute path on the host.",
        ),
        "build_file": attr.label(mandatory = True, allow_single_file = True),
    },
    local = True,
)
