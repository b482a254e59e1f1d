"""Reads OTP cases as JSON lines and prints pyotp's code for each, one per line.

A peer implementation for core/tests/peers.rs; installed by scripts/setup.sh (PyPI `pyotp`).

pyotp 2.12 refuses keys under 112 bits in `byte_secret()`, which would exclude the 80-bit
Ügyfélkapu+ keys this comparison cares most about. The subclasses below only lift that length
floor; the HMAC, truncation and time arithmetic stay pyotp's own.
"""
import base64
import hashlib
import json
import sys

import pyotp

DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}


def lenient_byte_secret(self):
    secret = self.secret + "=" * ((8 - len(self.secret) % 8) % 8)
    return base64.b32decode(secret, casefold=True)


class LenientTOTP(pyotp.TOTP):
    byte_secret = lenient_byte_secret


class LenientHOTP(pyotp.HOTP):
    byte_secret = lenient_byte_secret


for line in open(sys.argv[1], encoding="utf-8"):
    case = json.loads(line)
    digest = DIGESTS[case["algorithm"]]
    if case["kind"] == "hotp":
        otp = LenientHOTP(case["secret_b32"], digits=case["digits"], digest=digest)
        print(otp.at(case["counter"]))
    elif case["period"] > 120:
        # pyotp.TOTP refuses intervals over 120 s; a TOTP code is the HOTP code of the time step.
        print(LenientHOTP(case["secret_b32"], digits=case["digits"], digest=digest).at(case["time"] // case["period"]))
    else:
        otp = LenientTOTP(case["secret_b32"], digits=case["digits"], digest=digest, interval=case["period"])
        print(otp.at(case["time"]))
