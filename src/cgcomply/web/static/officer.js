// Progressive enhancement for the tender editor: the running points total, greyed-out points fields for
// forms without points, and a notice that the hash shown belongs to the last check. The page works
// without this file; the server computes the same total on every submit.
(function () {
  "use strict";
  var form = document.getElementById("editor");
  if (!form) { return; }
  var SCORED = { wens: true, kwaliteitsvraag: true };
  var totalEl = document.getElementById("total-points");
  var countEl = document.getElementById("selected-count");
  var staleEl = document.getElementById("stale");
  var targetEl = document.getElementById("total-target");
  var qualityEl = document.getElementById("f-award-quality");

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  function update() {
    var cards = form.querySelectorAll("fieldset.req");
    var total = 0;
    var chosen = 0;
    for (var i = 0; i < cards.length; i++) {
      var card = cards[i];
      var selected = card.querySelector(".req-selected").checked;
      var formName = card.querySelector(".req-form").value;
      var points = card.querySelector(".req-points");
      var scored = !!SCORED[formName];
      card.classList.toggle("chosen", selected);
      points.parentNode.classList.toggle("inactive", !scored);
      if (selected) { chosen += 1; }
      if (selected && scored) {
        var value = points.value.trim() === "" ? points.getAttribute("data-default") : points.value;
        var number = parseInt(value, 10);
        if (!isNaN(number) && number > 0 && String(number) === String(value).trim()) { total += number; }
      }
    }
    if (totalEl) { totalEl.textContent = fill(totalEl.getAttribute("data-template"), { points: total }); }
    if (targetEl && qualityEl) {
      var target = qualityEl.value.trim();
      targetEl.hidden = target === "";
      targetEl.textContent = fill(targetEl.getAttribute("data-template"), { points: target });
    }
    if (countEl) {
      countEl.textContent = fill(countEl.getAttribute("data-template"), {
        count: chosen, total: countEl.getAttribute("data-total")
      });
    }
  }

  function changed() {
    update();
    if (staleEl) { staleEl.hidden = false; }
  }

  // after a check with errors, take the keyboard and the screen reader to the list of errors
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  update();
})();
