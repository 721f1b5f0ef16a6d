// Bulk certification: "select all on this page" ticks every row's box (no inline handlers).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el.matches) return;
    var form = el.form;
    if (!form) return;
    var boxes = form.querySelectorAll("input[type=checkbox][name=entries]");
    if (el.matches("input[data-jx-check-all]")) {
      boxes.forEach(function (box) { box.checked = el.checked; });
    }
    if (el.matches("input[data-jx-check-all], input[name=entries]")) {
      var n = 0;
      boxes.forEach(function (box) { if (box.checked) n += 1; });
      var all = form.querySelector("input[data-jx-check-all]");
      if (all) all.checked = n > 0 && n === boxes.length;
      var count = form.querySelector("[data-jx-selected]");
      if (count) count.textContent = String(n);
    }
  });
})();
