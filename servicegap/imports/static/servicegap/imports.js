/* The column mapping of a Qualtrics export (Imports): marks the rows whose column will be
   imported and keeps the count above them up to date. The page works without it. */
(function () {
  "use strict";
  var list = document.querySelector(".mapping");
  var count = document.getElementById("mapped-count");
  if (!list) return;
  list.addEventListener("change", function () {
    var mapped = 0;
    list.querySelectorAll(".map-row").forEach(function (row) {
      var select = row.querySelector("select");
      var on = Boolean(select && select.value);
      row.classList.toggle("is-mapped", on);
      if (on) mapped += 1;
    });
    if (count) count.textContent = String(mapped);
  });
})();
