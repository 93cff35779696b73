// The ballot paper's two jobs in the browser. Nothing here is needed to vote.
//
// 1. The receipt secret (openassembly/ballots/receipts.py). Once per ballot the browser draws
//    15 symbols of the receipt alphabet from its secure generator, keeps them in this browser's
//    storage and sends them with the ballot. The server adds its own random pad, symbol by
//    symbol modulo 32, to make the receipt, and keeps only the pad, on the voter's mark. If the
//    page with the receipt never arrives, the "voted already" page hands this voter their pad
//    and this script adds the secret back: the receipt is recovered, and the server learns
//    nothing about which ballot it is. When the receipt page does arrive, the secret is
//    forgotten. Without JavaScript no secret is sent, and the receipt cannot be recovered.
// 2. Padding. Every mark on the paper is sent at one width (forms.py), so the form alone
//    makes every ballot's request one length, without JavaScript too. A browser that cannot
//    keep a secret sends none, so the script pads its request to the length of one that
//    carries a secret (the form says how long): the size of the encrypted request tells
//    nothing about the choices or the browser.
(function () {
  "use strict";

  var ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  var BODY = 15;
  var PREFIX = "openassembly:receipt-secret:";

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function recall(key) {
    var store = storage();
    try { return store ? store.getItem(key) : null; } catch (e) { return null; }
  }

  function remember(key, value) {
    var store = storage();
    try { store.setItem(key, value); return store.getItem(key) === value; } catch (e) { return false; }
  }

  function forget(key) {
    var store = storage();
    try { if (store) store.removeItem(key); } catch (e) { /* nothing kept, nothing to forget */ }
  }

  function wellFormed(text) {
    if (typeof text !== "string" || text.length !== BODY) return false;
    for (var i = 0; i < text.length; i++) if (ALPHABET.indexOf(text[i]) < 0) return false;
    return true;
  }

  function newSecret() {
    var bytes = new Uint8Array(BODY);
    window.crypto.getRandomValues(bytes);
    // 256 is a multiple of 32, so every symbol is equally likely.
    return Array.from(bytes, function (b) { return ALPHABET[b % 32]; }).join("");
  }

  // Luhn mod 32, as receipts.py computes it: from the right, every second value is doubled
  // and its base-32 digits added.
  function checkSymbol(body) {
    var total = 0;
    for (var position = 0; position < body.length; position++) {
      var value = ALPHABET.indexOf(body[body.length - 1 - position]);
      if (position % 2 === 0) {
        value *= 2;
        value = Math.floor(value / 32) + (value % 32);
      }
      total += value;
    }
    return ALPHABET[(32 - (total % 32)) % 32];
  }

  function receiptFrom(secret, pad) {
    var body = "";
    for (var i = 0; i < BODY; i++) {
      body += ALPHABET[(ALPHABET.indexOf(secret[i]) + ALPHABET.indexOf(pad[i])) % 32];
    }
    var code = body + checkSymbol(body);
    return code.match(/.{1,4}/g).join("-");
  }

  function setUpPaper(form) {
    var key = PREFIX + form.dataset.secretKey;
    if (window.crypto && window.crypto.getRandomValues) {
      var secret = recall(key);
      // A retry after a lost response sends the same secret again, so the receipt the
      // recovery recomputes is the one the first (counted) attempt made.
      if (!wellFormed(secret)) {
        secret = newSecret();
        if (!remember(key, secret)) secret = "";
      }
      // Sent only if kept: a secret this browser cannot keep could not recover anything.
      form.elements.secret.value = secret;
    }
    form.addEventListener("submit", function () {
      var padding = form.elements.padding;
      padding.value = "";
      var length = new URLSearchParams(new FormData(form)).toString().length;
      var missing = parseInt(form.dataset.padTo, 10) - length;
      padding.value = missing > 0 ? "0".repeat(missing) : "";
    });
  }

  function setUpRecovery(section) {
    var key = PREFIX + section.dataset.secretKey;
    var secret = recall(key);
    var pad = section.dataset.pad;
    document.getElementById("recovery-none").hidden = true;
    if (!wellFormed(secret) || !wellFormed(pad)) {
      document.getElementById("recovery-absent").hidden = false;
      return;
    }
    document.getElementById("recovered-code").textContent = receiptFrom(secret, pad);
    var found = document.getElementById("recovery-found");
    found.hidden = false;
    document.getElementById("recovery-forget").addEventListener("click", function () {
      forget(key);
      found.hidden = true;
      document.getElementById("recovery-absent").hidden = false;
    });
  }

  function start() {
    var form = document.getElementById("ballot");
    if (form && form.dataset.secretKey) setUpPaper(form);
    var section = document.getElementById("receipt-recovery");
    if (section) setUpRecovery(section);
    // The receipt arrived: the secret has done its job, and a secret left in this browser
    // would let anyone who later reads it, with the pad, find the ballot.
    var arrived = document.querySelector("[data-forget-secret]");
    if (arrived) forget(PREFIX + arrived.dataset.forgetSecret);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
