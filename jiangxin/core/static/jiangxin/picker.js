// Search-as-you-type pickers (jiangxin.core.pickers): type, see the matching options,
// choose one with the mouse or with ↑ ↓ and Enter; the hidden input gets its id.
// The query is POSTed (an ID number typed never lands in a URL); no inline handlers.
(function () {
  "use strict";
  var DELAY = 250;

  function csrfToken(el) {
    var form = el.closest("form");
    var input = (form && form.querySelector("input[name=csrfmiddlewaretoken]")) ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    try {  // base.html puts the token in the body's hx-headers
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (err) {
      return "";
    }
  }

  function Picker(root) {
    this.root = root;
    this.input = root.querySelector(".jx-picker-input");
    this.list = root.querySelector(".jx-picker-list");
    this.multiple = root.hasAttribute("data-multiple");
    this.name = root.getAttribute("data-name");
    this.hidden = this.multiple ? null : root.querySelector("input[type=hidden][name='" + this.name + "']");
    this.current = root.querySelector("[data-jx-picker-current]");
    this.chosen = root.querySelector(".jx-picker-chosen");
    this.active = -1;
    this.timer = null;
    this.seq = 0;
    this.saved = this.hidden ? { value: this.hidden.value, label: this.input.value } : null;
    var self = this;
    this.input.addEventListener("input", function () { self.onInput(); });
    this.input.addEventListener("keydown", function (e) { self.onKey(e); });
    this.input.addEventListener("blur", function () {
      window.setTimeout(function () { self.close(true); }, 150);
    });
    this.list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    this.list.addEventListener("click", function (e) {
      var li = e.target.closest("li[role=option]");
      if (li) self.choose(li);
    });
    if (this.chosen) {
      this.chosen.addEventListener("click", function (e) {
        var li = e.target.closest("li");
        if (!li) return;
        if (e.target.closest("[data-jx-picker-remove]")) {
          li.remove();
          self.input.focus();
        } else if (e.target.closest("[data-jx-picker-up]") && li.previousElementSibling) {
          li.parentNode.insertBefore(li, li.previousElementSibling);
          e.target.closest("button").focus();
        }
      });
    }
  }

  Picker.prototype.params = function () {
    var body = new URLSearchParams();
    var attrs = this.root.attributes;
    var form = this.root.closest("form");
    for (var i = 0; i < attrs.length; i++) {
      var a = attrs[i].name;
      if (a.indexOf("data-param-from-") === 0) {
        var field = form && form.elements[attrs[i].value];
        if (field && field.value) body.set(a.slice(16), field.value);
      } else if (a.indexOf("data-param-") === 0) {
        body.set(a.slice(11), attrs[i].value);
      }
    }
    return body;
  };

  Picker.prototype.onInput = function () {
    var self = this;
    if (this.hidden && this.hidden.value) {
      this.hidden.value = "";  // typing again un-chooses: nothing stale is submitted
      if (this.current) this.current.textContent = "";
    }
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.fetch(); }, DELAY);
  };

  Picker.prototype.fetch = function () {
    var q = this.input.value.trim();
    if (!q) { this.close(false); return; }
    var self = this, seq = ++this.seq;
    var body = this.params();
    body.set("q", q);
    window.fetch(this.root.getAttribute("data-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(this.root), "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    }).then(function (r) { return r.ok ? r.text() : ""; }).then(function (html) {
      if (seq !== self.seq) return;  // an older answer arriving late
      self.open(html);
    });
  };

  Picker.prototype.options = function () {
    return Array.prototype.slice.call(this.list.querySelectorAll("li[role=option]"));
  };

  Picker.prototype.open = function (html) {
    var listId = this.list.id;
    this.list.innerHTML = html;
    this.options().forEach(function (li) { li.id = listId + "-" + li.getAttribute("data-value"); });
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.highlight(this.options().length ? 0 : -1);
  };

  Picker.prototype.close = function (restore) {
    this.list.hidden = true;
    this.list.innerHTML = "";
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    if (restore && this.hidden && !this.hidden.value && this.saved && this.saved.value &&
        this.input.value.trim() === "") {
      this.hidden.value = this.saved.value;  // left empty: keep what was chosen before
      this.input.value = this.saved.label;
    }
  };

  Picker.prototype.highlight = function (n) {
    var opts = this.options();
    opts.forEach(function (li, i) { li.setAttribute("aria-selected", i === n ? "true" : "false"); });
    this.active = n;
    if (n >= 0 && opts[n]) {
      this.input.setAttribute("aria-activedescendant", opts[n].id);
      if (opts[n].scrollIntoView) opts[n].scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Picker.prototype.onKey = function (e) {
    var opts = this.options();
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (this.list.hidden) { this.fetch(); return; }
      this.highlight(Math.min(this.active + 1, opts.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      this.highlight(Math.max(this.active - 1, 0));
    } else if (e.key === "Enter") {
      if (!this.list.hidden && opts[this.active]) {
        e.preventDefault();  // choose, do not submit the form
        this.choose(opts[this.active]);
      } else if (this.input.value.trim() && (this.multiple || !this.hidden.value)) {
        e.preventDefault();  // typed but nothing chosen yet: do not submit
        this.fetch();
      }
    } else if (e.key === "Escape") {
      if (!this.list.hidden) { e.preventDefault(); this.close(true); }
    }
  };

  Picker.prototype.choose = function (li) {
    var value = li.getAttribute("data-value");
    var label = li.getAttribute("data-label");
    var detail = li.getAttribute("data-detail") || "";
    if (this.multiple) {
      this.addRow(value, label, detail);
      this.input.value = "";
    } else {
      this.hidden.value = value;
      this.input.value = label;
      if (this.current) this.current.textContent = detail;
      this.saved = { value: value, label: label };
      this.hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }
    this.close(false);
    this.input.focus();
  };

  Picker.prototype.addRow = function (value, label, detail) {
    if (this.chosen.querySelector("li[data-value='" + value + "']")) return;  // already listed
    var li = document.createElement("li");
    li.setAttribute("data-value", value);
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = this.name;
    hidden.value = value;
    li.appendChild(hidden);
    var span = document.createElement("span");
    span.className = "jx-picker-label";
    span.textContent = label;
    li.appendChild(span);
    li.appendChild(document.createTextNode(" "));
    var small = document.createElement("small");
    small.className = "jx-picker-detail";
    small.textContent = detail;
    li.appendChild(small);
    var shareLabel = this.root.getAttribute("data-share-label");
    if (shareLabel) {
      var share = document.createElement("input");
      share.type = "text";
      share.name = this.name + "_share";
      share.setAttribute("inputmode", "decimal");
      share.className = "jx-picker-share";
      share.placeholder = shareLabel;
      share.setAttribute("aria-label", shareLabel + " · " + label);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(share);
    }
    li.appendChild(document.createTextNode(" "));
    li.appendChild(this.button("jx-picker-up", "data-jx-picker-up", "↑", this.root.getAttribute("data-up-label") + " · " + label));
    li.appendChild(this.button("jx-picker-remove", "data-jx-picker-remove", "×", this.root.getAttribute("data-remove-label") + " · " + label));
    this.chosen.appendChild(li);
  };

  Picker.prototype.button = function (cls, attr, text, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = cls;
    b.setAttribute(attr, "");
    b.setAttribute("aria-label", label);
    b.textContent = text;
    return b;
  };

  function init(scope) {
    var roots = (scope || document).querySelectorAll("[data-jx-picker]");
    for (var i = 0; i < roots.length; i++) {
      if (!roots[i].jxPicker) roots[i].jxPicker = new Picker(roots[i]);
    }
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  // Forms re-rendered by htmx (a failed POST) bring new pickers.
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
