"""Reads OTP cases as JSON lines and prints pyotp's code for each, one per line.

A peer implementation for core/tests/peers.rs; installed by scripts/setup.sh (PyPI `pyotp`).
"""
import hashlib
import json
import sys

import pyotp

DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}

for line in open(sys.argv[1], encoding="utf-8"):
    case = json.loads(line)
    digest = DIGESTS[case["algorithm"]]
    if case["kind"] == "hotp":
        otp = pyotp.HOTP(case["secret_b32"], digits=case["digits"], digest=digest)
        print(otp.at(case["counter"]))
    else:
        otp = pyotp.TOTP(case["secret_b32"], digits=case["digits"], digest=digest, interval=case["period"])
        print(otp.at(case["time"]))
