#!/usr/bin/env python3
"""Side-by-side QR benchmark: Kulcs core decoder vs zxing-cpp on one corpus directory.

Usage: tools/qr_bench.py CORPUS_DIR [--budget-ms N] [--no-build]

A corpus is a directory tree of images (png/jpg/jpeg/webp), each with a sibling `.txt` holding
the exact expected text (compared byte for byte). Installs nothing: needs `zxing-cpp` and
`pillow` importable (tools/qr_bench.sh sets that up). Both sides are timed on the decode call
only, on an already-decoded greyscale image. Prints per-set and overall rate, wrong payloads,
median and p90 ms for each side, the ratio of the medians (core / zxing-cpp), and the
per-image time ratio core / zxing-cpp on the images both read (median and p90), plus the
core's median time on the images it misses (the cost of giving up).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict

import zxingcpp
from PIL import Image

EXTS = (".png", ".jpg", ".jpeg", ".webp")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def collect(corpus):
    out = []
    for dirpath, _dirs, files in os.walk(corpus):
        for f in sorted(files):
            p = os.path.join(dirpath, f)
            base, ext = os.path.splitext(p)
            if ext.lower() in EXTS and os.path.exists(base + ".txt"):
                out.append(os.path.relpath(p, corpus))
    return sorted(out)


def pct(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    return v[round((len(v) - 1) * p)]


def run_zxing(corpus, files, repeat):
    res = {}
    for rel in files:
        path = os.path.join(corpus, rel)
        expected = open(os.path.splitext(path)[0] + ".txt", "rb").read()
        img = Image.open(path).convert("L")
        img.load()
        best = None
        for _ in range(repeat):
            t = time.perf_counter()
            found = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)
            ms = (time.perf_counter() - t) * 1000.0
            best = ms if best is None else min(best, ms)
        texts = [r.text.encode("utf-8") for r in found]
        ok = expected in texts
        res[rel] = {"ok": ok, "wrong": bool(texts) and not ok, "ms": best}
    return res


def run_core(corpus, budget, build, repeat):
    if build:
        subprocess.run(
            ["cargo", "build", "-q", "-p", "kulcs-core", "--release", "--example", "qr_bench"],
            cwd=ROOT, check=True)
    # QR_BENCH_EXE: an already-built qr_bench (e.g. the dev-profile one, to skip a release build).
    exe = os.environ.get("QR_BENCH_EXE") or os.path.join(
        ROOT, "target", "release", "examples", "qr_bench")
    out = subprocess.run([exe, corpus, str(budget), str(repeat)], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    res = {}
    for line in out.splitlines():
        d = json.loads(line)
        res[d["file"]] = d
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--budget-ms", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3, help="time each image N times, keep the best")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--show-fails", action="store_true")
    a = ap.parse_args()
    corpus = os.path.abspath(a.corpus)
    files = collect(corpus)
    if not files:
        sys.exit(f"no images with .txt in {corpus}")
    core = run_core(corpus, a.budget_ms, not a.no_build, a.repeat)
    zx = run_zxing(corpus, files, a.repeat)

    groups = defaultdict(list)
    for rel in files:
        groups[os.path.dirname(rel) or "."].append(rel)
        exp = open(os.path.join(corpus, os.path.splitext(rel)[0] + ".txt"), "rb").read()
        if all(b < 128 for b in exp):
            groups["(ascii)"].append(rel)
    groups["ALL"] = files

    def stats(res, rels):
        ok = sum(1 for r in rels if res.get(r, {}).get("ok"))
        wrong = sum(1 for r in rels if res.get(r, {}).get("wrong"))
        ms = [res[r]["ms"] for r in rels if r in res]
        return ok, wrong, ms

    def per_image_ratios(rels):
        return [core[r]["ms"] / zx[r]["ms"] for r in rels
                if core.get(r, {}).get("ok") and zx.get(r, {}).get("ok") and zx[r]["ms"] > 0]

    hdr = (f"{'set':<14}{'n':>5} | {'core ok':>8}{'rate':>8}{'wrong':>6}{'med ms':>8}{'p90 ms':>8} | "
           f"{'zxing ok':>8}{'rate':>8}{'wrong':>6}{'med ms':>8}{'p90 ms':>8} | {'ratio':>6} | "
           f"{'both':>5}{'img med':>8}{'img p90':>8} | {'miss ms':>8}")
    print(hdr)
    print("-" * len(hdr))
    for name in sorted(groups, key=lambda k: (k == "ALL", k.startswith("("), k)):
        rels = groups[name]
        n = len(rels)
        co, cw, cm = stats(core, rels)
        zo, zw, zm = stats(zx, rels)
        cmed, zmed = pct(cm, 0.5), pct(zm, 0.5)
        ratio = cmed / zmed if zmed and zmed > 0 else float("nan")
        rr = per_image_ratios(rels)
        miss = [core[r]["ms"] for r in rels if r in core and not core[r].get("ok")]
        print(f"{name:<14}{n:>5} | {co:>8}{100*co/n:>7.1f}%{cw:>6}{cmed:>8.2f}{pct(cm,0.9):>8.2f} | "
              f"{zo:>8}{100*zo/n:>7.1f}%{zw:>6}{zmed:>8.2f}{pct(zm,0.9):>8.2f} | {ratio:>6.2f} | "
              f"{len(rr):>5}{pct(rr,0.5):>7.2f}x{pct(rr,0.9):>7.2f}x | {pct(miss,0.5):>8.1f}")
    print("ratio = median core ms / median zxing ms; img med/p90 = per-image core/zxing time "
          "ratio on the images both read; miss ms = core median time on its misses")
    if a.show_fails:
        for rel in files:
            c, z = core.get(rel, {}).get("ok"), zx[rel]["ok"]
            if not c or not z:
                print(f"  core={'ok' if c else '--'} zxing={'ok' if z else '--'}  {rel}")


if __name__ == "__main__":
    main()
