#!/usr/bin/env python3
"""Independent check of the exports Kulcs writes, with Python's `cryptography` (its Argon2id,
scrypt and AES-GCM, not ring, the argon2 or the scrypt crate):

- the Kulcs backup vector (tests/vectors/backup.json "kulcs", layout in docs/backup.md):
  re-parses the header, re-derives the Argon2id key, decrypts, re-seals byte for byte, and reads
  every account of the body;
- the encrypted Aegis-format vector ("aegis", docs/export.md): opens the password slot with
  scrypt, the master key, then the database, and checks it holds the same accounts, notes,
  groups and favourites as the backup vector.

With a file argument it checks a real export instead (the passphrase is one line on stdin):

    python3 tests/vectors/check_exports.py
    python3 tests/vectors/check_exports.py --kulcs FILE < passphrase.txt
    python3 tests/vectors/check_exports.py --aegis FILE < password.txt

Exit status 0 when everything matches.
"""
import base64
import json
import pathlib
import struct
import sys
import unicodedata

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

failures = []
h = bytes.fromhex


def check(name, got, want):
    if got != want:
        failures.append(name)
        show = lambda x: x.hex() if isinstance(x, bytes) else x
        print(f"MISMATCH {name}:\n  got  {show(got)}\n  want {show(want)}")


# Bounds a reader accepts (docs/backup.md §1, the vault's KdfParams::MIN..=MAX).
MIN_KDF = (19 * 1024, 2, 1)
MAX_KDF = (256 * 1024, 10, 4)


def open_kulcs(file, passphrase):
    """The body (bytes) and header fields of a Kulcs backup, by docs/backup.md §2."""
    magic, version, kdf, mem, passes, lanes = struct.unpack(">8sHBIII", file[:23])
    check("kulcs magic", magic, b"KULCSBAK")
    check("kulcs version", version, 1)
    check("kulcs kdf id", kdf, 1)
    check("kulcs aead id", file[39], 1)
    for name, v, lo, hi in zip(("memory", "passes", "lanes"), (mem, passes, lanes), MIN_KDF, MAX_KDF):
        if not lo <= v <= hi:
            failures.append(f"kulcs {name} {v} outside {lo}..{hi}")
    salt, nonce, aad = file[23:39], file[40:52], file[:52]
    key = Argon2id(salt=salt, length=32, iterations=passes, lanes=lanes, memory_cost=mem).derive(
        unicodedata.normalize("NFC", passphrase).encode())
    plain = AESGCM(key).decrypt(nonce, file[52:], aad)
    return plain, dict(key=key, salt=salt, nonce=nonce, aad=aad, kdf=(mem, passes, lanes))


def kulcs_accounts(plain):
    body = json.loads(plain)
    check("kulcs body format", body["format"], "kulcs-backup")
    check("kulcs body version", body["version"], 1)
    check("kulcs body fields", list(body), ["format", "version", "created_ms", "accounts"])
    for a in body["accounts"]:
        check("kulcs account fields", list(a), ["issuer", "label", "secret", "type", "algorithm", "digits",
                                                "period", "counter", "note", "groups", "favourite"])
        base64.b32decode(a["secret"] + "=" * (-len(a["secret"]) % 8))  # valid base32
    return body["accounts"]


def open_aegis(text, password):
    v = json.loads(text)
    check("aegis version", v["version"], 1)
    slots = [s for s in v["header"]["slots"] if s["type"] == 1]
    check("aegis password slots", len(slots), 1)
    s = slots[0]
    slot_key = Scrypt(salt=h(s["salt"]), length=32, n=s["n"], r=s["r"], p=s["p"]).derive(password.encode())
    master = AESGCM(slot_key).decrypt(h(s["key_params"]["nonce"]), h(s["key"]) + h(s["key_params"]["tag"]), None)
    p = v["header"]["params"]
    db = AESGCM(master).decrypt(h(p["nonce"]), base64.b64decode(v["db"]) + h(p["tag"]), None)
    return json.loads(db)


def aegis_accounts(db):
    """The Aegis database's entries in the backup body's shape, for comparison."""
    check("aegis db version", db["version"], 3)
    names = {g["uuid"]: g["name"] for g in db["groups"]}
    out = []
    for e in db["entries"]:
        i = e["info"]
        out.append({
            "issuer": e["issuer"], "label": e["name"], "secret": i["secret"], "type": e["type"],
            "algorithm": i["algo"], "digits": i["digits"],
            "period": i.get("period", 30), "counter": i.get("counter", 0),
            "note": e["note"] or None, "groups": [names[u] for u in e["groups"]],
            "favourite": e["favorite"],
        })
    return out


def check_vectors():
    v = json.loads((pathlib.Path(__file__).parent / "backup.json").read_text())
    k = v["kulcs"]
    file = h(k["file"])
    plain, f = open_kulcs(file, k["passphrase_utf8"])
    a = k["argon2id"]
    check("kulcs salt", f["salt"], h(a["salt"]))
    check("kulcs nonce", f["nonce"], h(k["nonce"]))
    check("kulcs kdf params", f["kdf"], (a["memory_kib"], a["iterations"], a["parallelism"]))
    check("kulcs plaintext", plain.decode(), k["plaintext_utf8"])
    check("kulcs reseal", f["aad"] + AESGCM(f["key"]).encrypt(f["nonce"], plain, f["aad"]), file)
    accounts = kulcs_accounts(plain)
    check("kulcs accounts", accounts, k["accounts"])
    # A wrong passphrase must not open it.
    try:
        open_kulcs(file, k["passphrase_utf8"] + "x")
        failures.append("kulcs wrong passphrase opened the backup")
    except Exception:
        pass
    ag = v["aegis"]
    db = open_aegis(ag["file_utf8"], ag["password_utf8"])
    # HOTP entries carry no period in Aegis; the backup keeps the vault's (30).
    check("aegis accounts = backup accounts", aegis_accounts(db), accounts)
    return len(accounts)


def main(argv):
    if len(argv) == 3 and argv[1] in ("--kulcs", "--aegis"):
        secret = sys.stdin.readline().rstrip("\r\n")
        data = pathlib.Path(argv[2]).read_bytes()
        if argv[1] == "--kulcs":
            n = len(kulcs_accounts(open_kulcs(data, secret)[0]))
        else:
            n = len(aegis_accounts(open_aegis(data, secret)))
        what = f"{argv[2]}: {n} accounts"
    elif len(argv) == 1:
        what = f"backup.json: {check_vectors()} accounts in the Kulcs and Aegis vectors"
    else:
        print(__doc__)
        return 2
    if failures:
        print(f"{len(failures)} mismatches")
        return 1
    print(f"ok: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
