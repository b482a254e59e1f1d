#!/usr/bin/env python3
"""Independent check of tests/vectors/vault.json with Python's `cryptography` (not ring, not
the argon2 crate, not x25519-dalek): re-derives every key, re-wraps every slot, re-computes
every X25519 seal, re-parses the headers by the layout in docs/vault.md, and re-seals the
files, for format 1 (top level) and format 2 ("v2"). Exit status 0 when everything matches.

    python3 tests/vectors/check_vault_vectors.py
"""
import json
import pathlib
import struct
import sys
import unicodedata

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
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


# ----- format 2 -----
w = v["v2"]
data_key = h(w["data_key"])


def x25519_public(sk):
    return X25519PrivateKey.from_private_bytes(sk).public_key().public_bytes_raw()


def hkdf(salt, ikm, info):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def check_seal(name, slot):
    se = slot["seal"]
    pub = h(slot["public_key"])
    check(f"{name} public key", x25519_public(h(slot["secret_key"])), pub)
    eph_pub = x25519_public(h(se["ephemeral_secret"]))
    check(f"{name} ephemeral public", eph_pub, h(se["ephemeral_public"]))
    shared = X25519PrivateKey.from_private_bytes(h(se["ephemeral_secret"])).exchange(
        X25519PublicKey.from_public_bytes(pub))
    check(f"{name} shared", shared, h(se["shared"]))
    # The slot's own private key reaches the same shared secret (what opening does).
    check(f"{name} shared (opening side)", X25519PrivateKey.from_private_bytes(h(slot["secret_key"])).exchange(
        X25519PublicKey.from_public_bytes(eph_pub)), shared)
    check(f"{name} hkdf salt", eph_pub + pub, h(se["hkdf_sha256"]["salt"]))
    k = hkdf(eph_pub + pub, shared, b"kulcs vault v2 data key seal")
    check(f"{name} seal key", k, h(se["wrap_key"]))
    aad = b"KULCS seal v2" + bytes([slot["kind"]]) + h(slot["slot_id"]) + pub + eph_pub
    check(f"{name} seal aad", aad, h(se["aad"]))
    check(f"{name} sealed", AESGCM(k).encrypt(bytes(12), data_key, aad), h(se["sealed"]))
    return pub + eph_pub + h(se["sealed"])


def encoded(kind, sid, body):
    return bytes([kind]) + sid + struct.pack(">H", len(body)) + body


p = w["passphrase_slot"]
a = p["argon2id"]
kek = Argon2id(salt=h(a["salt"]), length=32, iterations=a["iterations"], lanes=a["parallelism"],
               memory_cost=a["memory_kib"]).derive(unicodedata.normalize("NFC", p["passphrase_utf8"]).encode())
check("v2 passphrase kek", kek, h(p["kek"]))
params = bytes([1]) + struct.pack(">III", a["memory_kib"], a["iterations"], a["parallelism"]) + h(a["salt"]) + h(p["nonce"])
aad = b"KULCS slot v2" + bytes([5]) + h(p["slot_id"]) + params + h(p["public_key"])
check("v2 passphrase wrap aad", aad, h(p["wrap_aad"]))
wrapped = AESGCM(kek).encrypt(h(p["nonce"]), h(p["secret_key"]), aad)
check("v2 passphrase wrapped secret", wrapped, h(p["wrapped_secret"]))
tail = check_seal("v2 passphrase", p)
check("v2 passphrase encoding", encoded(5, h(p["slot_id"]), params + wrapped + tail), h(p["encoded"]))

r = w["recovery_slot"]
check("v2 recovery code bytes", base64.b32decode(r["code"].replace("-", "")), h(r["code_bytes"]))
kek = hkdf(h(r["hkdf_sha256"]["salt"]), h(r["code_bytes"]), r["hkdf_sha256"]["info_utf8"].encode())
check("v2 recovery info", r["hkdf_sha256"]["info_utf8"], "kulcs vault v2 recovery slot")
check("v2 recovery kek", kek, h(r["kek"]))
params = bytes([1]) + h(r["hkdf_sha256"]["salt"]) + h(r["nonce"])
aad = b"KULCS slot v2" + bytes([6]) + h(r["slot_id"]) + params + h(r["public_key"])
check("v2 recovery wrap aad", aad, h(r["wrap_aad"]))
wrapped = AESGCM(kek).encrypt(h(r["nonce"]), h(r["secret_key"]), aad)
check("v2 recovery wrapped secret", wrapped, h(r["wrapped_secret"]))
tail = check_seal("v2 recovery", r)
check("v2 recovery encoding", encoded(6, h(r["slot_id"]), params + wrapped + tail), h(r["encoded"]))

dv = w["device_slot"]
key_file = h(dv["key_file"])
check("v2 key file magic", key_file[:8], b"KULCSDK1")
kid = dv["key_id"].encode()
wrapped = bytes([1]) + h(dv["keystore_nonce"]) + AESGCM(key_file[8:]).encrypt(
    h(dv["keystore_nonce"]), h(dv["secret_key"]), b"KULCS file keystore v1 " + kid)
check("v2 device wrapped secret", wrapped, h(dv["wrapped_secret"]))
tail = check_seal("v2 device", dv)
body = bytes([len(kid)]) + kid + struct.pack(">H", len(wrapped)) + wrapped + tail
check("v2 device encoding", encoded(4, h(dv["slot_id"]), body), h(dv["encoded"]))

f = w["file"]
file = h(f["bytes"])
magic, version, n = struct.unpack(">8sHI", file[:14])
check("v2 magic", magic, b"KULCSVLT")
check("v2 version", version, 2)
body = file[14:14 + n]
check("v2 aead id", body[0], 1)
check("v2 contents nonce", body[1:13], h(f["contents_nonce"]))
pos = 14
encs = []
for _ in range(body[13]):
    kind, sid, blen = struct.unpack(">B8sH", body[pos:pos + 11])
    encs.append(body[pos:pos + 11 + blen])
    pos += 11 + blen
check("v2 header fully consumed", pos, len(body))
check("v2 slots", encs, [h(dv["encoded"]), h(p["encoded"]), h(r["encoded"])])
aad = file[:14 + n]
check("v2 file aad", aad, h(f["aad"]))
plain = AESGCM(data_key).decrypt(h(f["contents_nonce"]), file[14 + n:], aad)
check("v2 contents", plain, f["contents_json"].encode())
check("v2 file bytes", aad + AESGCM(data_key).encrypt(h(f["contents_nonce"]), plain, aad), file)

if failures:
    print(f"{len(failures)} mismatches")
    sys.exit(1)
print("vault vectors (format 1 and 2): all checks passed")
