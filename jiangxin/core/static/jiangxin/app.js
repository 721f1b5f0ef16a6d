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
  // Progress bars (background tasks) poll with htmx; nothing else is needed here.
})();
