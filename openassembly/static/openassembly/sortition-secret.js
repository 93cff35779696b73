// A sortition party's secret value, made on this device and never sent to the server before
// the pool closes: only its SHA-256 (the commitment) goes into the form. The value is 32 bytes
// from the browser's secure generator as 64 lower-case hex digits, and the commitment is the
// SHA-256 of those 64 characters, exactly as `openassembly sortition-secret` makes them
// (procedure openassembly-commit-reveal-v1).
(function () {
  "use strict";

  function hex(buffer) {
    return Array.from(new Uint8Array(buffer), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }

  function remember(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: the person keeps it */ }
  }

  function recall(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function setUpMaker(maker) {
    // Web Crypto's digest needs a secure context (HTTPS or this machine); without it the page
    // keeps its other route, the command line, and shows no button that cannot work.
    if (!window.crypto || !window.crypto.subtle || !window.crypto.getRandomValues) return;
    var field = document.getElementById(maker.dataset.commitmentField);
    var output = maker.querySelector("output");
    maker.hidden = false;
    maker.querySelector("button").addEventListener("click", function () {
      var bytes = new Uint8Array(32);
      window.crypto.getRandomValues(bytes);
      var value = hex(bytes);
      window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)).then(function (digest) {
        field.value = hex(digest);
        output.textContent = value;
        remember(maker.dataset.storageKey, value);
      });
    });
  }

  function setUpReveal(reveal) {
    var field = document.getElementById(reveal.dataset.valueField);
    var value = recall(reveal.dataset.storageKey);
    if (field && value && !field.value) field.value = value;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-seed-maker]").forEach(setUpMaker);
    document.querySelectorAll("[data-seed-reveal]").forEach(setUpReveal);
  });
})();
