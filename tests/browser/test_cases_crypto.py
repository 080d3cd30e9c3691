"""The browser's HPKE (walkout/static/walkout/hpke.js) in Chromium: RFC 9180 vectors, and
cross-decryption with the Python twin both ways (SAFETY.md requirements 15, 17, 21)."""

import datetime
import json
import random
from pathlib import Path

import pytest

from tests.cases.keys import make_keyring
from tests.factories import HubFactory
from tests.hubs.conftest import staff_with_role
from walkout.cases import crypto
from walkout.people.models import StaffRole

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VECTORS = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "hpke" / "rfc9180-a3-1.json").read_text()
)


@pytest.fixture
def hpke_page(phone_page, settings):
    make_keyring(settings, staff_with_role(HubFactory(), StaffRole.SUPPORT))
    phone_page.goto("/report/")
    phone_page.wait_for_function("window.WalkoutHPKE && window.WalkoutHPKE.available")
    return phone_page


def test_browser_passes_the_rfc_9180_vectors(hpke_page):
    result = hpke_page.evaluate(
        """async (v) => {
        const H = window.WalkoutHPKE, x = H.hex;
        const e = await H.deriveKeyPair(x(v.ikmE));
        const r = await H.deriveKeyPair(x(v.ikmR));
        const out = {skEm: H.toHex(e.scalar), pkEm: H.toHex(e.publicRaw),
                     skRm: H.toHex(r.scalar), pkRm: H.toHex(r.publicRaw),
                     cts: [], pts: [], exports: []};
        for (const c of v.encryptions) {
          const s = await H.seal(x(v.pkRm), x(v.info), x(c.aad), x(c.pt), e);
          out.enc = H.toHex(s.enc);
          out.cts.push(H.toHex(s.ct));
          out.pts.push(H.toHex(await H.open(x(v.enc), r, x(v.info), x(c.aad), x(c.ct))));
        }
        const ctx = await H.setupRecipient(x(v.enc), r, x(v.info));
        for (const ex of v.exports) {
          const value = await H.exportSecret(ctx.exporter, x(ex.exporter_context), ex.L);
          out.exports.push(H.toHex(value));
        }
        let tampered = "opened";
        try { await H.open(x(v.enc), r, x(v.info), x("00"), x(v.encryptions[0].ct)); }
        catch (err) { tampered = "refused"; }
        out.tampered = tampered;
        return out;
    }""",
        VECTORS,
    )
    assert result["skEm"] == VECTORS["skEm"] and result["pkEm"] == VECTORS["pkEm"]
    assert result["skRm"] == VECTORS["skRm"] and result["pkRm"] == VECTORS["pkRm"]
    assert result["enc"] == VECTORS["enc"]
    assert result["cts"] == [c["ct"] for c in VECTORS["encryptions"]]
    assert result["pts"] == [c["pt"] for c in VECTORS["encryptions"]]
    assert result["exports"] == [e["exported_value"] for e in VECTORS["exports"]]
    assert result["tampered"] == "refused"


def test_browser_and_python_open_each_others_hpke_1000_times(hpke_page):
    rng = random.Random(15)
    private, public = crypto.new_key_pair()
    scalar = private.private_numbers().private_value.to_bytes(32, "big")
    messages = [rng.randbytes(rng.randrange(0, 200)) for _ in range(1000)]
    aads = [rng.randbytes(rng.randrange(0, 40)) for _ in range(1000)]
    sealed = [crypto.seal(public, crypto.INFO, a, m) for m, a in zip(messages, aads, strict=True)]
    answer = hpke_page.evaluate(
        """async ([scalar, pub, info, sealed, messages, aads]) => {
        const H = window.WalkoutHPKE, x = H.hex;
        const r = {privateKey: await H.importScalar(x(scalar)), publicRaw: x(pub)};
        const opened = await Promise.all(sealed.map(([enc, ct], i) =>
            H.open(x(enc), r, x(info), x(aads[i]), x(ct)).then(H.toHex)));
        const mine = await Promise.all(messages.map((m, i) =>
            H.seal(x(pub), x(info), x(aads[i]), x(m)).then(s => [H.toHex(s.enc), H.toHex(s.ct)])));
        return {opened, mine};
    }""",
        [
            scalar.hex(),
            public.hex(),
            crypto.INFO.hex(),
            [[e.hex(), c.hex()] for e, c in sealed],
            [m.hex() for m in messages],
            [a.hex() for a in aads],
        ],
    )
    assert answer["opened"] == [m.hex() for m in messages]
    for (enc, ct), message, aad in zip(answer["mine"], messages, aads, strict=True):
        assert (
            crypto.open_(bytes.fromhex(enc), private, crypto.INFO, aad, bytes.fromhex(ct))
            == message
        )


def test_envelopes_and_key_files_cross_over(hpke_page):
    private, public = crypto.new_key_pair()
    kid = crypto.key_id(public)
    scalar = private.private_numbers().private_value.to_bytes(32, "big")
    message = {"type": "report", "what": "Suspendida por 3 días — ¿por qué? 😡", "n": 1}
    from_python = crypto.seal_envelope(
        message, item_id="P" * 22, list_version=7, recipients={kid: public}
    )
    python_key_file = crypto.wrap_private(private, "python passphrase", iterations=100_000)
    answer = hpke_page.evaluate(
        """async ([scalar, pub, kid, envelope, message, keyFile]) => {
        const H = window.WalkoutHPKE, x = H.hex;
        const r = {kid, privateKey: await H.importScalar(x(scalar)), publicRaw: x(pub)};
        const opened = await H.openEnvelope(envelope, r);
        const recipients = {}; recipients[kid] = x(pub);
        const sealed = await H.sealEnvelope(message, H.randomId(), 7, recipients);
        const made = await H.newKeyFile("browser passphrase", 100000);
        const unwrapped = await H.unwrapKeyFile(keyFile, "python passphrase");
        const reopened = await H.openEnvelope(envelope, unwrapped);
        let wrong = "opened";
        try { await H.unwrapKeyFile(keyFile, "not it"); } catch (e) { wrong = "refused"; }
        return {opened, sealed, keyFile: made.keyFile, reopened, wrong};
    }""",
        [scalar.hex(), public.hex(), kid, from_python, message, python_key_file],
    )
    assert answer["opened"] == message and answer["reopened"] == message
    assert answer["wrong"] == "refused"
    sealed = answer["sealed"]
    assert crypto.parse_envelope(json.dumps(sealed)) and len(crypto.b64d(sealed["ct"])) == 4096 + 16
    assert crypto.open_envelope(sealed, kid, private) == message
    browser_kid, browser_private = crypto.unwrap_private(answer["keyFile"], "browser passphrase")
    assert browser_kid == answer["keyFile"]["kid"]
    assert '"d"' not in json.dumps(answer["keyFile"])
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap_private(answer["keyFile"], "wrong passphrase")
    # A report the browser seals to the browser-made key opens in Python.
    pub = crypto.b64d(answer["keyFile"]["public"])
    assert crypto.public_bytes(browser_private.public_key()) == pub


def test_browser_checks_the_key_list(hpke_page):
    root, root_public = crypto.new_key_pair()
    _other, other_public = crypto.new_key_pair()
    _private, public = crypto.new_key_pair()
    now = datetime.datetime.now(datetime.UTC)
    day = datetime.timedelta(days=1)

    def signed(not_after, signer=root):
        body = crypto.list_body(
            version=2,
            not_after=not_after,
            keys=[
                {
                    "public": crypto.b64e(public),
                    "not_before": now - day,
                    "not_after": now + 30 * day,
                }
            ],
        )
        return crypto.b64e(body), crypto.sign_list(body, signer)

    good_list, good_sig = signed(now + day)
    stale_list, stale_sig = signed(now - day)
    cases = {
        "good": [crypto.b64e(root_public), good_list, good_sig, []],
        "unsigned": [crypto.b64e(root_public), good_list, "", []],
        "bad_signature": [crypto.b64e(root_public), good_list, crypto.b64e(bytes(64)), []],
        "unknown_signer": [crypto.b64e(other_public), good_list, good_sig, []],
        "stale": [crypto.b64e(root_public), stale_list, stale_sig, []],
        "all_excluded": [crypto.b64e(root_public), good_list, good_sig, [crypto.key_id(public)]],
        "no_root": ["", good_list, good_sig, []],
    }
    answer = hpke_page.evaluate(
        """async (cases) => {
        const out = {};
        for (const [name, args] of Object.entries(cases)) {
          try { const r = await window.WalkoutHPKE.checkKeyList(...args);
                out[name] = "ok v" + r.version + " " + Object.keys(r.keys).length; }
          catch (e) { out[name] = e.code || String(e); }
        }
        return out;
    }""",
        cases,
    )
    assert answer == {
        "good": "ok v2 1",
        "unsigned": "unsigned",
        "bad_signature": "bad_signature",
        "unknown_signer": "bad_signature",
        "stale": "stale",
        "all_excluded": "no_keys",
        "no_root": "no_root",
    }
