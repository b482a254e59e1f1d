#!/usr/bin/env python3
"""Writes tests/vectors/qr_charset/: QR images made by segno (an encoder independent of ours),
one per charset case of docs/qr.md "Charset of the text", and qr_charset.json with the payload
bytes, the ECI written (if any) and the text a reader must return. zxing-cpp's reading of each
image is recorded beside it as a second opinion.

Usage: python3 tools/qr_charset_vectors.py [OUT_DIR]   (pip install segno zxing-cpp pillow)
"""
import json
import os
import sys

import segno

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "tests", "vectors", "qr_charset")

URI = "otpauth://totp/Ügyfélkapu+:janos.kovacs@ugyfelkapu.gov.hu?secret=JBSWY3DPEHPK3PXP&issuer=Ügyfélkapu+"

# (file stem, text, segno options, charset of the bytes, ECI written or None, why)
CASES = [
    ("latin1_no_eci", "Ügyfélkapu+", {}, "iso-8859-1", None,
     "segno's default: ISO-8859-1 bytes without ECI (the QR default); once read as Shift_JIS"),
    ("latin1_uri_no_eci", URI, {}, "iso-8859-1", None,
     "an otpauth URI written with raw ISO-8859-1 letters instead of percent-encoding"),
    ("utf8_eci", "Ügyfélkapu+", {"encoding": "utf-8", "eci": True}, "utf-8", 26,
     "UTF-8 under ECI 26"),
    ("utf8_no_eci", "Ügyfélkapu+", {"encoding": "utf-8"}, "utf-8", None,
     "UTF-8 without ECI: valid UTF-8 is read as UTF-8"),
    ("latin2_eci", "Őrség Űrállomás", {"encoding": "iso-8859-2", "eci": True}, "iso-8859-2", 4,
     "ISO-8859-2 under ECI 4 (Ő, Ű exist only there)"),
    ("sjis_bytes_no_eci", "テスト日本語", {"encoding": "shift_jis", "mode": "byte"}, "shift_jis",
     None, "Shift_JIS bytes in byte mode without ECI: the statistical guess"),
    ("sjis_katakana_no_eci", "ﾃﾞｻﾞｲﾝQR", {"encoding": "shift_jis", "mode": "byte"},
     "shift_jis", None, "half-width katakana (one byte each) without ECI"),
    ("kanji_mode", "日本語", {}, "shift_jis", None, "Kanji mode (Shift_JIS by definition)"),
]


def zxing_text(path):
    try:
        import zxingcpp
        from PIL import Image
    except ImportError:
        return None
    res = zxingcpp.read_barcodes(Image.open(path).convert("L"))
    return res[0].text if res else None


def main():
    os.makedirs(OUT, exist_ok=True)
    vectors = []
    for stem, text, opts, charset, eci, why in CASES:
        qr = segno.make(text, micro=False, **opts)
        path = os.path.join(OUT, stem + ".png")
        qr.save(path, scale=4, border=4)
        vectors.append({
            "file": stem + ".png",
            "text": text,
            "bytes_hex": text.encode(charset).hex(),
            "charset": charset,
            "eci": eci,
            "mode": qr.mode,
            "version": qr.designator,
            "why": why,
            "zxing_cpp_reads": zxing_text(path),
        })
    doc = {
        "version": 1,
        "generator": f"segno {segno.__version__} via tools/qr_charset_vectors.py",
        "rule": "docs/qr.md, 'Charset of the text'",
        "vectors": vectors,
    }
    with open(os.path.join(OUT, "..", "qr_charset.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
