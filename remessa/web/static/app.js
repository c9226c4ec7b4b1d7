// go-sus: drag and drop on the form page, filters on the report page.
// The pages work without this script: the form posts, and the report's
// filter form reloads the page with its choices in the query.
"use strict";
(function () {
  function ready(f) {
    if (document.readyState !== "loading") { f(); } else { document.addEventListener("DOMContentLoaded", f); }
  }

  function setupForm() {
    var form = document.getElementById("envio");
    var input = document.getElementById("arquivos");
    var zone = document.getElementById("soltar");
    var list = document.getElementById("escolhidos");
    if (!form || !input || !zone) { return; }
    function show() {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      for (var i = 0; i < input.files.length; i++) {
        var li = document.createElement("li");
        var f = input.files[i];
        li.textContent = f.name + " (" + Math.max(1, Math.round(f.size / 1024)).toLocaleString("pt-BR") + " KB)";
        list.appendChild(li);
      }
    }
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("sobre"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      zone.addEventListener(ev, function () { zone.classList.remove("sobre"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        show();
      }
    });
    form.addEventListener("submit", function () {
      var b = document.getElementById("verificar");
      var a = document.getElementById("andamento");
      if (b) { setTimeout(function () { b.disabled = true; }, 0); }
      if (a) { a.hidden = false; }
    });
  }

  function setupFilters() {
    var form = document.getElementById("filtros");
    var table = document.getElementById("tabela-linhas");
    if (!form || !table) { return; }
    var fc = document.getElementById("f-cnes");
    var fp = document.getElementById("f-prof");
    var fk = document.getElementById("f-critica");
    var shown = document.getElementById("n-mostradas");
    var rows = table.tBodies[0].rows;
    function apply() {
      var c = fc.value, p = fp.value, k = fk.value, n = 0;
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i];
        var ok = (!c || r.getAttribute("data-cnes") === c) &&
          (!p || r.getAttribute("data-prof") === p) &&
          (!k || r.getAttribute("data-criticas").indexOf(" " + k + " ") >= 0);
        r.hidden = !ok;
        if (ok) { n++; }
      }
      if (shown) { shown.textContent = n.toLocaleString("pt-BR"); }
      if (window.history && history.replaceState && form.getAttribute("action")) {
        var q = [];
        if (c) { q.push("cnes=" + encodeURIComponent(c)); }
        if (p) { q.push("profissional=" + encodeURIComponent(p)); }
        if (k) { q.push("critica=" + encodeURIComponent(k)); }
        history.replaceState(null, "", (q.length ? "?" + q.join("&") : location.pathname) + "#linhas");
      }
    }
    [fc, fp, fk].forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    var clear = document.getElementById("limpar");
    if (clear) {
      clear.addEventListener("click", function (e) {
        e.preventDefault();
        fc.value = ""; fp.value = ""; fk.value = "";
        apply();
      });
    }
    var links = document.querySelectorAll("a.filtro-link");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function (e) {
        e.preventDefault();
        fk.value = this.getAttribute("data-critica");
        apply();
        document.getElementById("linhas").scrollIntoView();
      });
    }
    form.setAttribute("data-js", "1");
  }

  ready(function () { setupForm(); setupFilters(); });
})();
