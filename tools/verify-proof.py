#!/usr/bin/env python3
"""Checks a ClaimsLedger event proof offline (GET /api/audit/events/{sequence}/proof).

    python3 tools/verify-proof.py proof.json --public-key <base64 key you trust>
    curl -s http://127.0.0.1:5080/api/audit/events/42/proof | python3 tools/verify-proof.py - --public-key ...

Needs only Python 3.8+. Ed25519 uses the `cryptography` package when it is installed and otherwise the
RFC 8032 reference verification below (`--pure` forces it). Exit status: 0 proof holds, 1 it does not, 2 bad input.

What it checks: the event's canonical bytes are well formed and hash to the first link's event digest; each link is
SHA-256(previous link || event digest), from the proof's previous hash to the checkpoint's head hash at the
checkpoint's sequence; the checkpoint's signature verifies; and, with --public-key, that the key is the one you trust.
"""
import argparse, base64, hashlib, json, sys

# ---- Ed25519 verification, RFC 8032 section 6 (reference code, verify only) ----
P = 2**255 - 19
Q = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)

def _add(a, b):
    A, B = (a[1] - a[0]) * (b[1] - b[0]) % P, (a[1] + a[0]) * (b[1] + b[0]) % P
    C, E = 2 * a[3] * b[3] * D % P, 2 * a[2] * b[2] % P
    e, f, g, h = B - A, E - C, E + C, B + A
    return (e * f % P, g * h % P, f * g % P, e * h % P)

def _mul(s, p):
    q = (0, 1, 1, 0)
    while s:
        if s & 1:
            q = _add(q, p)
        p, s = _add(p, p), s >> 1
    return q

def _x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        return None
    return P - x if (x & 1) != sign else x

def _point(s):
    y = int.from_bytes(s, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)

def _same(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0

_GY = 4 * pow(5, P - 2, P) % P
G = (_x(_GY, 0), _GY, 1, _x(_GY, 0) * _GY % P)

def ed25519_verify_pure(public, message, signature):
    if len(public) != 32 or len(signature) != 64:
        return False
    a, r = _point(public), _point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= Q:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % Q
    return _same(_mul(s, G), _add(r, _mul(h, a)))

def ed25519_verify(public, message, signature, pure=False):
    if not pure:
        try:
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
            from cryptography.exceptions import InvalidSignature
        except ImportError:
            pure = True
    if pure:
        return ed25519_verify_pure(public, message, signature)
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False

# ---- The canonical event form (src/ClaimsLedger.Api/Audit/CanonicalEvent.cs) ----
FIELDS = [("seq", 0), ("id", 0), ("tenant", 1), ("stream", 1), ("version", 0), ("type", 1), ("timestamp", 0), ("archived", 0),
          ("correlation", 1), ("causation", 1), ("user", 1), ("headers", 1), ("data", 1)]

def parse_canonical(b):
    """Fields of claimsledger.event.v1 bytes; each text field is '{utf-8 length}:{text}' or '-' (NULL)."""
    head = b"claimsledger.event.v1\n"
    if not b.startswith(head):
        raise ValueError("not claimsledger.event.v1")
    pos, fields = len(head), {}
    for name, is_text in FIELDS:
        prefix = name.encode() + b":"
        if b[pos:pos + len(prefix)] != prefix:
            raise ValueError("expected field " + name)
        pos += len(prefix)
        if is_text and b[pos:pos + 1] == b"-":
            value, pos = None, pos + 1
        elif is_text:
            colon = b.index(b":", pos)
            n = int(b[pos:colon])
            value, pos = b[colon + 1:colon + 1 + n].decode("utf-8"), colon + 1 + n
        else:
            end = b.index(b"\n", pos)
            value, pos = b[pos:end].decode("ascii"), end
        if b[pos:pos + 1] != b"\n":
            raise ValueError("field %s does not end in a line feed" % name)
        fields[name], pos = value, pos + 1
    if pos != len(b):
        raise ValueError("bytes after the last field")
    return fields

def verify(proof, trusted_key=None, pure=False):
    """Returns a one-line summary; raises ValueError naming the first thing that does not hold."""
    if proof.get("format") != "claimsledger.proof.v1":
        raise ValueError("not a claimsledger.proof.v1 document")
    canonical = proof["canonical"].encode("utf-8")
    event = parse_canonical(canonical)
    links, checkpoint = proof["links"], proof["checkpoint"]
    if not links or int(event["seq"]) != proof["sequence"] or links[0]["sequence"] != proof["sequence"]:
        raise ValueError("the canonical event is not the event the proof is for")
    if hashlib.sha256(canonical).hexdigest() != links[0]["eventDigest"]:
        raise ValueError("the event's bytes do not hash to the first link's digest")
    previous, last = bytes.fromhex(proof["previousHash"]), None
    for link in links:
        if last is not None and link["sequence"] <= last:
            raise ValueError("links out of order at sequence %d" % link["sequence"])
        previous, last = hashlib.sha256(previous + bytes.fromhex(link["eventDigest"])).digest(), link["sequence"]
        if previous.hex() != link["hash"]:
            raise ValueError("link %d does not follow from the one before it" % link["sequence"])
    if last != checkpoint["sequence"] or previous.hex() != checkpoint["headHash"]:
        raise ValueError("the links do not end in the checkpoint's head hash")
    message = "claimsledger.checkpoint.v1\nseq:%d\nhead:%s\ntime:%s\nevents:%d\n" % (
        checkpoint["sequence"], checkpoint["headHash"], checkpoint["time"], checkpoint["events"])
    key = base64.b64decode(checkpoint["publicKey"])
    if not ed25519_verify(key, message.encode("utf-8"), base64.b64decode(checkpoint["signature"]), pure):
        raise ValueError("the checkpoint's signature does not verify")
    if trusted_key is not None and base64.b64decode(trusted_key) != key:
        raise ValueError("the checkpoint is signed by %s, not by the key you trust" % checkpoint["publicKey"])
    return "OK: event %s (%s on stream %s, recorded %s) is sealed by checkpoint %d (%s, %d events), signed by %s" % (
        event["seq"], event["type"], event["stream"], event["timestamp"], checkpoint["sequence"], checkpoint["time"],
        checkpoint["events"], checkpoint["publicKey"])

def main():
    parser = argparse.ArgumentParser(description="Check a ClaimsLedger event proof offline.")
    parser.add_argument("proof", help="the proof JSON file, or - for standard input")
    parser.add_argument("--public-key", help="the ledger's signing key (base64) as you know it from elsewhere")
    parser.add_argument("--pure", action="store_true", help="use the built-in Ed25519 even if `cryptography` is installed")
    args = parser.parse_args()
    try:
        text = sys.stdin.read() if args.proof == "-" else open(args.proof, encoding="utf-8").read()
        proof = json.loads(text)
    except (OSError, ValueError) as e:
        print("cannot read the proof: %s" % e, file=sys.stderr)
        return 2
    try:
        print(verify(proof, args.public_key, args.pure))
    except (ValueError, KeyError, TypeError) as e:
        print("PROOF FAILS: %s" % e, file=sys.stderr)
        return 1
    if args.public_key is None:
        print("note: no --public-key given, so the signature was checked against the key the proof names; "
              "compare it with the ledger's key as published elsewhere", file=sys.stderr)
    return 0

if __name__ == "__main__":
    sys.exit(main())
