// The chair's console counts each speaker's remaining time down, second by second.
// The server renders the time allowed, the start and the time left when it drew the page,
// with both the start and its own clock as data attributes; counting from the server's "now"
// (not this device's clock, which may be wrong) keeps the countdown honest. Without this
// script the page still says when the speech began, the time allowed and the time left as
// of the last refresh. The words match selectors.time_left, so the page reads alike either way.
(function () {
  "use strict";

  function duration(seconds) {
    const minutes = Math.floor(seconds / 60);
    const secs = seconds % 60;
    if (!minutes) return secs + " s";
    return secs ? minutes + " min " + secs + " s" : minutes + " min";
  }

  function words(left) {
    return left < 0 ? "over time by " + duration(-left) : duration(left) + " left";
  }

  function tick() {
    const now = Date.now();
    document.querySelectorAll("[data-speech-limit]").forEach((timer) => {
      // Each timer is new after an htmx swap, with a fresh server "now": note when it came.
      if (!timer.dataset.seenAt) timer.dataset.seenAt = String(now);
      const served = Number(timer.dataset.speechNow);
      const started = Number(timer.dataset.speechStarted);
      const limit = Number(timer.dataset.speechLimit);
      if (!Number.isFinite(served + started + limit)) return;
      const elapsed = served - started + Math.floor((now - Number(timer.dataset.seenAt)) / 1000);
      const left = limit - elapsed;
      const out = timer.querySelector(".timer-left");
      const text = words(left);
      if (out && out.textContent !== text) out.textContent = text;
      timer.classList.toggle("overrun", left < 0);
    });
  }

  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
  setInterval(tick, 1000);
})();
