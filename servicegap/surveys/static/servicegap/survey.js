/* The survey page without a round trip: "show if" conditions, the 100-point total and the
   respondent's time zone. The page works without it: all questions are shown, and the server
   applies the conditions on submit (answers to hidden questions are dropped). On a long survey's
   page, a condition met on an earlier page has been decided by the server already. */
(function () {
  "use strict";
  var form = document.querySelector(".survey-form");
  if (!form) return;
  var tz = form.querySelector('input[name="tz"]');
  try { if (tz) tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* none */ }

  function norm(v) {
    var n = Number(v);
    return v !== "" && !isNaN(n) ? String(n) : String(v).trim().toLowerCase();
  }
  function answersOf(block) {
    var out = [];
    block.querySelectorAll("input:checked").forEach(function (i) { out.push(i.value); });
    block.querySelectorAll("textarea").forEach(function (t) { if (t.value.trim()) out.push(t.value); });
    return out;
  }
  function update() {
    var given = [];
    form.querySelectorAll(".q[data-kind]").forEach(function (block) {
      var cond = block.getAttribute("data-show-if");
      if (cond) {
        var c = JSON.parse(cond);
        var wanted = (c["in"] || []).map(norm);
        var ok = given.some(function (a) {
          return a.item === (c.item || "") && a.kind === c.kind && wanted.indexOf(norm(a.value)) >= 0;
        });
        block.hidden = !ok;
        if (!ok) return;
      }
      answersOf(block).forEach(function (v) {
        given.push({ item: block.getAttribute("data-item"), kind: block.getAttribute("data-kind"), value: v });
      });
    });
    form.querySelectorAll(".points").forEach(function (box) {
      var total = 0;
      box.querySelectorAll("input").forEach(function (i) { total += parseInt(i.value, 10) || 0; });
      var line = box.parentNode.querySelector(".points-total");
      if (line) { line.hidden = false; line.querySelector("output").textContent = String(total); }
    });
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
  // After a refused send or page: bring the first question with an error into view and focus
  // its first answer (without JavaScript the summary's links lead there).
  var errors = document.getElementById("form-errors");
  var first = form.querySelector(".has-error input:not([type=hidden]), .has-error textarea, .has-error select");
  if (errors && first) {
    var block = first.closest(".q");
    if (block && block.scrollIntoView) block.scrollIntoView({ block: "start" });
    first.focus({ preventScroll: true });
  }
})();
