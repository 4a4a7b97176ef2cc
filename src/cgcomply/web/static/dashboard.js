// cgcomply market dashboard: filters the market table as you type (the pages work without this script:
// the web app filters on the server when the form is sent; the static site then shows every row).
(function () {
  "use strict";
  var form = document.querySelector("form[data-filter]");
  var table = document.getElementById("matrix");
  if (!form || !table) { return; }
  var isStatic = form.hasAttribute("data-static");
  form.hidden = false;
  var summary = document.getElementById("market-summary");
  var noMatch = document.getElementById("no-match");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);

  function value(name) {
    var field = form.elements.namedItem(name);
    return field ? String(field.value || "").trim() : "";
  }

  function apply() {
    var q = value("q").toLowerCase().split(/\s+/).filter(Boolean);
    var supplier = value("supplier"), organisation = value("organisation");
    var standard = value("standard"), verdict = value("verdict");
    var counts = { pass: 0, fail: 0, other: 0, none: 0 }, shown = 0;
    rows.forEach(function (row) {
      var data = row.dataset;
      var ok = (!supplier || data.supplier === supplier) &&
        (!organisation || data.organisation === organisation) &&
        (!standard || (" " + data.standards + " ").indexOf(" " + standard + " ") >= 0) &&
        (!verdict || data.verdict === verdict) &&
        q.every(function (word) { return data.search.indexOf(word) >= 0; });
      row.hidden = !ok;
      if (ok) {
        shown += 1;
        if (data.verdict === "pass" || data.verdict === "fail" || data.verdict === "none") { counts[data.verdict] += 1; }
        else { counts.other += 1; }
      }
    });
    if (summary) {
      summary.textContent = summary.dataset.template
        .replace("{shown}", shown).replace("{total}", rows.length)
        .replace("{passed}", counts.pass).replace("{failed}", counts.fail)
        .replace("{other}", counts.other).replace("{none}", counts.none);
    }
    if (noMatch) { noMatch.hidden = shown > 0; }
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  if (isStatic) {
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    var reset = form.querySelector("a.button.secondary");
    if (reset) {
      reset.addEventListener("click", function (event) { event.preventDefault(); form.reset(); apply(); });
    }
    var params = new URLSearchParams(window.location.search);
    params.forEach(function (val, key) {
      var field = form.elements.namedItem(key);
      if (field) { field.value = val; }
    });
  }
  apply();
})();
