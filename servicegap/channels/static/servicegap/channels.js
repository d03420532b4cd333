/* Channels settings page: a "Copy" button for the widget snippet (the text stays selectable
   without it). */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById("copy-status");
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        status.textContent = "Copied.";
      }, function () {
        source.select();
        status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected snippet.";
      });
    });
  });
})();
