#!/usr/bin/env python3
"""Independent check of tests/vectors/vault.json with Python's `cryptography` (not ring, not
the argon2 crate): re-derives every key, re-wraps every slot, re-parses the header by the
layout in docs/vault.md, and re-seals the file. Exit status 0 when everything matches.

    python3 tests/vectors/check_vault_vectors.py
"""
import json
import pathlib
import struct
import sys
import unicodedata

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

v = json.loads((pathlib.Path(__file__).parent / "vault.json").read_text())
h = bytes.fromhex
failures = []


def check(name, got, want):
    if got != want:
        failures.append(name)
        print(f"MISMATCH {name}:\n  got  {got.hex() if isinstance(got, bytes) else got}\n  want {want.hex() if isinstance(want, bytes) else want}")


data_key = h(v["data_key"])

p = v["passphrase_slot"]
a = p["argon2id"]
kek = Argon2id(salt=h(a["salt"]), length=32, iterations=a["iterations"], lanes=a["parallelism"],
               memory_cost=a["memory_kib"]).derive(unicodedata.normalize("NFC", p["passphrase_utf8"]).encode())
check("passphrase kek", kek, h(p["kek"]))
aad = b"KULCS slot v1" + bytes([2]) + h(p["slot_id"]) + bytes([1]) + struct.pack(">III", a["memory_kib"], a["iterations"], a["parallelism"]) + h(a["salt"]) + h(p["nonce"])
check("passphrase wrap aad", aad, h(p["wrap_aad"]))
check("passphrase wrapped", AESGCM(kek).encrypt(h(p["nonce"]), data_key, aad), h(p["wrapped"]))

r = v["recovery_slot"]
import base64
code = r["code"].replace("-", "")
check("recovery code bytes", base64.b32decode(code), h(r["code_bytes"]))
kek = HKDF(algorithm=hashes.SHA256(), length=32, salt=h(r["hkdf_sha256"]["salt"]),
           info=r["hkdf_sha256"]["info_utf8"].encode()).derive(h(r["code_bytes"]))
check("recovery kek", kek, h(r["kek"]))
aad = b"KULCS slot v1" + bytes([3]) + h(r["slot_id"]) + bytes([1]) + h(r["hkdf_sha256"]["salt"]) + h(r["nonce"])
check("recovery wrap aad", aad, h(r["wrap_aad"]))
check("recovery wrapped", AESGCM(kek).encrypt(h(r["nonce"]), data_key, aad), h(r["wrapped"]))

d = v["device_slot_file_keystore"]
key_file = h(d["key_file"])
check("key file magic", key_file[:8], b"KULCSDK1")
wrapped = bytes([1]) + h(d["nonce"]) + AESGCM(key_file[8:]).encrypt(h(d["nonce"]), data_key, b"KULCS file keystore v1 " + d["key_id"].encode())
check("device wrapped", wrapped, h(d["wrapped"]))

f = v["file"]
file = h(f["bytes"])
magic, version, n = struct.unpack(">8sHI", file[:14])
check("magic", magic, b"KULCSVLT")
check("version", version, 1)
body = file[14:14 + n]
check("aead id", body[0], 1)
check("contents nonce", body[1:13], h(f["contents_nonce"]))
count = body[13]
pos = 14
slots = []
for _ in range(count):
    kind, sid, blen = struct.unpack(">B8sH", body[pos:pos + 11])
    slots.append((kind, sid, body[pos + 11:pos + 11 + blen]))
    pos += 11 + blen
check("header fully consumed", pos, len(body))
check("slot 1 encoding", bytes([slots[0][0]]) + slots[0][1] + struct.pack(">H", len(slots[0][2])) + slots[0][2], h(p["encoded"]))
check("slot 2 encoding", bytes([slots[1][0]]) + slots[1][1] + struct.pack(">H", len(slots[1][2])) + slots[1][2], h(r["encoded"]))
aad = file[:14 + n]
check("file aad", aad, h(f["aad"]))
plain = AESGCM(data_key).decrypt(h(f["contents_nonce"]), file[14 + n:], aad)
check("contents", plain, f["contents_json"].encode())
check("file bytes", aad + AESGCM(data_key).encrypt(h(f["contents_nonce"]), f["contents_json"].encode(), aad), file)
json.loads(plain)

if failures:
    print(f"{len(failures)} mismatches")
    sys.exit(1)
print("vault vectors: all checks passed")
