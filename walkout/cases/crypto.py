"""Encrypted repercussion reports: HPKE, the report envelope, the signed key list, wrapped keys.

docs/decisions/0004-encrypted-reports.md explains the design; walkout/static/walkout/hpke.js is
the browser's twin of this module, and both pass the RFC 9180 test vectors (tests/cases/
test_crypto.py, tests/browser/test_cases_crypto.py) and open each other's output.

* HPKE (RFC 9180) base mode, DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-128-GCM, built on
  `cryptography`'s ECDH and AES-GCM and the standard library's HMAC. Single-shot: one message
  per context, so the nonce is always the base nonce.
* The envelope: the padded report is encrypted with a random 256-bit content key (AES-256-GCM,
  AAD = report id "." key-list version); that content key is HPKE-sealed to each recipient
  with info "walkout-report-v1" and the same AAD.
* The key list: JSON bytes signed with the hub's root key (ECDSA P-256, SHA-256, signature as
  r||s, WebCrypto's format). Whoever checks it parses only bytes whose signature verified.
* Wrapped private keys: PKCS#8 encrypted with AES-256-GCM under PBKDF2-SHA256(passphrase).

Nothing here logs, caches or writes anything: every function takes bytes and returns bytes.
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import secrets
import struct

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

INFO = b"walkout-report-v1"
ENVELOPE_FORMAT = "walkout-envelope-v1"
KEY_LIST_FORMAT = "walkout-key-list-v1"
KEY_FILE_FORMAT = "walkout-support-key-v1"
PBKDF2_ITERATIONS = 600_000
MIN_PBKDF2_ITERATIONS = 100_000
# Plaintext is padded to the next multiple of 4 KiB, up to 64 KiB (SAFETY.md requirement 18).
BUCKET = 4096
MAX_PADDED = 64 * 1024
MAX_PLAINTEXT = MAX_PADDED - 4
MAX_RECIPIENTS = 32
ID_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,43}$")

# --- RFC 9180 ---------------------------------------------------------------------------------
KEM_ID, KDF_ID, AEAD_ID = 0x0010, 0x0001, 0x0001
KEM_SUITE = b"KEM" + struct.pack(">H", KEM_ID)
HPKE_SUITE = b"HPKE" + struct.pack(">HHH", KEM_ID, KDF_ID, AEAD_ID)
N_SECRET, N_ENC, N_PK, N_SK, N_K, N_N, N_H = 32, 65, 65, 32, 16, 12, 32
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


class CryptoError(ValueError):
    """Anything that does not decrypt, verify or parse. Never carries the data itself."""


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64d(text: str) -> bytes:
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise CryptoError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as error:
        raise CryptoError("not base64url") from error


def _extract(salt: bytes, ikm: bytes) -> bytes:
    return hmac.new(salt or bytes(N_H), ikm, hashlib.sha256).digest()


def _expand(prk: bytes, info: bytes, length: int) -> bytes:
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


def labeled_extract(suite: bytes, salt: bytes, label: bytes, ikm: bytes) -> bytes:
    return _extract(salt, b"HPKE-v1" + suite + label + ikm)


def labeled_expand(suite: bytes, prk: bytes, label: bytes, info: bytes, length: int) -> bytes:
    labeled = struct.pack(">H", length) + b"HPKE-v1" + suite + label + info
    return _expand(prk, labeled, length)


def public_bytes(public_key: ec.EllipticCurvePublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def load_public(raw: bytes) -> ec.EllipticCurvePublicKey:
    if len(raw) != N_PK or raw[0] != 4:
        raise CryptoError("not an uncompressed P-256 point")
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError as error:
        raise CryptoError("not a P-256 point") from error


def private_from_scalar(raw: bytes) -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())


def derive_key_pair(ikm: bytes) -> ec.EllipticCurvePrivateKey:
    """RFC 9180 section 7.1.3 DeriveKeyPair for P-256 (used by the test vectors)."""
    prk = labeled_extract(KEM_SUITE, b"", b"dkp_prk", ikm)
    for counter in range(256):
        candidate = labeled_expand(KEM_SUITE, prk, b"candidate", bytes([counter]), N_SK)
        scalar = int.from_bytes(candidate, "big")
        if 0 < scalar < P256_ORDER:
            return ec.derive_private_key(scalar, ec.SECP256R1())
    raise CryptoError("DeriveKeyPair failed")


def _shared_secret(dh: bytes, kem_context: bytes) -> bytes:
    prk = labeled_extract(KEM_SUITE, b"", b"eae_prk", dh)
    return labeled_expand(KEM_SUITE, prk, b"shared_secret", kem_context, N_SECRET)


def _key_schedule(shared_secret: bytes, info: bytes) -> tuple[bytes, bytes, bytes]:
    psk_id_hash = labeled_extract(HPKE_SUITE, b"", b"psk_id_hash", b"")
    info_hash = labeled_extract(HPKE_SUITE, b"", b"info_hash", info)
    context = b"\x00" + psk_id_hash + info_hash
    secret = labeled_extract(HPKE_SUITE, shared_secret, b"secret", b"")
    key = labeled_expand(HPKE_SUITE, secret, b"key", context, N_K)
    base_nonce = labeled_expand(HPKE_SUITE, secret, b"base_nonce", context, N_N)
    exporter = labeled_expand(HPKE_SUITE, secret, b"exp", context, N_H)
    return key, base_nonce, exporter


def setup_sender(pk_r: bytes, info: bytes, *, ephemeral: ec.EllipticCurvePrivateKey | None = None):
    """(enc, key, base_nonce, exporter_secret). `ephemeral` only for the test vectors."""
    recipient = load_public(pk_r)
    ephemeral = ephemeral or ec.generate_private_key(ec.SECP256R1())
    dh = ephemeral.exchange(ec.ECDH(), recipient)
    enc = public_bytes(ephemeral.public_key())
    return (enc, *_key_schedule(_shared_secret(dh, enc + pk_r), info))


def setup_recipient(enc: bytes, sk_r: ec.EllipticCurvePrivateKey, info: bytes):
    """(key, base_nonce, exporter_secret)."""
    ephemeral = load_public(enc)
    dh = sk_r.exchange(ec.ECDH(), ephemeral)
    pk_r = public_bytes(sk_r.public_key())
    return _key_schedule(_shared_secret(dh, enc + pk_r), info)


def export(exporter_secret: bytes, context: bytes, length: int) -> bytes:
    return labeled_expand(HPKE_SUITE, exporter_secret, b"sec", context, length)


def seal(pk_r: bytes, info: bytes, aad: bytes, plaintext: bytes, *, ephemeral=None):
    """Single-shot base-mode seal: (enc, ciphertext)."""
    enc, key, nonce, _ = setup_sender(pk_r, info, ephemeral=ephemeral)
    return enc, AESGCM(key).encrypt(nonce, plaintext, aad)


def open_(enc: bytes, sk_r: ec.EllipticCurvePrivateKey, info: bytes, aad: bytes, ct: bytes):
    if len(enc) != N_ENC:
        raise CryptoError("bad enc")
    key, nonce, _ = setup_recipient(enc, sk_r, info)
    try:
        return AESGCM(key).decrypt(nonce, ct, aad)
    except InvalidTag as error:
        raise CryptoError("does not open") from error


# --- Keys and key ids ------------------------------------------------------------------------


def key_id(public_raw: bytes) -> str:
    """A short id derived from the public key itself, so a list cannot mislabel a key."""
    return b64e(hashlib.sha256(public_raw).digest()[:12])


def fingerprint(public_raw: bytes) -> str:
    digest = hashlib.sha256(public_raw).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def new_key_pair() -> tuple[ec.EllipticCurvePrivateKey, bytes]:
    private = ec.generate_private_key(ec.SECP256R1())
    return private, public_bytes(private.public_key())


# --- Padding ----------------------------------------------------------------------------------


def padded_length(length: int) -> int:
    return max(BUCKET, -(-(length + 4) // BUCKET) * BUCKET)


def pad(data: bytes) -> bytes:
    if len(data) > MAX_PLAINTEXT:
        raise CryptoError("too long")
    return struct.pack(">I", len(data)) + data + bytes(padded_length(len(data)) - 4 - len(data))


def unpad(padded: bytes) -> bytes:
    if len(padded) < 4 or len(padded) % BUCKET:
        raise CryptoError("bad padding")
    (length,) = struct.unpack(">I", padded[:4])
    if length > len(padded) - 4 or any(padded[4 + length :]):
        raise CryptoError("bad padding")
    return padded[4 : 4 + length]


# --- The envelope ------------------------------------------------------------------------------


def envelope_aad(item_id: str, list_version: int) -> bytes:
    return f"{item_id}.{list_version}".encode()


def seal_envelope(
    message: dict, *, item_id: str, list_version: int, recipients: dict[str, bytes]
) -> dict:
    """Encrypt `message` (a JSON-able dict) to every recipient {kid: public key bytes}."""
    if not recipients:
        raise CryptoError("no recipient")
    plaintext = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()
    aad = envelope_aad(item_id, list_version)
    content_key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(12)
    body = AESGCM(content_key).encrypt(nonce, pad(plaintext), aad)
    sealed = []
    for kid, public in recipients.items():
        enc, ct = seal(public, INFO, aad, content_key)
        sealed.append({"kid": kid, "enc": b64e(enc), "ct": b64e(ct)})
    del content_key, plaintext
    return {
        "format": ENVELOPE_FORMAT,
        "id": item_id,
        "list": list_version,
        "recipients": sealed,
        "nonce": b64e(nonce),
        "ct": b64e(body),
    }


def parse_envelope(raw) -> dict:
    """Check an envelope's shape (not its content, which the server cannot read)."""
    try:
        envelope = json.loads(raw) if isinstance(raw, str | bytes) else raw
    except (ValueError, RecursionError) as error:
        raise CryptoError("not JSON") from error
    if not isinstance(envelope, dict) or envelope.get("format") != ENVELOPE_FORMAT:
        raise CryptoError("not an envelope")
    if set(envelope) != {"format", "id", "list", "recipients", "nonce", "ct"}:
        raise CryptoError("unexpected members")
    if not isinstance(envelope["id"], str) or not ID_SHAPE.match(envelope["id"]):
        raise CryptoError("bad id")
    if not isinstance(envelope["list"], int) or isinstance(envelope["list"], bool):
        raise CryptoError("bad list version")
    recipients = envelope["recipients"]
    if not isinstance(recipients, list) or not 0 < len(recipients) <= MAX_RECIPIENTS:
        raise CryptoError("bad recipients")
    for recipient in recipients:
        if not isinstance(recipient, dict) or set(recipient) != {"kid", "enc", "ct"}:
            raise CryptoError("bad recipient")
        if not isinstance(recipient["kid"], str) or len(recipient["kid"]) > 43:
            raise CryptoError("bad recipient")
        if len(b64d(recipient["enc"])) != N_ENC or len(b64d(recipient["ct"])) != 32 + 16:
            raise CryptoError("bad recipient")
    if len({r["kid"] for r in recipients}) != len(recipients):
        raise CryptoError("duplicate recipient")
    if len(b64d(envelope["nonce"])) != 12:
        raise CryptoError("bad nonce")
    body = b64d(envelope["ct"])
    if len(body) < BUCKET + 16 or len(body) > MAX_PADDED + 16 or (len(body) - 16) % BUCKET:
        raise CryptoError("bad size")
    return envelope


def open_envelope(envelope: dict, kid: str, private: ec.EllipticCurvePrivateKey) -> dict:
    envelope = parse_envelope(envelope)
    aad = envelope_aad(envelope["id"], envelope["list"])
    for recipient in envelope["recipients"]:
        if recipient["kid"] == kid:
            content_key = open_(b64d(recipient["enc"]), private, INFO, aad, b64d(recipient["ct"]))
            break
    else:
        raise CryptoError("not sealed to this key")
    try:
        padded = AESGCM(content_key).decrypt(b64d(envelope["nonce"]), b64d(envelope["ct"]), aad)
    except InvalidTag as error:
        raise CryptoError("does not open") from error
    try:
        message = json.loads(unpad(padded))
    except ValueError as error:
        raise CryptoError("not a report") from error
    if not isinstance(message, dict):
        raise CryptoError("not a report")
    return message


def json_text(data: dict) -> str:
    return json.dumps(data, separators=(",", ":"), sort_keys=True)


def new_item_id() -> str:
    return secrets.token_urlsafe(16)


# --- The signed key list ------------------------------------------------------------------------


def root_private_to_pem(private: ec.EllipticCurvePrivateKey, passphrase: bytes) -> bytes:
    return private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )


def root_private_from_pem(pem: bytes, passphrase: bytes | None) -> ec.EllipticCurvePrivateKey:
    try:
        private = serialization.load_pem_private_key(pem, password=passphrase)
    except (ValueError, TypeError) as error:
        raise CryptoError("cannot read the root key (wrong passphrase?)") from error
    if not isinstance(private, ec.EllipticCurvePrivateKey) or private.curve.name != "secp256r1":
        raise CryptoError("the root key is not a P-256 key")
    return private


def sign_list(body: bytes, root: ec.EllipticCurvePrivateKey) -> str:
    r, s = decode_dss_signature(root.sign(body, ec.ECDSA(hashes.SHA256())))
    return b64e(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


def verify_list(body: bytes, signature: str, root_public: bytes) -> dict:
    """The key list in `body`, once its signature by the root key checks out."""
    raw = b64d(signature)
    if len(raw) != 64:
        raise CryptoError("bad signature")
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        load_public(root_public).verify(der, body, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as error:
        raise CryptoError("bad signature") from error
    return parse_list(body)


def _when(text) -> datetime.datetime:
    if not isinstance(text, str):
        raise CryptoError("bad date")
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise CryptoError("bad date") from error
    if moment.tzinfo is None:
        raise CryptoError("bad date")
    return moment


def parse_list(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except ValueError as error:
        raise CryptoError("not JSON") from error
    if not isinstance(data, dict) or data.get("format") != KEY_LIST_FORMAT:
        raise CryptoError("not a key list")
    if not isinstance(data.get("version"), int) or data["version"] < 1:
        raise CryptoError("bad version")
    _when(data.get("not_after"))
    keys = data.get("keys")
    if not isinstance(keys, list):
        raise CryptoError("bad keys")
    for key in keys:
        if not isinstance(key, dict) or key_id(b64d(key.get("public", ""))) != key.get("kid"):
            raise CryptoError("bad key")
        load_public(b64d(key["public"]))
        _when(key.get("not_before"))
        _when(key.get("not_after"))
    return data


def list_body(*, version: int, not_after: datetime.datetime, keys: list[dict]) -> bytes:
    """The bytes to sign: keys as [{"public": b64, "not_before": dt, "not_after": dt}]."""
    entries = [
        {
            "kid": key_id(b64d(key["public"])),
            "public": key["public"],
            "not_before": _iso(key["not_before"]),
            "not_after": _iso(key["not_after"]),
        }
        for key in keys
    ]
    data = {
        "format": KEY_LIST_FORMAT,
        "version": version,
        "not_after": _iso(not_after),
        "keys": entries,
    }
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def usable_keys(key_list: dict, *, now: datetime.datetime, revoked: set[str]) -> dict[str, bytes]:
    """{kid: public key} a report may be sealed to now; empty when the list itself is stale."""
    if _when(key_list["not_after"]) <= now:
        return {}
    return {
        key["kid"]: b64d(key["public"])
        for key in key_list["keys"]
        if key["kid"] not in revoked and _when(key["not_before"]) <= now < _when(key["not_after"])
    }


# --- Wrapped private keys (the support member's key file) ---------------------------------


def _wrapping_key(passphrase: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", passphrase.encode(), salt, iterations, 32)


def wrap_private(
    private: ec.EllipticCurvePrivateKey, passphrase: str, *, iterations=PBKDF2_ITERATIONS
) -> dict:
    pkcs8 = private.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    salt, iv = os.urandom(16), os.urandom(12)
    ct = AESGCM(_wrapping_key(passphrase, salt, iterations)).encrypt(
        iv, pkcs8, KEY_FILE_FORMAT.encode()
    )
    public = public_bytes(private.public_key())
    return {
        "format": KEY_FILE_FORMAT,
        "kid": key_id(public),
        "public": b64e(public),
        "kdf": "PBKDF2-SHA256",
        "iterations": iterations,
        "salt": b64e(salt),
        "iv": b64e(iv),
        "wrapped": b64e(ct),
    }


def parse_key_file(data) -> dict:
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except ValueError as error:
            raise CryptoError("not a key file") from error
    if not isinstance(data, dict) or data.get("format") != KEY_FILE_FORMAT:
        raise CryptoError("not a key file")
    if set(data) != {"format", "kid", "public", "kdf", "iterations", "salt", "iv", "wrapped"}:
        raise CryptoError("not a key file")
    if data["kdf"] != "PBKDF2-SHA256" or not isinstance(data["iterations"], int):
        raise CryptoError("not a key file")
    if not MIN_PBKDF2_ITERATIONS <= data["iterations"] <= 10_000_000:
        raise CryptoError("not a key file")
    public = b64d(data["public"])
    load_public(public)
    if key_id(public) != data["kid"] or len(b64d(data["salt"])) != 16:
        raise CryptoError("not a key file")
    if len(b64d(data["iv"])) != 12 or len(b64d(data["wrapped"])) > 512:
        raise CryptoError("not a key file")
    return data


def unwrap_private(data, passphrase: str) -> tuple[str, ec.EllipticCurvePrivateKey]:
    data = parse_key_file(data)
    key = _wrapping_key(passphrase, b64d(data["salt"]), data["iterations"])
    try:
        pkcs8 = AESGCM(key).decrypt(
            b64d(data["iv"]), b64d(data["wrapped"]), KEY_FILE_FORMAT.encode()
        )
    except InvalidTag as error:
        raise CryptoError("wrong passphrase") from error
    private = serialization.load_der_private_key(pkcs8, password=None)
    if public_bytes(private.public_key()) != b64d(data["public"]):
        raise CryptoError("the key file does not match its public key")
    return data["kid"], private
