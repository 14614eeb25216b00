// The review screen's behaviour: light a field's box on the page when the field has focus (and
// focus the field when its box is clicked), add and remove lines, and the keyboard shortcuts.
// No framework: the page works without this file, only less quickly.
(function () {
  "use strict";
  var form = document.getElementById("correct");
  if (!form) { return; }

  function boxes(field) {
    if (!field) { return []; }
    return Array.prototype.slice.call(document.querySelectorAll('rect[data-box="' + CSS.escape(field) + '"]'));
  }

  // Light the boxes of a field, and bring the first into view in the document pane.
  function light(field) {
    document.querySelectorAll("rect.lit").forEach(function (r) { r.classList.remove("lit"); });
    var found = boxes(field);
    found.forEach(function (r) { r.classList.add("lit"); });
    if (found.length > 0) {
      var pane = document.querySelector(".docpane");
      var page = found[0].closest(".doc-page");
      var rect = found[0].getBoundingClientRect();
      var paneRect = pane.getBoundingClientRect();
      if (rect.top < paneRect.top + 40 || rect.bottom > paneRect.bottom - 40) {
        pane.scrollTop += rect.top - paneRect.top - pane.clientHeight / 3;
      }
      if (page) { page.classList.add("has-lit"); }
    }
  }

  form.addEventListener("focusin", function (e) {
    var f = e.target.getAttribute && e.target.getAttribute("data-field");
    light(f);
  });

  // A box clicked focuses its field.
  document.addEventListener("click", function (e) {
    var rect = e.target.closest && e.target.closest("rect[data-box]");
    if (rect) {
      var input = form.querySelector('[data-field="' + CSS.escape(rect.getAttribute("data-box")) + '"]');
      if (input && input.focus) { input.focus(); }
      return;
    }
    var zoom = e.target.closest && e.target.closest("button[data-zoom]");
    if (zoom) { setZoom(zoom.getAttribute("data-zoom")); return; }
    var jump = e.target.closest && e.target.closest("button.jump");
    if (jump) { focusField(jump.getAttribute("data-jump")); }
  });

  // Zoom the pages: 0 fits the pane's width, then 150%, 200%, 300%.
  function setZoom(step) {
    var pane = document.querySelector(".docpane");
    if (!pane) { return; }
    var now = parseInt(pane.getAttribute("data-zoom") || "0", 10);
    var next = step === "0" ? 0 : Math.max(0, Math.min(3, now + parseInt(step, 10)));
    pane.setAttribute("data-zoom", String(next));
  }

  // focusField focuses the input of a draft path ("lines[2].unit_price"), or the first of a line
  // or of an anomaly's field ("buyer", "lines[2]").
  function focusField(path) {
    if (!path) { return; }
    var el = form.querySelector('[data-field="' + CSS.escape(path) + '"]') ||
      form.querySelector('[data-anomaly="' + CSS.escape(path) + '"]');
    if (!el) {
      var m = /^lines\[(\d+)\]/.exec(path);
      if (m) { el = form.querySelector('tr[data-line="' + m[1] + '"] input:not([type=hidden])'); }
    }
    if (el) { el.focus(); if (el.select) { el.select(); } }
  }

  // The fields to check, in the order of the form: anomalies and low confidence.
  function flagged() {
    return Array.prototype.slice.call(form.querySelectorAll(
      "input.f-anomaly, input.f-low, label.f-anomaly input, label.f-low input, tr.line-anomaly input:not([type=hidden])"))
      .filter(function (el, i, all) { return all.indexOf(el) === i; });
  }

  function step(dir) {
    var list = flagged();
    if (list.length === 0) { return; }
    var i = list.indexOf(document.activeElement);
    var next = i < 0 ? (dir > 0 ? 0 : list.length - 1) : (i + dir + list.length) % list.length;
    list[next].focus();
    if (list[next].select) { list[next].select(); }
  }

  // Lines: add from the template, remove by marking (the server drops marked rows).
  var add = document.getElementById("add-line");
  if (add) {
    add.addEventListener("click", function () {
      var tpl = document.getElementById("line-template");
      var row = tpl.content.firstElementChild.cloneNode(true);
      document.querySelector("#lines tbody").appendChild(row);
      if (window.htmx) { window.htmx.process(row); }
      row.querySelector('input[name="l.sku"]').focus();
    });
  }
  form.addEventListener("click", function (e) {
    var btn = e.target.closest(".remove-line");
    if (!btn) { return; }
    var row = btn.closest("tr");
    row.querySelector('input[name="l.deleted"]').value = "1";
    row.hidden = true;
  });

  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA" || el.isContentEditable);
  }

  function openAction(id, inputId) {
    var d = document.getElementById(id);
    if (!d) { return; }
    d.open = true;
    document.getElementById(inputId).focus();
  }

  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && form.contains(document.activeElement)) {
      e.preventDefault();
      form.requestSubmit();
      return;
    }
    if (e.key === "Escape") {
      document.querySelectorAll("details.action[open]").forEach(function (d) { d.open = false; });
      if (typing(document.activeElement)) { document.activeElement.blur(); }
      return;
    }
    if (typing(document.activeElement) || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var approve = document.getElementById("approve");
    switch (e.key) {
      case "a": if (approve) { e.preventDefault(); approve.form.requestSubmit(); } break;
      case "h": e.preventDefault(); openAction("hold-action", "hold-reason"); break;
      case "r": e.preventDefault(); openAction("reject-action", "reject-reason"); break;
      case "n": var next = document.getElementById("next-order"); if (next) { next.click(); } break;
      case "j": e.preventDefault(); step(1); break;
      case "k": e.preventDefault(); step(-1); break;
      case "e": e.preventDefault(); var first = form.querySelector("input:not([type=hidden]):not([disabled])"); if (first) { first.focus(); } break;
      case "+": case "=": setZoom("1"); break;
      case "-": setZoom("-1"); break;
      case "0": setZoom("0"); break;
      case "?": var keys = document.getElementById("keys"); if (keys) { keys.showModal(); } break;
    }
  });
  var help = document.getElementById("show-keys");
  if (help) { help.addEventListener("click", function () { document.getElementById("keys").showModal(); }); }
})();
