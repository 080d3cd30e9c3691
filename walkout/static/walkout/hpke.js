// HPKE (RFC 9180) base mode, DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-128-GCM, with the
// browser's WebCrypto only, and the report envelope, key list and key file built on it.
// The twin of walkout/cases/crypto.py: both pass the RFC 9180 test vectors and open each
// other's output (tests/browser/test_cases_crypto.py). docs/decisions/0004-encrypted-reports.md.
// Exposes window.WalkoutHPKE. Stores nothing, sends nothing.
(function () {
  "use strict";
  var subtle = window.crypto && window.crypto.subtle;
  var te = new TextEncoder();
  var td = new TextDecoder("utf-8", { fatal: true });
  var INFO = te.encode("walkout-report-v1");
  var ENVELOPE_FORMAT = "walkout-envelope-v1";
  var KEY_LIST_FORMAT = "walkout-key-list-v1";
  var KEY_FILE_FORMAT = "walkout-support-key-v1";
  var PBKDF2_ITERATIONS = 600000;
  var BUCKET = 4096;
  var MAX_PADDED = 65536;
  var ORDER = BigInt("0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
  var KEM_SUITE = concat(te.encode("KEM"), u16(0x0010));
  var HPKE_SUITE = concat(te.encode("HPKE"), u16(0x0010), u16(0x0001), u16(0x0001));
  var P256 = { name: "ECDH", namedCurve: "P-256" };

  function u16(n) {
    return new Uint8Array([(n >> 8) & 255, n & 255]);
  }
  function concat() {
    var total = 0;
    var i;
    for (i = 0; i < arguments.length; i++) total += arguments[i].length;
    var out = new Uint8Array(total);
    var at = 0;
    for (i = 0; i < arguments.length; i++) {
      out.set(arguments[i], at);
      at += arguments[i].length;
    }
    return out;
  }
  function hex(text) {
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
    return out;
  }
  function toHex(bytes) {
    return Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }
  function b64e(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function b64d(text) {
    if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
    var s = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  function bytes(buffer) {
    return new Uint8Array(buffer);
  }

  // --- HKDF with separate Extract and Expand (WebCrypto's HKDF does both at once) -----------
  function hmac(key, data) {
    // An empty HMAC key equals 32 zero bytes (keys are zero-padded to the block size), and
    // WebCrypto refuses empty ones.
    var raw = key.length ? key : new Uint8Array(32);
    return subtle
      .importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
      .then(function (k) {
        return subtle.sign("HMAC", k, data);
      })
      .then(bytes);
  }
  function expand(prk, info, length) {
    var out = new Uint8Array(0);
    var block = new Uint8Array(0);
    var counter = 1;
    function step() {
      if (out.length >= length) return Promise.resolve(out.slice(0, length));
      return hmac(prk, concat(block, info, new Uint8Array([counter]))).then(function (b) {
        block = b;
        out = concat(out, b);
        counter += 1;
        return step();
      });
    }
    return step();
  }
  function labeledExtract(suite, salt, label, ikm) {
    return hmac(salt, concat(te.encode("HPKE-v1"), suite, te.encode(label), ikm));
  }
  function labeledExpand(suite, prk, label, info, length) {
    return expand(prk, concat(u16(length), te.encode("HPKE-v1"), suite, te.encode(label), info), length);
  }

  // --- P-256 keys ---------------------------------------------------------------------------
  function importPublic(raw) {
    if (raw.length !== 65 || raw[0] !== 4) return Promise.reject(new Error("not a P-256 point"));
    return subtle.importKey("raw", raw, P256, true, []);
  }
  // DeriveKeyPair gives a scalar; WebCrypto imports a private key only with its public point
  // (JWK x, y), so compute d*G here. BigInt double-and-add: slow, not constant-time, and only
  // ever used on the RFC test vectors' keys and in tests, never on a real key.
  var P = BigInt("0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF");
  var G = [
    BigInt("0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"),
    BigInt("0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5"),
  ];
  function mod(a) {
    var r = a % P;
    return r < 0 ? r + P : r;
  }
  function inverse(a) {
    var result = BigInt(1);
    var base = mod(a);
    var e = P - BigInt(2);
    while (e > 0) {
      if (e & BigInt(1)) result = mod(result * base);
      base = mod(base * base);
      e >>= BigInt(1);
    }
    return result;
  }
  function add(p1, p2) {
    if (!p1) return p2;
    if (!p2) return p1;
    var l;
    if (p1[0] === p2[0]) {
      if (mod(p1[1] + p2[1]) === BigInt(0)) return null;
      l = mod(BigInt(3) * p1[0] * p1[0] - BigInt(3)) * inverse(BigInt(2) * p1[1]);
    } else {
      l = mod(p2[1] - p1[1]) * inverse(p2[0] - p1[0]);
    }
    l = mod(l);
    var x = mod(l * l - p1[0] - p2[0]);
    return [x, mod(l * (p1[0] - x) - p1[1])];
  }
  function multiply(k) {
    var result = null;
    var addend = G;
    while (k > 0) {
      if (k & BigInt(1)) result = add(result, addend);
      addend = add(addend, addend);
      k >>= BigInt(1);
    }
    return result;
  }
  function int32(n) {
    return hex(("0".repeat(64) + n.toString(16)).slice(-64));
  }
  function importScalar(scalar) {
    var point = multiply(BigInt("0x" + toHex(scalar)));
    var jwk = {
      kty: "EC",
      crv: "P-256",
      d: b64e(scalar),
      x: b64e(int32(point[0])),
      y: b64e(int32(point[1])),
      ext: true,
    };
    return subtle.importKey("jwk", jwk, P256, true, ["deriveBits"]);
  }
  function publicOf(privateKey) {
    return subtle.exportKey("jwk", privateKey).then(function (jwk) {
      return concat(new Uint8Array([4]), b64d(jwk.x), b64d(jwk.y));
    });
  }
  function deriveKeyPair(ikm) {
    return labeledExtract(KEM_SUITE, new Uint8Array(0), "dkp_prk", ikm).then(function (prk) {
      function attempt(counter) {
        if (counter > 255) throw new Error("DeriveKeyPair failed");
        return labeledExpand(KEM_SUITE, prk, "candidate", new Uint8Array([counter]), 32).then(
          function (candidate) {
            var scalar = BigInt("0x" + toHex(candidate));
            if (scalar === BigInt(0) || scalar >= ORDER) return attempt(counter + 1);
            return importScalar(candidate).then(function (privateKey) {
              return publicOf(privateKey).then(function (publicRaw) {
                return { scalar: candidate, privateKey: privateKey, publicRaw: publicRaw };
              });
            });
          }
        );
      }
      return attempt(0);
    });
  }
  function dh(privateKey, publicKey) {
    return subtle.deriveBits({ name: "ECDH", public: publicKey }, privateKey, 256).then(bytes);
  }

  // --- HPKE -----------------------------------------------------------------------------------
  function sharedSecret(dhBytes, kemContext) {
    return labeledExtract(KEM_SUITE, new Uint8Array(0), "eae_prk", dhBytes).then(function (prk) {
      return labeledExpand(KEM_SUITE, prk, "shared_secret", kemContext, 32);
    });
  }
  function keySchedule(secretBytes, info) {
    var empty = new Uint8Array(0);
    return Promise.all([
      labeledExtract(HPKE_SUITE, empty, "psk_id_hash", empty),
      labeledExtract(HPKE_SUITE, empty, "info_hash", info),
      labeledExtract(HPKE_SUITE, secretBytes, "secret", empty),
    ]).then(function (r) {
      var context = concat(new Uint8Array([0]), r[0], r[1]);
      return Promise.all([
        labeledExpand(HPKE_SUITE, r[2], "key", context, 16),
        labeledExpand(HPKE_SUITE, r[2], "base_nonce", context, 12),
        labeledExpand(HPKE_SUITE, r[2], "exp", context, 32),
      ]).then(function (k) {
        return { key: k[0], nonce: k[1], exporter: k[2] };
      });
    });
  }
  // ephemeral: {privateKey, publicRaw}, only for the test vectors.
  function setupSender(pkR, info, ephemeral) {
    var made = ephemeral
      ? Promise.resolve(ephemeral)
      : subtle.generateKey(P256, true, ["deriveBits"]).then(function (pair) {
          return subtle.exportKey("raw", pair.publicKey).then(function (raw) {
            return { privateKey: pair.privateKey, publicRaw: bytes(raw) };
          });
        });
    return Promise.all([made, importPublic(pkR)]).then(function (r) {
      var enc = r[0].publicRaw;
      return dh(r[0].privateKey, r[1])
        .then(function (d) {
          return sharedSecret(d, concat(enc, pkR));
        })
        .then(function (ss) {
          return keySchedule(ss, info);
        })
        .then(function (ctx) {
          ctx.enc = enc;
          return ctx;
        });
    });
  }
  // recipient: {privateKey, publicRaw}
  function setupRecipient(enc, recipient, info) {
    return Promise.all([importPublic(enc), recipient.publicRaw]).then(function (r) {
      return dh(recipient.privateKey, r[0])
        .then(function (d) {
          return sharedSecret(d, concat(enc, r[1]));
        })
        .then(function (ss) {
          return keySchedule(ss, info);
        });
    });
  }
  function aesGcm(mode, keyBytes, nonce, aad, data) {
    return subtle
      .importKey("raw", keyBytes, { name: "AES-GCM" }, false, [mode])
      .then(function (key) {
        return subtle[mode]({ name: "AES-GCM", iv: nonce, additionalData: aad }, key, data);
      })
      .then(bytes);
  }
  function seal(pkR, info, aad, plaintext, ephemeral) {
    return setupSender(pkR, info, ephemeral).then(function (ctx) {
      return aesGcm("encrypt", ctx.key, ctx.nonce, aad, plaintext).then(function (ct) {
        return { enc: ctx.enc, ct: ct };
      });
    });
  }
  function open(enc, recipient, info, aad, ct) {
    return setupRecipient(enc, recipient, info).then(function (ctx) {
      return aesGcm("decrypt", ctx.key, ctx.nonce, aad, ct);
    });
  }
  function exportSecret(exporterSecret, context, length) {
    return labeledExpand(HPKE_SUITE, exporterSecret, "sec", context, length);
  }

  // --- Key ids, padding, the envelope --------------------------------------------------------
  function keyId(publicRaw) {
    return subtle.digest("SHA-256", publicRaw).then(function (d) {
      return b64e(bytes(d).slice(0, 12));
    });
  }
  function pad(data) {
    if (data.length > MAX_PADDED - 4) throw new Error("too long");
    var size = Math.max(BUCKET, Math.ceil((data.length + 4) / BUCKET) * BUCKET);
    var out = new Uint8Array(size);
    new DataView(out.buffer).setUint32(0, data.length);
    out.set(data, 4);
    return out;
  }
  function unpad(padded) {
    if (padded.length < 4 || padded.length % BUCKET) throw new Error("bad padding");
    var length = new DataView(padded.buffer, padded.byteOffset).getUint32(0);
    if (length > padded.length - 4) throw new Error("bad padding");
    for (var i = 4 + length; i < padded.length; i++) if (padded[i]) throw new Error("bad padding");
    return padded.slice(4, 4 + length);
  }
  function randomId() {
    return b64e(crypto.getRandomValues(new Uint8Array(16)));
  }
  function envelopeAad(id, version) {
    return te.encode(id + "." + version);
  }
  // recipients: {kid: public key bytes}
  function sealEnvelope(message, id, version, recipients) {
    var kids = Object.keys(recipients);
    if (!kids.length) return Promise.reject(new Error("no recipient"));
    var aad = envelopeAad(id, version);
    var contentKey = crypto.getRandomValues(new Uint8Array(32));
    var nonce = crypto.getRandomValues(new Uint8Array(12));
    var body;
    try {
      body = pad(te.encode(JSON.stringify(message)));
    } catch (error) {
      return Promise.reject(error);
    }
    return aesGcm("encrypt", contentKey, nonce, aad, body).then(function (ct) {
      return Promise.all(
        kids.map(function (kid) {
          return seal(recipients[kid], INFO, aad, contentKey).then(function (s) {
            return { kid: kid, enc: b64e(s.enc), ct: b64e(s.ct) };
          });
        })
      ).then(function (sealed) {
        contentKey.fill(0);
        return {
          format: ENVELOPE_FORMAT,
          id: id,
          list: version,
          recipients: sealed,
          nonce: b64e(nonce),
          ct: b64e(ct),
        };
      });
    });
  }
  // recipient: {kid, privateKey, publicRaw}
  function openEnvelope(envelope, recipient) {
    var kid = recipient.kid;
    if (!envelope || envelope.format !== ENVELOPE_FORMAT) return Promise.reject(new Error("not an envelope"));
    var mine = (envelope.recipients || []).filter(function (r) {
      return r.kid === kid;
    })[0];
    if (!mine) return Promise.reject(new Error("not sealed to this key"));
    var aad = envelopeAad(envelope.id, envelope.list);
    return open(b64d(mine.enc), recipient, INFO, aad, b64d(mine.ct))
      .then(function (contentKey) {
        return aesGcm("decrypt", contentKey, b64d(envelope.nonce), aad, b64d(envelope.ct));
      })
      .then(function (padded) {
        return JSON.parse(td.decode(unpad(padded)));
      });
  }

  // --- The signed key list -------------------------------------------------------------------
  function when(text) {
    var t = typeof text === "string" ? Date.parse(text) : NaN;
    if (isNaN(t)) throw new Error("bad date");
    return t;
  }
  // Resolves to {version, keys: {kid: bytes}} or rejects with an Error whose .code says why.
  function problem(code) {
    var error = new Error(code);
    error.code = code;
    return error;
  }
  function checkKeyList(rootB64, listB64, signatureB64, excluded, now) {
    if (!rootB64) return Promise.reject(problem("no_root"));
    if (!listB64 || !signatureB64) return Promise.reject(problem("unsigned"));
    var body, signature;
    try {
      body = b64d(listB64);
      signature = b64d(signatureB64);
    } catch (e) {
      return Promise.reject(problem("bad_signature"));
    }
    return subtle
      .importKey("raw", b64d(rootB64), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"])
      .then(function (root) {
        return subtle.verify({ name: "ECDSA", hash: "SHA-256" }, root, signature, body);
      })
      .then(
        function (good) {
          if (!good) throw problem("bad_signature");
          return parseKeyList(body, excluded || [], now || Date.now());
        },
        function () {
          throw problem("bad_signature");
        }
      );
  }
  function parseKeyList(body, excluded, now) {
    var data;
    try {
      data = JSON.parse(td.decode(body));
      if (data.format !== KEY_LIST_FORMAT || !(data.version >= 1)) throw new Error("format");
      if (when(data.not_after) <= now) throw problem("stale");
    } catch (error) {
      throw error.code ? error : problem("bad_signature");
    }
    var keys = {};
    var checks = (data.keys || []).map(function (key) {
      var raw = b64d(key.public);
      return keyId(raw).then(function (kid) {
        if (kid !== key.kid) throw problem("bad_signature");
        if (excluded.indexOf(kid) >= 0) return;
        if (when(key.not_before) <= now && now < when(key.not_after)) keys[kid] = raw;
      });
    });
    return Promise.all(checks).then(function () {
      if (!Object.keys(keys).length) throw problem("no_keys");
      return { version: data.version, keys: keys };
    });
  }

  // --- The support member's key file (PBKDF2-SHA256 + AES-256-GCM around PKCS#8) ----------------
  function wrappingKey(passphrase, salt, iterations) {
    return subtle
      .importKey("raw", te.encode(passphrase), "PBKDF2", false, ["deriveKey"])
      .then(function (base) {
        return subtle.deriveKey(
          { name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: iterations },
          base,
          { name: "AES-GCM", length: 256 },
          false,
          ["encrypt", "decrypt"]
        );
      });
  }
  // A new key pair; resolves to {kid, publicRaw, keyFile} where keyFile holds the private key
  // wrapped with the passphrase. The unwrapped private key never leaves this function.
  function newKeyFile(passphrase, iterations) {
    iterations = iterations || PBKDF2_ITERATIONS;
    var salt = crypto.getRandomValues(new Uint8Array(16));
    var iv = crypto.getRandomValues(new Uint8Array(12));
    return subtle.generateKey(P256, true, ["deriveBits"]).then(function (pair) {
      return Promise.all([
        subtle.exportKey("raw", pair.publicKey),
        subtle.exportKey("pkcs8", pair.privateKey),
        wrappingKey(passphrase, salt, iterations),
      ]).then(function (r) {
        var publicRaw = bytes(r[0]);
        return subtle
          .encrypt({ name: "AES-GCM", iv: iv, additionalData: te.encode(KEY_FILE_FORMAT) }, r[2], r[1])
          .then(function (wrapped) {
            return keyId(publicRaw).then(function (kid) {
              return {
                kid: kid,
                publicRaw: publicRaw,
                keyFile: {
                  format: KEY_FILE_FORMAT,
                  kid: kid,
                  public: b64e(publicRaw),
                  kdf: "PBKDF2-SHA256",
                  iterations: iterations,
                  salt: b64e(salt),
                  iv: b64e(iv),
                  wrapped: b64e(bytes(wrapped)),
                },
              };
            });
          });
      });
    });
  }
  // Resolves to {kid, privateKey, publicRaw} (a non-extractable CryptoKey) or rejects.
  function unwrapKeyFile(keyFile, passphrase) {
    if (!keyFile || keyFile.format !== KEY_FILE_FORMAT || keyFile.kdf !== "PBKDF2-SHA256") {
      return Promise.reject(new Error("not a key file"));
    }
    return wrappingKey(passphrase, b64d(keyFile.salt), keyFile.iterations)
      .then(function (key) {
        return subtle.decrypt(
          { name: "AES-GCM", iv: b64d(keyFile.iv), additionalData: te.encode(KEY_FILE_FORMAT) },
          key,
          b64d(keyFile.wrapped)
        );
      })
      .then(function (pkcs8) {
        return subtle.importKey("pkcs8", pkcs8, P256, false, ["deriveBits"]);
      })
      .then(function (privateKey) {
        return { kid: keyFile.kid, privateKey: privateKey, publicRaw: b64d(keyFile.public) };
      });
  }

  window.WalkoutHPKE = {
    available: !!subtle,
    hex: hex,
    toHex: toHex,
    b64e: b64e,
    b64d: b64d,
    deriveKeyPair: deriveKeyPair,
    importScalar: importScalar,
    publicOf: publicOf,
    seal: seal,
    open: open,
    setupSender: setupSender,
    setupRecipient: setupRecipient,
    exportSecret: exportSecret,
    keyId: keyId,
    pad: pad,
    unpad: unpad,
    randomId: randomId,
    sealEnvelope: sealEnvelope,
    openEnvelope: openEnvelope,
    checkKeyList: checkKeyList,
    newKeyFile: newKeyFile,
    unwrapKeyFile: unwrapKeyFile,
  };
})();
