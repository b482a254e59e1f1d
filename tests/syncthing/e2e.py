#!/usr/bin/env python3
"""End-to-end sync through a real file-sync engine (issue 11, deliverable 7).

Starts two Syncthing daemons on 127.0.0.1 with temporary homes (no discovery, relays, NAT,
usage or crash reporting: nothing leaves the machine), shares one folder between them, puts a
Kulcs vault beside each daemon and drives the `kulcs` CLI: a `--sync` transfer, then adds,
edits, deletes and a device removal, each converging through Syncthing
within a bounded time. Syncthing's temporary files and `*.sync-conflict-*` copies sit in the
folders while Kulcs syncs; they must be ignored.

Usage: e2e.py [KULCS_BINARY]   (default: target/debug/kulcs)
Prints one line per step and ends with "syncthing e2e: N passed".
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KULCS = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/debug/kulcs"))
UGYFELKAPU = "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:kovacs.janos%40ugyfelkapu.gov.hu?secret=JBSWY3DPEHPK3PXP&issuer=%C3%9Cgyf%C3%A9lkapu%2B"
OTHER = "otpauth://totp/Example:anna?secret=KRSXG5CTMVRXEZLU&issuer=Example"
THIRD = "otpauth://totp/Third:carol?secret=MFRGGZDFMZTWQ2LK&issuer=Third"
FOURTH = "otpauth://totp/Fourth:dora?secret=GEZDGNBVGY3TQOJQ&issuer=Fourth"
CONVERGE_S = 60  # each change must cross Syncthing within this time
API_KEY = "kulcs-e2e-test-key"
passed = 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def step(name):
    global passed
    passed += 1
    print(f"ok {passed} - {name}", flush=True)


class Daemon:
    """One Syncthing instance with its own home, GUI/REST port and sync port."""

    def __init__(self, base, name):
        self.name = name
        self.home = os.path.join(base, f"st-{name}")
        self.folder = os.path.join(base, f"shared-{name}")
        os.makedirs(os.path.join(self.folder, ".stfolder"))
        self.gui = free_port()
        self.listen = free_port()
        subprocess.run(["syncthing", "generate", "--home", self.home, "--no-default-folder"],
                       check=True, capture_output=True)
        out = subprocess.run(["syncthing", "serve", "--home", self.home, "--device-id"],
                             check=True, capture_output=True, text=True)
        self.id = out.stdout.strip()
        self.proc = None

    def configure(self, peer):
        path = os.path.join(self.home, "config.xml")
        tree = ET.parse(path)
        root = tree.getroot()
        gui = root.find("gui")
        gui.find("address").text = f"127.0.0.1:{self.gui}"
        gui.find("apikey").text = API_KEY
        opts = root.find("options")
        settings = {
            "listenAddress": f"tcp://127.0.0.1:{self.listen}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "startBrowser": "false",
            "urAccepted": "-1",
            "crashReportingEnabled": "false",
            "autoUpgradeIntervalH": "0",
            "reconnectionIntervalS": "1",
        }
        for key, value in settings.items():
            el = opts.find(key)
            if el is None:
                el = ET.SubElement(opts, key)
            el.text = value
        dev = ET.SubElement(root, "device", id=peer.id, name=peer.name, compression="metadata",
                            introducer="false", skipIntroductionRemovals="false", introducedBy="")
        ET.SubElement(dev, "address").text = f"tcp://127.0.0.1:{peer.listen}"
        folder = ET.SubElement(root, "folder", id="kulcs", label="kulcs", path=self.folder,
                               type="sendreceive", rescanIntervalS="3600", fsWatcherEnabled="true",
                               fsWatcherDelayS="1", ignorePerms="false", autoNormalize="true")
        for d in (self.id, peer.id):
            ET.SubElement(folder, "device", id=d, introducedBy="")
        tree.write(path)

    def start(self, log_dir):
        log = open(os.path.join(log_dir, f"syncthing-{self.name}.log"), "w")
        env = dict(os.environ, STNOUPGRADE="1", STNORESTART="1")
        self.proc = subprocess.Popen(
            ["syncthing", "serve", "--home", self.home, "--no-browser", "--no-restart",
             "--no-upgrade"], stdout=log, stderr=subprocess.STDOUT, env=env)

    def api(self, path, method="GET"):
        req = urllib.request.Request(f"http://127.0.0.1:{self.gui}{path}", method=method,
                                     headers={"X-API-Key": API_KEY})
        with urllib.request.urlopen(req, timeout=5) as r:
            body = r.read()
        return json.loads(body) if body else None

    def wait_up(self):
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                self.api("/rest/system/ping")
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"syncthing {self.name} did not start within 30 s")

    def wait_connected(self, peer):
        deadline = time.time() + CONVERGE_S
        while time.time() < deadline:
            conns = self.api("/rest/system/connections")["connections"]
            if conns.get(peer.id, {}).get("connected"):
                return
            time.sleep(0.3)
        raise SystemExit(f"{self.name} did not connect to {peer.name} within {CONVERGE_S} s")

    def scan(self):
        self.api("/rest/db/scan?folder=kulcs", method="POST")

    def stop(self):
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def replicas(folder):
    return {n: open(os.path.join(folder, n), "rb").read()
            for n in os.listdir(folder) if n.endswith(".kulcs-replica") and not n.startswith(".")}


def converge(src, dst, what):
    """Waits until both folders hold the same replicas, byte for byte (both are re-read each
    time: the other direction may still be carrying an older change)."""
    src.scan()
    dst.scan()
    start = time.time()
    while time.time() - start < CONVERGE_S:
        if replicas(src.folder) == replicas(dst.folder):
            return time.time() - start
        time.sleep(0.2)
    raise SystemExit(f"{what}: not through Syncthing within {CONVERGE_S} s")


class Device:
    """A Kulcs vault and device key in its own folder; `kulcs` runs in the common work dir."""

    def __init__(self, work, name, daemon):
        self.work, self.name, self.daemon = work, name, daemon
        os.makedirs(os.path.join(work, name), exist_ok=True)

    def run(self, *args, ok=True, stdin=None):
        env = dict(os.environ, KULCS_KEY_FILE=os.path.join(self.work, self.name, "device.key"))
        env.pop("KULCS_VAULT", None)
        p = subprocess.run([KULCS, *args, "--vault", f"{self.name}/vault.kulcs"], cwd=self.work,
                           env=env, capture_output=True, text=True, input=stdin, timeout=120)
        if "panicked" in p.stderr:
            raise SystemExit(f"kulcs panicked: {p.stderr}")
        if ok and p.returncode != 0:
            raise SystemExit(f"kulcs {' '.join(args)} failed ({p.returncode}): {p.stderr}{p.stdout}")
        return p

    def sync(self):
        p = self.run("sync", self.daemon.folder)
        if "skipped" in p.stderr:
            raise SystemExit(f"{self.name}: sync skipped files: {p.stderr}")
        return p.stdout

    def accounts(self):
        return json.loads(self.run("list", "--json").stdout)


def transfer_with_sync(old, new):
    new.run("transfer", "receive", "--offer-out", "offer.png")
    old.run("transfer", "send", "--offer", "offer.png")
    code = new.run("transfer", "receive", "--show-code").stdout.strip()
    frames = old.run("transfer", "send", "--confirm", code, "--frames-out", "frames", "--sync")
    out = new.run("transfer", "receive", "--frames", *frames.stdout.split())
    assert "joined the sender's sync group" in out.stdout, out.stdout


def names(dev):
    return sorted(f"{a['issuer']}:{a['label']}" for a in dev.accounts())


def main():
    if shutil.which("syncthing") is None:
        raise SystemExit("syncthing is not installed (scripts/setup.sh installs it)")
    if not os.access(KULCS, os.X_OK):
        raise SystemExit(f"{KULCS} is not built")
    base = tempfile.mkdtemp(prefix="kulcs-syncthing-")
    d1, d2 = Daemon(base, "one"), Daemon(base, "two")
    try:
        d1.configure(d2)
        d2.configure(d1)
        d1.start(base)
        d2.start(base)
        d1.wait_up()
        d2.wait_up()
        d1.wait_connected(d2)
        step("two Syncthing daemons on 127.0.0.1 connected")
        work = os.path.join(base, "work")
        os.makedirs(work)
        a, b = Device(work, "a", d1), Device(work, "b", d2)
        with open(os.path.join(work, "uris.txt"), "w") as f:
            f.write(f"{UGYFELKAPU}\n{OTHER}\n")
        a.run("import", "--yes", "uris.txt")
        transfer_with_sync(a, b)
        a.sync()
        converge(d1, d2, "first replica")
        out = b.sync()
        assert "2 accounts" in out, out
        t = converge(d2, d1, "second replica")
        a.sync()
        assert names(a) == names(b), (names(a), names(b))
        step(f"a --sync transfer, then both replicas through Syncthing ({t:.1f} s)")

        with open(os.path.join(work, "third.txt"), "w") as f:
            f.write(f"{THIRD}\n")
        b.run("import", "--yes", "third.txt")
        b.sync()
        t = converge(d2, d1, "add")
        out = a.sync()
        assert "Third:carol" in names(a), names(a)
        step(f"an account added on b reaches a ({t:.1f} s)")

        carol = next(x["id"] for x in a.accounts() if x["issuer"] == "Third")
        a.run("rename", carol, "--label", "carol.kiss")
        a.sync()
        t = converge(d1, d2, "edit")
        b.sync()
        assert "Third:carol.kiss" in names(b), names(b)
        step(f"a rename on a reaches b ({t:.1f} s)")

        b.run("rm", carol, "--yes")
        b.sync()
        t = converge(d2, d1, "delete")
        a.sync()
        assert not any(n.startswith("Third:") for n in names(a)), names(a)
        step(f"a delete on b reaches a ({t:.1f} s)")

        # A conflict copy and a temporary file as Syncthing leaves them: ignored, not "skipped".
        mine = next(iter(replicas(d1.folder)))
        stem = mine[: -len(".kulcs-replica")]
        shutil.copy(os.path.join(d1.folder, mine),
                    os.path.join(d1.folder, f"{stem}.sync-conflict-20261201-120000-ABCDEFG.kulcs-replica"))
        with open(os.path.join(d1.folder, f".syncthing.{mine}.tmp"), "wb") as f:
            f.write(b"partial")
        a.sync()
        b.sync()
        assert names(a) == names(b)
        step("Syncthing conflict copies and temporary files are ignored")

        listed = a.run("devices").stdout.splitlines()
        others = [line.split()[0] for line in listed if "(this device)" not in line]
        assert len(listed) == 2 and len(others) == 1, listed
        a.run("devices", "remove", others[0], "--yes")
        with open(os.path.join(work, "fourth.txt"), "w") as f:
            f.write(f"{FOURTH}\n")
        a.run("import", "--yes", "fourth.txt")
        # The removed device's old-epoch replica is reported as skipped from now on.
        a.run("sync", d1.folder)
        t = converge(d1, d2, "removal")
        again = a.run("sync", d1.folder).stderr
        print("# after the removal, a reports: " + " | ".join(again.splitlines()), flush=True)
        assert again.count("skipped") == 1 and "epoch 0" in again, again  # b's file; a's own is gone
        before = names(b)
        out = b.run("sync", d2.folder, ok=False)
        assert out.returncode != 0, out.stdout
        assert names(b) == before, (before, names(b))
        assert not any(n.startswith("Fourth:") for n in names(b)), names(b)
        step(f"b removed on a, then given the folder, learns nothing newer ({t:.1f} s)")
    finally:
        d1.stop()
        d2.stop()
        if os.environ.get("KULCS_E2E_KEEP"):
            print(f"# kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    print(f"syncthing e2e: {passed} passed", flush=True)


if __name__ == "__main__":
    main()
