// The attendance checklist asks who holds a proxy only on the rows marked "by proxy": each
// row's picker is hidden until its "by proxy" choice is ticked (or the picker carries a
// refusal). Without this script every picker shows, and the server reads a picker only on a
// row marked "by proxy", so the form means the same either way.
(function () {
  "use strict";

  function sync(row) {
    const proxy = row.querySelector('input[type="radio"][value="proxy"]');
    const picker = row.querySelector('select[name^="holder-"]');
    if (!proxy || !picker) return;
    picker.hidden = !(proxy.checked || picker.getAttribute("aria-invalid") === "true");
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("table.roll tbody tr").forEach((row) => {
      sync(row);
      row.addEventListener("change", () => sync(row));
    });
  });
})();
