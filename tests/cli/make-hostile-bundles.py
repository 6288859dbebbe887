#!/usr/bin/env python3
# make-hostile-bundles.py: hostile variants of a real bundle's tar, for cli-verify.sh
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: make-hostile-bundles.py BUNDLE.tar OUTDIR
# Writes OUTDIR/<case>.tar for each case and OUTDIR/cases.tsv with lines
# "<case>\t<check the reader must name, or 'valid'>\t<text the failing path holds>".
# Cases that need new signatures sign with a fresh minisign key (OUTDIR/forger.key),
# as whoever altered a bundle would have to.

import base64
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)

with tarfile.open(src) as t:
    ORIGINAL = [(m.name, t.extractfile(m).read()) for m in t.getmembers()]

cases = []


def b2(data, size=64):
    return hashlib.blake2b(data, digest_size=size).hexdigest()


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def tar_bytes(members, extra=None):
    """A pax tar of (path, bytes) members in the given order; extra(tarfile) adds raw entries."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime, info.uname, info.gname = len(data), 0o644, 0, "", ""
            t.addfile(info, io.BytesIO(data))
        if extra is not None:
            extra(t)
    return buf.getvalue()


def write(case, check, where, data):
    with open(os.path.join(out, case + ".tar"), "wb") as f:
        f.write(data)
    cases.append((case, check, where))


def files():
    return dict(ORIGINAL)


def ordered(d):
    return sorted(d.items(), key=lambda kv: kv[0].encode())


def flip(data, at):
    b = bytearray(data)
    b[at] ^= 0x01
    return bytes(b)


def first(d, prefix, suffix=""):
    return next(k for k in sorted(d) if k.startswith(prefix) and k.endswith(suffix))


def remake_sums(d):
    lines = [f"{b2(v)}  {k}\n" for k, v in ordered(d) if k not in ("B2SUMS", "manifest.json", "manifest.json.minisig")]
    d["B2SUMS"] = "".join(lines).encode()
    m = json.loads(d["manifest.json"])
    m["b2sums"] = b2(d["B2SUMS"])
    for r in m["records"]:
        r["statement"] = b2(d[f"records/{r['record']}/{r['version']}/statement.json"], 32)
    d["manifest.json"] = canonical(m)


# A forger's minisign key, made once.
KEY = os.path.join(out, "forger.key")
PUB = os.path.join(out, "forger.pub")
if not os.path.exists(KEY):
    subprocess.run(["minisign", "-G", "-W", "-p", PUB, "-s", KEY], check=True, stdout=subprocess.DEVNULL)
pub_lines = open(PUB).read().splitlines()
FORGER_ID = base64.b64decode(pub_lines[1])[2:10][::-1].hex().upper()


def sign(data, comment):
    path = os.path.join(out, "to-sign")
    with open(path, "wb") as f:
        f.write(data)
    subprocess.run(["minisign", "-S", "-s", KEY, "-m", path, "-t", comment, "-x", path + ".minisig"],
                   check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return open(path + ".minisig", "rb").read()


def resign(d):
    """B2SUMS and manifest made anew and signed by the forger, as the new exporter."""
    d[f"keys/{FORGER_ID}.pub"] = (f"untrusted comment: minisign public key {FORGER_ID}\n{pub_lines[1]}\n").encode()
    m = json.loads(d["manifest.json"])
    m["exporter"] = FORGER_ID
    d["manifest.json"] = canonical(m)
    remake_sums(d)
    m = json.loads(d["manifest.json"])
    d["manifest.json.minisig"] = sign(d["manifest.json"], f"sillok-bundle/1 bundle={m['bundle']}")


def latest_disclosures(d):
    return sorted(k for k in d if k.endswith("disclosures.json") and d[k] != b"[]")


# --- controls: the same files repacked by another tar writer, and re-signed -----------------
write("control-repacked", "valid", "", tar_bytes(ordered(files())))
d = files()
resign(d)
write("control-resigned", "valid", "", tar_bytes(ordered(d)))

# --- a byte flipped in each kind of file ----------------------------------------------------
d = files()
m = d["manifest.json"]
at = m.index(b'"bundle":"') + len('"bundle":"') + 35
d["manifest.json"] = m[:at] + (b"0" if m[at:at + 1] != b"0" else b"1") + m[at + 1:]
write("flip-manifest", "manifest-signature", "manifest.json.minisig", tar_bytes(ordered(d)))

d = files()
sig = d["manifest.json.minisig"]
at = sig.index(b"\n") + 10
d["manifest.json.minisig"] = sig[:at] + (b"A" if sig[at:at + 1] != b"A" else b"B") + sig[at + 1:]
write("flip-manifest-signature", "manifest-signature", "manifest.json.minisig", tar_bytes(ordered(d)))

d = files()
lines = d["B2SUMS"].split(b"\n")
target = next(i for i, l in enumerate(lines) if l.endswith(b"statement.json"))
lines[target] = (b"0" if lines[target][:1] != b"0" else b"1") + lines[target][1:]
d["B2SUMS"] = b"\n".join(lines)
write("flip-b2sums", "b2sums", "statement.json", tar_bytes(ordered(d)))

for kind, prefix, suffix in [("statement", "records/", "statement.json"),
                             ("statement-signature", "records/", "statement.json.minisig"),
                             ("disclosures", "records/", "disclosures.json"),
                             ("attachment", "attachments/", ""),
                             ("audit", "audit/", ".jsonl"),
                             ("template", "templates/", ".json"),
                             ("key", "keys/", ".pub")]:
    d = files()
    path = first(d, prefix, suffix)
    d[path] = flip(d[path], len(d[path]) // 2)
    write("flip-" + kind, "b2sums", path, tar_bytes(ordered(d)))

# --- B2SUMS and manifest made anew, the signature stale --------------------------------------
d = files()
path = first(d, "audit/", ".jsonl")
d[path] = b"\n".join(d[path].split(b"\n")[:-2]) + b"\n"
remake_sums(d)
write("stale-manifest-signature", "manifest-signature", "manifest.json.minisig", tar_bytes(ordered(d)))

# --- disclosures, re-signed by a forger so that the checks after the manifest run -------------
both = latest_disclosures(files())
d = files()
a, b = json.loads(d[both[0]]), json.loads(d[both[1]])
b.append(a.pop())
d[both[0]], d[both[1]] = canonical(a), canonical(b)
resign(d)
write("disclosure-swapped", "disclosures", both[1], tar_bytes(ordered(d)))

d = files()
a = json.loads(d[both[0]])
a.append(a[0])
d[both[0]] = canonical(a)
resign(d)
write("disclosure-duplicate", "disclosures", both[0], tar_bytes(ordered(d)))

d = files()
a = json.loads(d[both[0]])
salt = base64.urlsafe_b64encode(b"\x01" * 16).rstrip(b"=").decode()
a.append(base64.urlsafe_b64encode(canonical([salt, "interviewee.name", "Kim"])).rstrip(b"=").decode())
d[both[0]] = canonical(a)
resign(d)
write("disclosure-not-in-statement", "disclosures", both[0], tar_bytes(ordered(d)))

d = files()
stmt = first(d, "records/", "statement.json")
s = json.loads(d[stmt])
d[stmt + ".minisig"] = sign(d[stmt], f"sillok-statement/1 record={s['record']} version={s['version']}")
resign(d)
write("statement-other-signer", "statement-signature", stmt + ".minisig", tar_bytes(ordered(d)))

d = files()
s = json.loads(d[stmt])
s["signer"] = FORGER_ID
d[stmt] = canonical(s)
d[stmt + ".minisig"] = sign(d[stmt], f"sillok-statement/1 record={s['record']} version={s['version']}")
resign(d)
later = f"records/{s['record']}/{s['version'] + 1}/statement.json" in d
write("statement-forged-signer", "supersedes" if later else "valid", "", tar_bytes(ordered(d)))

# --- an amendment without its predecessor, in a bundle of its own (another uuid): verify
# cannot link it (supersedes); an archive that has the predecessor, or receives it later, can.
d = files()
amended = sorted({k.split("/")[1] for k in d if re.fullmatch(r"records/[^/]+/[2-9]/statement\.json", k)})
if amended:
    gone = [k for k in d if k.startswith(f"records/{amended[0]}/1/")]
    for k in gone:
        del d[k]
    m = json.loads(d["manifest.json"])
    m["records"] = [r for r in m["records"] if not (r["record"] == amended[0] and r["version"] == 1)]
    m["bundle"] = "0000aaaa-0000-4000-8000-" + b2(d["manifest.json"], 6)
    d["manifest.json"] = canonical(m)
    resign(d)
    write("predecessor-missing", "supersedes", f"records/{amended[0]}/2/statement.json", tar_bytes(ordered(d)))

    # Another version 1 of that record, alone and validly signed by the forger: fine on its own,
    # but an archive holding the amendment knows it is not the statement version 2 supersedes.
    d = files()
    for k in [k for k in d if k.startswith(f"records/{amended[0]}/") and not k.startswith(f"records/{amended[0]}/1/")]:
        del d[k]
    named = b"".join(base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))
                     for k, v in d.items() if k.endswith("disclosures.json") for x in json.loads(v))
    for k in [k for k in d if k.startswith("attachments/") and k.split("/")[1].encode() not in named]:
        del d[k]
    v1 = f"records/{amended[0]}/1/statement.json"
    s = json.loads(d[v1])
    s["signer"] = FORGER_ID
    d[v1] = canonical(s)
    d[v1 + ".minisig"] = sign(d[v1], f"sillok-statement/1 record={s['record']} version=1")
    m = json.loads(d["manifest.json"])
    m["records"] = [r for r in m["records"] if not (r["record"] == amended[0] and r["version"] > 1)]
    for r in m["records"]:
        if r["record"] == amended[0]:
            r["statement"] = b2(d[v1], 32)
    m["bundle"] = "0000bbbb-0000-4000-8000-" + b2(d["manifest.json"], 6)
    d["manifest.json"] = canonical(m)
    resign(d)
    write("predecessor-forged", "valid", "", tar_bytes(ordered(d)))

# --- hostile JSON in the manifest and in a statement --------------------------------------------
d = files()
d["manifest.json"] = b'{"a":' * 100000 + b"1" + b"}" * 100000
write("manifest-deep", "manifest", "manifest.json", tar_bytes(ordered(d)))
d = files()
d["manifest.json"] = b"[" * 100000 + b"]" * 100000
write("manifest-deep-array", "manifest", "manifest.json", tar_bytes(ordered(d)))
d = files()
d["manifest.json"] = re.sub(rb'"k_min":\d+', b'"k_min":9007199254740993', d["manifest.json"], count=1)
write("manifest-bigint", "manifest", "manifest.json", tar_bytes(ordered(d)))
d = files()
d["manifest.json"] = d["manifest.json"].replace(b'"created":"', b'"created":"\xff', 1)
write("manifest-utf8", "manifest", "manifest.json", tar_bytes(ordered(d)))
d = files()
d["manifest.json"] = d["manifest.json"].replace(b'"bundle":', b'"bundle":"x","bundle":', 1)
write("manifest-dupkey", "manifest", "manifest.json", tar_bytes(ordered(d)))

for case, change in [("statement-dupkey", lambda t: t.replace(b'"record":', b'"record":"x","record":', 1)),
                     ("statement-bigint", lambda t: t.replace(b'"version":', b'"version":9007199254740993,"x":', 1)),
                     ("statement-utf8", lambda t: t.replace(b'"format":"', b'"format":"\xc3\x28', 1)),
                     ("statement-deep", lambda t: b"[" * 100000 + b"]" * 100000)]:
    d = files()
    d[stmt] = change(d[stmt])
    resign(d)
    write(case, "statement", stmt, tar_bytes(ordered(d)))

# --- the tar itself ------------------------------------------------------------------------------


def with_entry(name, data=b"x", kind=tarfile.REGTYPE, linkname="", pax=None, where=None):
    def extra(t):
        info = tarfile.TarInfo(name)
        info.type, info.linkname, info.size, info.mtime = kind, linkname, len(data) if kind == tarfile.REGTYPE else 0, 0
        if pax is not None:
            info.pax_headers = pax
        t.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
    return extra


for case, name, kind, link in [("tar-dotdot", "../x", tarfile.REGTYPE, ""),
                               ("tar-absolute", "/etc/x", tarfile.REGTYPE, ""),
                               ("tar-symlink", "templates/" + "0" * 64 + ".json", tarfile.SYMTYPE, "/etc/passwd"),
                               ("tar-hardlink", "templates/" + "0" * 64 + ".json", tarfile.LNKTYPE, "B2SUMS"),
                               ("tar-device", "templates/" + "0" * 64 + ".json", tarfile.CHRTYPE, ""),
                               ("tar-fifo", "templates/" + "0" * 64 + ".json", tarfile.FIFOTYPE, ""),
                               ("tar-folder", "templates/", tarfile.DIRTYPE, ""),
                               ("tar-unexpected", "zz-notes.txt", tarfile.REGTYPE, ""),
                               ("tar-backslash", "templates\\x.json", tarfile.REGTYPE, "")]:
    write(case, "tar", "", tar_bytes(ordered(files()), with_entry(name, kind=kind, linkname=link)))

d = ordered(files())
write("tar-duplicate", "tar", "", tar_bytes(d + [d[-1]]))
write("tar-unsorted", "tar", "", tar_bytes(d[:1] + d[2:] + d[1:2]))
big = files()
big["manifest.json"] = b" " * (1024 * 1024 + 1)
write("tar-oversized-manifest", "tar", "manifest.json", tar_bytes(ordered(big)))
long_name = "attachments/" + "a" * 128
write("tar-pax-rename", "tar", "", tar_bytes(ordered(files()), with_entry(
    "zz/" + "b" * 120, pax={"path": long_name})))
write("tar-pax-short-rename", "tar", "", tar_bytes(ordered(files()), with_entry(
    "zz", pax={"path": "templates/" + "0" * 64 + ".json"})))
write("tar-pax-size", "tar", "", tar_bytes(ordered(files()), with_entry(
    "templates/" + "f" * 64 + ".json", pax={"size": "5"})))
write("tar-pax-linkpath", "tar", "", tar_bytes(ordered(files()), with_entry(
    "templates/" + "f" * 64 + ".json", pax={"linkpath": "/etc/passwd"})))
raw = tar_bytes(ordered(files()))
body = raw.rstrip(b"\0")
write("tar-no-end", "tar", "", body + b"\0" * ((512 - len(body) % 512) % 512))
write("tar-trailing-data", "tar", "", raw + b"hidden")

with open(os.path.join(out, "cases.tsv"), "w") as f:
    for case in cases:
        f.write("\t".join(case) + "\n")
