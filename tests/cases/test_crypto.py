"""HPKE against RFC 9180's vectors and an independent implementation; the envelope, padding,
key list and key file (SAFETY.md requirements 15, 18, 21)."""

import json
import random
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hpke as reference

from walkout.cases import crypto

VECTORS = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "hpke" / "rfc9180-a3-1.json").read_text()
)
h = bytes.fromhex


def test_the_fixture_is_the_suite_we_use():
    assert (VECTORS["mode"], VECTORS["kem_id"], VECTORS["kdf_id"], VECTORS["aead_id"]) == (
        0,
        crypto.KEM_ID,
        crypto.KDF_ID,
        crypto.AEAD_ID,
    )


def test_derive_key_pair_matches_the_vectors():
    ephemeral = crypto.derive_key_pair(h(VECTORS["ikmE"]))
    recipient = crypto.derive_key_pair(h(VECTORS["ikmR"]))
    assert ephemeral.private_numbers().private_value.to_bytes(32, "big").hex() == VECTORS["skEm"]
    assert recipient.private_numbers().private_value.to_bytes(32, "big").hex() == VECTORS["skRm"]
    assert crypto.public_bytes(ephemeral.public_key()).hex() == VECTORS["pkEm"]
    assert crypto.public_bytes(recipient.public_key()).hex() == VECTORS["pkRm"]


def test_seal_matches_the_vectors():
    ephemeral = crypto.private_from_scalar(h(VECTORS["skEm"]))
    for case in VECTORS["encryptions"]:
        enc, ct = crypto.seal(
            h(VECTORS["pkRm"]),
            h(VECTORS["info"]),
            h(case["aad"]),
            h(case["pt"]),
            ephemeral=ephemeral,
        )
        assert (enc.hex(), ct.hex()) == (VECTORS["enc"], case["ct"])


def test_open_and_export_match_the_vectors():
    recipient = crypto.private_from_scalar(h(VECTORS["skRm"]))
    case = VECTORS["encryptions"][0]
    opened = crypto.open_(
        h(VECTORS["enc"]), recipient, h(VECTORS["info"]), h(case["aad"]), h(case["ct"])
    )
    assert opened.hex() == case["pt"]
    _key, _nonce, exporter = crypto.setup_recipient(
        h(VECTORS["enc"]), recipient, h(VECTORS["info"])
    )
    for export in VECTORS["exports"]:
        value = crypto.export(exporter, h(export["exporter_context"]), export["L"])
        assert value.hex() == export["exported_value"]


def test_a_changed_byte_does_not_open():
    recipient = crypto.private_from_scalar(h(VECTORS["skRm"]))
    case = VECTORS["encryptions"][0]
    bad = bytearray(h(case["ct"]))
    bad[3] ^= 1
    with pytest.raises(crypto.CryptoError):
        crypto.open_(h(VECTORS["enc"]), recipient, h(VECTORS["info"]), h(case["aad"]), bytes(bad))
    with pytest.raises(crypto.CryptoError):
        crypto.open_(h(VECTORS["enc"]), recipient, h(VECTORS["info"]), b"other aad", h(case["ct"]))


def test_interoperates_with_the_cryptography_package_hpke():
    """An independent RFC 9180 implementation (OpenSSL's, through `cryptography`) both ways;
    it has no AAD parameter, so the AAD is empty."""
    suite = reference.Suite(
        reference.KEM.P256, reference.KDF.HKDF_SHA256, reference.AEAD.AES_128_GCM
    )
    rng = random.Random(9180)
    for _ in range(50):
        private, public = crypto.new_key_pair()
        message = rng.randbytes(rng.randrange(0, 300))
        theirs = suite.encrypt(message, private.public_key(), info=crypto.INFO)
        assert crypto.open_(theirs[:65], private, crypto.INFO, b"", theirs[65:]) == message
        enc, ct = crypto.seal(public, crypto.INFO, b"", message)
        assert suite.decrypt(enc + ct, private, info=crypto.INFO) == message


def _recipients(n=2):
    pairs = [crypto.new_key_pair() for _ in range(n)]
    return pairs, {crypto.key_id(public): public for _private, public in pairs}


def test_envelope_opens_with_every_recipient_and_binds_id_and_version():
    pairs, recipients = _recipients(3)
    message = {"type": "report", "what": "canary-ÿ-😀"}
    envelope = crypto.seal_envelope(
        message, item_id="A" * 22, list_version=4, recipients=recipients
    )
    assert sorted(r["kid"] for r in envelope["recipients"]) == sorted(recipients)
    for private, public in pairs:
        assert crypto.open_envelope(envelope, crypto.key_id(public), private) == message
    private, public = pairs[0]
    for change in ({"id": "B" * 22}, {"list": 5}):
        with pytest.raises(crypto.CryptoError):
            crypto.open_envelope({**envelope, **change}, crypto.key_id(public), private)
    stranger, stranger_public = crypto.new_key_pair()
    with pytest.raises(crypto.CryptoError):
        crypto.open_envelope(envelope, crypto.key_id(stranger_public), stranger)


def test_ciphertext_length_reveals_only_a_bucket():
    _pairs, recipients = _recipients(1)
    buckets = {n * 4096 + 16 for n in range(1, 17)}
    rng = random.Random(18)
    lengths = [1, 4081, 4082, 4083, 8188, 65521, *(rng.randrange(1, 65500) for _ in range(60))]
    for length in lengths:
        message = {"what": "x" * length}
        envelope = crypto.seal_envelope(
            message, item_id="C" * 22, list_version=1, recipients=recipients
        )
        assert len(crypto.b64d(envelope["ct"])) in buckets
    with pytest.raises(crypto.CryptoError):
        crypto.seal_envelope(
            {"what": "x" * 65536}, item_id="C" * 22, list_version=1, recipients=recipients
        )


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e.update(format="other"),
        lambda e: e.update(extra=1),
        lambda e: e.update(id="short"),
        lambda e: e.update(list="1"),
        lambda e: e.update(recipients=[]),
        lambda e: e["recipients"].append(dict(e["recipients"][0])),
        lambda e: e["recipients"][0].update(enc="AAAA"),
        lambda e: e.update(nonce="AAAA"),
        lambda e: e.update(ct=crypto.b64e(b"x" * 100)),
        lambda e: e.update(ct="not base64!"),
    ],
)
def test_malformed_envelopes_are_refused(change):
    _pairs, recipients = _recipients(1)
    envelope = crypto.seal_envelope(
        {"a": 1}, item_id="D" * 22, list_version=1, recipients=recipients
    )
    crypto.parse_envelope(json.dumps(envelope))
    change(envelope)
    with pytest.raises(crypto.CryptoError):
        crypto.parse_envelope(json.dumps(envelope))


def test_key_list_signature_and_staleness():
    import datetime

    root, root_public = crypto.new_key_pair()
    _pairs, recipients = _recipients(2)
    now = datetime.datetime.now(datetime.UTC)
    day = datetime.timedelta(days=1)
    body = crypto.list_body(
        version=3,
        not_after=now + day,
        keys=[
            {"public": crypto.b64e(p), "not_before": now - day, "not_after": now + 9 * day}
            for p in recipients.values()
        ],
    )
    signature = crypto.sign_list(body, root)
    data = crypto.verify_list(body, signature, root_public)
    assert crypto.usable_keys(data, now=now, revoked=set()) == recipients
    one = next(iter(recipients))
    assert set(crypto.usable_keys(data, now=now, revoked={one})) == set(recipients) - {one}
    assert crypto.usable_keys(data, now=now + 2 * day, revoked=set()) == {}
    other, other_public = crypto.new_key_pair()
    with pytest.raises(crypto.CryptoError):
        crypto.verify_list(body, signature, other_public)
    with pytest.raises(crypto.CryptoError):
        crypto.verify_list(body.replace(b'"version":3', b'"version":4'), signature, root_public)


def test_key_file_unwraps_only_with_its_passphrase():
    private, public = crypto.new_key_pair()
    key_file = crypto.wrap_private(private, "correct horse battery", iterations=100_000)
    text = json.dumps(key_file)
    assert '"d"' not in text and "PRIVATE KEY" not in text
    kid, unwrapped = crypto.unwrap_private(text, "correct horse battery")
    assert kid == crypto.key_id(public)
    assert crypto.public_bytes(unwrapped.public_key()) == public
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap_private(text, "wrong horse battery")
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap_private({**key_file, "iterations": 1000}, "correct horse battery")
