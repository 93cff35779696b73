// Tables wider than a phone scroll inside a box rather than widening the page (site.css).
// A box that scrolls must be reachable by keyboard and named for a screen reader (WCAG
// 2.1.1), so each such box gets tabindex="0", role="region" and the table's caption or
// heading as its name. Without this script the tables still scroll; only the focus is lost.
(function () {
  "use strict";

  function nameFor(table) {
    const caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    let el = table.parentElement.closest(".table-scroll") || table;
    while (el && !/^H[1-6]$/.test(el.tagName)) el = el.previousElementSibling;
    return el ? el.textContent.trim() : "Table";
  }

  function wrap(root) {
    root.querySelectorAll("main table").forEach((table) => {
      let box = table.parentElement;
      if (!box.classList.contains("table-scroll")) {
        box = document.createElement("div");
        box.className = "table-scroll";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
      }
    });
    mark();
  }

  function mark() {
    document.querySelectorAll(".table-scroll").forEach((box) => {
      const table = box.querySelector("table");
      if (table && box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", nameFor(table) + " (scrolls sideways)");
      } else if (box.hasAttribute("role")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  // A box's width changes with the window, a phone turned sideways, a stylesheet arriving
  // late or a <details> opening; a ResizeObserver sees all of them, where a resize event
  // misses the last two.
  const watcher = "ResizeObserver" in window ? new ResizeObserver(mark) : null;

  function watch() {
    if (!watcher) return;
    document.querySelectorAll(".table-scroll").forEach((box) => {
      watcher.observe(box);
      const table = box.querySelector("table");
      if (table) watcher.observe(table);
    });
  }

  document.addEventListener("DOMContentLoaded", () => { wrap(document); watch(); });
  document.addEventListener("htmx:afterSettle", (event) => { wrap(event.target); watch(); });
  window.addEventListener("resize", mark);
  document.addEventListener("toggle", mark, true);  // a table inside <details> opened
})();
