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
  // Tables read as cards on a phone (app.css): each cell carries its column's heading.
  function labelTables(root) {
    var tables = (root.querySelectorAll ? root : document).querySelectorAll("main table:not(.jx-no-cards)");
    Array.prototype.forEach.call(tables, function (table) {
      Array.prototype.forEach.call(table.querySelectorAll("td"), markShort);
      var heads = table.tHead && table.tHead.rows.length ? table.tHead.rows[table.tHead.rows.length - 1].cells : null;
      if (!heads) return;
      var labels = [];
      Array.prototype.forEach.call(heads, function (th) {
        var text = th.textContent.replace(/\s+/g, " ").trim();
        for (var i = 0; i < (th.colSpan || 1); i++) labels.push(text);
      });
      Array.prototype.forEach.call(table.tBodies, function (body) { labelRows(body.rows, labels); });
      if (table.tFoot) labelRows(table.tFoot.rows, labels);
      table.classList.add("jx-cards");
    });
  }
  // A short cell (a status, a kind, a date, a sum) never wraps: Chinese would otherwise
  // break between any two characters (已认/定) when the table is tight.
  function markShort(cell) {
    var text = cell.textContent.replace(/\s+/g, " ").trim();
    if (text && (text.length <= 6 || /^[\d\s:.,¥%\-–—]+$/.test(text))) cell.classList.add("jx-short");
  }
  function labelRows(rows, labels) {
    Array.prototype.forEach.call(rows, function (row) {
      var col = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var label = labels[col];
        if (label && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", label);
        col += cell.colSpan || 1;
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { labelTables(document); });
  document.addEventListener("htmx:afterSettle", function () { labelTables(document); });
  // Progress bars (background tasks) poll with htmx; nothing else is needed here.
})();
