// jiangxin's own script: no inline handlers (the CSP forbids them).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-jx-autosubmit]")) {
      el.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-jx-toggle]");
    if (!button) return;
    var target = document.getElementById(button.getAttribute("data-jx-toggle"));
    if (!target) return;
    var open = target.classList.toggle("jx-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  // A "select all" checkbox: data-jx-check-all="<name>" ticks every checkbox of that name.
  document.addEventListener("change", function (event) {
    var all = event.target;
    if (!all.matches || !all.matches("input[data-jx-check-all]")) return;
    var name = all.getAttribute("data-jx-check-all");
    document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (c) {
      c.checked = all.checked;
    });
  });
  // Progress bars (background tasks) poll with htmx; nothing else is needed here.
})();
