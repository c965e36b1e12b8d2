"""The claims store and the log file in a damaged, hostile or mistyped place.

Each case is one of the defects issue 19 lists, tried as an operator would
with a root shell on a node, and each fails on the build before the claims
store's second generation (run it against another build with
INDEX2IP_PLUGIN_UNDER_TEST=/path/to/plugin):

  - a FIFO in the store: ADD, DEL, CHECK, the listing and preview never
    block, and DEL still succeeds;
  - a failed ADD leaves nothing: the next pod gets the index;
  - STATUS fails (50) for a store ADD cannot use;
  - a directory of other programs' files is refused and left alone;
  - `claims release` takes an address in any spelling, frees every family
    of the attachment, and never deletes a file by name;
  - a world-writable or foreign store is refused;
  - the listing prints nothing raw;
  - a relative logFile is refused before anything is written, a FIFO log
    never holds the command, a log line is whole or absent, and a call
    refused for its environment is logged;
  - GC refuses an entry that names no attachment, and what it prints stays
    under 4 KiB however much it collects.

Every run is bounded by a timeout: a hang is a failure, never a stuck test.
"""

import json
import os
import resource
import stat
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True

import plugin_runner as pr

HOST = pr.read_cmdline("mlab4_lga0t")
V4, V6 = "4.14.159.117", "2001:1900:2100:2d::117"
TIMEOUT = 5


def old_owner_key(container, ifname):
    """The key format 1 named an owner's entries by: FNV-1a, 64 bits."""
    h = 0xcbf29ce484222325
    for b in container.encode() + b"\0" + ifname.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return "%016x" % h


class HostileStoreTest(unittest.TestCase):

    def setUp(self):
        self.root = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
        self.dir = os.path.join(self.root, "store")
        os.mkdir(self.dir, 0o700)

    def config(self, index=5, version="1.1.0", **ipam):
        return pr.compact({"cniVersion": version, "name": "net",
                           "type": "macvlan",
                           "ipam": dict({"type": "index2ip", "index": index,
                                         "dataDir": self.dir}, **ipam)})

    def call(self, command, container="ctr-a", stdin=None, index=5, env=None,
             **ipam):
        e = pr.base_env(command, HOST, CNI_CONTAINERID=container,
                        CNI_NETNS="/proc/self/ns/net")
        e.update(env or {})
        run = pr.run_plugin(e, stdin or self.config(index, **ipam),
                            timeout=TIMEOUT)
        self.assertFalse(run.timed_out, "%s hung: %s" % (command,
                                                        run.describe()))
        return run

    def code(self, run):
        return 0 if run.exit_code == 0 else json.loads(run.stdout)["code"]

    def cli(self, *args):
        try:
            return subprocess.run([pr.PLUGIN, *args], capture_output=True,
                                  timeout=TIMEOUT, env={"PATH": "/bin"})
        except subprocess.TimeoutExpired:
            self.fail("index2ip %s hung" % " ".join(args))

    def test_a_fifo_in_the_store_never_blocks(self):
        for name in (V4, "claims.pb"):
            os.mkfifo(os.path.join(self.dir, name))
        self.assertEqual(self.code(self.call("ADD")), 5)
        self.assertEqual(self.call("DEL").exit_code, 0)
        self.assertNotEqual(self.call("CHECK", stdin=pr.compact(dict(
            json.loads(self.config()), prevResult={"cniVersion": "1.1.0"}))
        ).exit_code, 0)
        self.cli("claims", "--data-dir", self.dir)
        self.cli("preview", "--all", "--cmdline", HOST, "--config", "-")

    def test_a_failed_add_changes_nothing(self):
        # Where ADD would write its IPv6 claim (format 1) or its store file
        # (format 2): a directory, so the write fails.
        planted = [".own.%s.%s" % (old_owner_key("ctr-a", "net1"), V6),
                   "claims.pb.tmp"]
        for name in planted:
            os.mkdir(os.path.join(self.dir, name))
        self.assertEqual(self.code(self.call("ADD")), 5)
        for name in planted:
            os.rmdir(os.path.join(self.dir, name))
        # Nothing of the failed ADD holds the index.
        run = self.call("ADD", container="ctr-b")
        self.assertEqual(run.exit_code, 0, run.describe())

    def test_status_fails_for_a_store_add_cannot_use(self):
        with open(os.path.join(self.root, "file"), "w") as f:
            f.write("x")
        os.symlink(os.path.join(self.root, "nothing"),
                   os.path.join(self.root, "dangling"))
        unsafe = os.path.join(self.root, "unsafe")
        os.mkdir(unsafe)
        os.chmod(unsafe, 0o777)
        for data_dir in ("dangling", "file", "file/under", "unsafe"):
            with self.subTest(data_dir):
                self.dir = os.path.join(self.root, data_dir)
                self.assertEqual(self.code(self.call("STATUS")), 50)
                self.assertEqual(self.code(self.call("ADD")), 5)
        with open(os.path.join(self.root, "file")) as f:
            self.assertEqual(f.read(), "x")

    def test_a_directory_of_other_files_is_refused_and_left_alone(self):
        names = {".tmp.1.conf", ".own.cache", "app.conf"}
        for name in names:
            with open(os.path.join(self.dir, name), "w") as f:
                f.write("theirs")
        run = self.call("ADD")
        self.assertEqual(self.code(run), 5)
        self.assertIn(b"not a claims store", run.stdout)
        self.cli("claims", "--data-dir", self.dir)
        self.assertEqual(self.call("DEL").exit_code, 0)
        self.assertEqual(set(os.listdir(self.dir)), names)

    def test_release_takes_addresses_in_any_spelling_never_files(self):
        for spelling in (V4 + "/26", "2001:1900:2100:2D::117",
                         "2001:1900:2100:2d:0:0:0:117"):
            with self.subTest(spelling):
                self.assertEqual(self.call("ADD").exit_code, 0)
                with open(os.path.join(self.dir, "app.conf"), "w") as f:
                    f.write("theirs")
                run = self.cli("claims", "release", "app.conf",
                               "--data-dir", self.dir)
                self.assertEqual(run.returncode, 2, run)
                self.assertTrue(os.path.exists(
                    os.path.join(self.dir, "app.conf")))
                run = self.cli("claims", "release", spelling,
                               "--data-dir", self.dir)
                self.assertEqual(run.returncode, 0, run)
                # Both families are free: another pod gets the index.
                other = self.call("ADD", container="ctr-b")
                self.assertEqual(other.exit_code, 0, other.describe())
                self.assertEqual(self.call("DEL", container="ctr-b").exit_code,
                                 0)

    def test_a_store_others_may_write_or_own_is_refused(self):
        os.chmod(self.dir, 0o777)
        self.assertEqual(self.code(self.call("ADD")), 5)
        os.chmod(self.dir, 0o700)
        try:
            # Another user's: only where that user exists (Bazel's sandbox
            # maps root alone; claims_test fakes the plugin's uid instead).
            os.chown(self.dir, 12345, 12345)
        except OSError:
            pass
        else:
            self.assertEqual(self.code(self.call("ADD")), 5)
            os.chown(self.dir, os.geteuid(), os.getegid())
        self.assertEqual(os.listdir(self.dir), [])

    def test_the_listing_prints_nothing_raw(self):
        self.assertEqual(self.code(self.call("ADD", container="ctr-\x1b[2J")),
                         4)  # not a container ID: nothing stored
        self.assertEqual(self.call("ADD").exit_code, 0)
        with open(os.path.join(self.dir, "10.0.0.1\x1b[2J\n"), "w") as f:
            f.write("{}")
        run = self.cli("claims", "--data-dir", self.dir)
        self.assertNotIn(b"\x1b", run.stdout + run.stderr)
        self.assertIn(b"4.14.159.117", run.stdout)

    def test_a_relative_log_file_is_refused_before_anything_is_written(self):
        cwd = os.getcwd()
        os.chdir(self.root)
        try:
            for command in ("ADD", "STATUS", "GC"):
                with self.subTest(command):
                    run = self.call(command, logFile="rel.log")
                    self.assertEqual(self.code(run), 7, run.describe())
                    self.assertFalse(os.path.exists("rel.log"))
        finally:
            os.chdir(cwd)
        self.assertEqual(os.listdir(self.dir), [])

    def test_a_fifo_log_file_never_holds_the_command(self):
        log = os.path.join(self.root, "log.fifo")
        os.mkfifo(log)
        run = self.call("ADD", logFile=log)
        self.assertEqual(run.exit_code, 0, run.describe())
        self.assertIn(b"warning: cannot write ipam.logFile", run.stderr)

    def test_a_log_line_is_whole_or_absent(self):
        log = os.path.join(self.root, "calls.log")
        before = b'{"earlier":"line"}\n' * 200
        with open(log, "wb") as f:
            f.write(before)
        limit = len(before) + 64  # room for part of a line, not all of it
        env = pr.base_env("ADD", HOST)
        proc = subprocess.run(
            [pr.PLUGIN], input=self.config(claims=False, logFile=log).encode(),
            capture_output=True, env=env, timeout=TIMEOUT,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE,
                                                  (limit, limit)))
        self.assertEqual(proc.returncode, 0, proc)
        with open(log, "rb") as f:
            self.assertEqual(f.read(), before)
        self.assertIn(b"cannot write ipam.logFile", proc.stderr)

    def test_a_call_refused_for_its_environment_is_logged(self):
        log = os.path.join(self.root, "calls.log")
        run = self.call("ADD", env={"CNI_IFNAME": ""}, logFile=log)
        self.assertEqual(self.code(run), 4)
        with open(log) as f:
            self.assertEqual(json.loads(f.read())["code"], 4)

    def test_gc_removes_nothing_for_an_entry_naming_no_attachment(self):
        self.assertEqual(self.call("ADD").exit_code, 0)
        for entries in ([{}], [{"containerID": "ctr-a"}]):
            with self.subTest(entries):
                gc = dict(json.loads(self.config()))
                gc["cni.dev/valid-attachments"] = entries
                run = self.call("GC", stdin=pr.compact(gc))
                self.assertEqual(self.code(run), 7, run.describe())
        self.assertEqual(self.code(self.call("ADD", container="ctr-b")), 103)

    def test_gc_prints_under_4_kib_however_much_it_collects(self):
        host = "epoxy.ipv4=10.1.0.1/16,10.1.255.254,8.8.8.8,8.8.4.4"
        for k in range(1, 301):  # 2,000 in plugin_test; 40 pass 4 KiB
            run = pr.run_plugin(
                pr.base_env("ADD", host, CNI_CONTAINERID="pod-%d" % k),
                self.config(index=k, version="1.1.0"), timeout=TIMEOUT)
            self.assertEqual(run.exit_code, 0, run.describe())
        gc = dict(json.loads(self.config()))
        gc["cni.dev/valid-attachments"] = []
        run = pr.run_plugin(pr.base_env("GC", host), pr.compact(gc),
                            timeout=TIMEOUT)
        self.assertEqual(run.exit_code, 0, run.describe())
        self.assertLess(len(run.stdout) + len(run.stderr), 4096)
        # Nothing is left: the next pod of any index gets it.
        again = pr.run_plugin(pr.base_env("ADD", host,
                                          CNI_CONTAINERID="pod-new"),
                              self.config(index=1), timeout=TIMEOUT)
        self.assertEqual(again.exit_code, 0, again.describe())


if __name__ == "__main__":
    unittest.main()
