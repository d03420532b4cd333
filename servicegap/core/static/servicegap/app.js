/* ServiceGap: the only script of the shell. Pages work without it; it collapses the menu on
   narrow screens behind a "Menu" button and keeps one group of the menu open at a time. */
(function () {
  "use strict";
  // The menu's groups are <details>: one open at a time; Escape or a click elsewhere closes it.
  var groups = Array.prototype.slice.call(document.querySelectorAll(".nav-group > details"));
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (!group.open) return;
      groups.forEach(function (other) { if (other !== group) other.open = false; });
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var closed = false;
    groups.forEach(function (group) {
      if (!group.open) return;
      group.open = false;
      closed = true;
      if (group.contains(document.activeElement)) group.querySelector("summary").focus();
    });
    // One Escape closes one layer: the group, not the narrow screen's whole menu as well.
    if (closed) event.stopImmediatePropagation();
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) {
      if (group.open && !group.contains(event.target)) group.open = false;
    });
  });
})();
(function () {
  "use strict";
  var button = document.querySelector(".nav-toggle");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) return;
  document.documentElement.classList.add("js");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", String(!open));
    menu.classList.toggle("open", !open);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.classList.contains("open")) {
      button.setAttribute("aria-expanded", "false");
      menu.classList.remove("open");
      button.focus();
    }
  });
})();
