/* ServiceGap walk-through: one touchpoint per screen, each behaviour marked observed or not,
   a note and a photo per step. As the kiosk does (channels/static/servicegap/kiosk.js), a
   finished walk goes into a queue in localStorage first and is sent from there, so a walk
   finished during a dropped connection is sent when the network is back. The walk carries a
   submission_key generated here; the server stores a key it has seen once, so a resend never
   doubles a walk-through. Photos are shrunk (longest side 1280 px, JPEG) before queueing, so
   the queue fits the browser's storage. */
(function () {
  "use strict";
  var root = document.getElementById("walk");
  if (!root) return;
  var endpoint = root.getAttribute("data-endpoint");
  var csrf = root.getAttribute("data-csrf");
  var KEY = "servicegap-walk-queue:" + root.getAttribute("data-workspace");
  var RETRY_MS = 5000;
  var SIDE = 1280;
  var status = document.getElementById("walk-status");
  var sentBox = document.getElementById("walk-sent");
  var sendButton = root.querySelector("button[data-go='send']");
  var screens = Array.prototype.slice.call(root.querySelectorAll("[data-screen]"));
  var photos = {};
  var at = 0;
  var sending = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(queue) {
    try { window.localStorage.setItem(KEY, JSON.stringify(queue)); return true; } catch (e) { return false; }
  }
  function drop(key) {
    save(load().filter(function (w) { return w.submission_key !== key; }));
  }
  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }
  function say(text) { status.textContent = text; }
  function showQueue() {
    var n = load().length;
    if (n) say(n + (n === 1 ? " walk-through" : " walk-throughs") + " waiting to be sent; it goes as soon as the connection is back.");
  }

  function show(i) {
    at = Math.max(0, Math.min(i, screens.length - 1));
    screens.forEach(function (s, k) { s.hidden = k !== at; });
    var heading = screens[at].querySelector("h2");
    if (heading) heading.focus();
  }

  function shrink(file, done) {
    var reader = new FileReader();
    reader.onload = function () {
      var img = new Image();
      img.onload = function () {
        var scale = Math.min(1, SIDE / Math.max(img.width, img.height));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(img.width * scale);
        canvas.height = Math.round(img.height * scale);
        canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        done(canvas.toDataURL("image/jpeg", 0.7));
      };
      img.onerror = function () { done(null); };
      img.src = reader.result;
    };
    reader.readAsDataURL(file);
  }

  function value(name) {
    var el = root.querySelector("[name='" + name + "']");
    return el ? el.value : "";
  }

  function collect() {
    var steps = [];
    root.querySelectorAll("[data-touchpoint]").forEach(function (section) {
      var tp = section.getAttribute("data-touchpoint");
      var checks = [];
      section.querySelectorAll("fieldset[data-standard]").forEach(function (set) {
        var picked = set.querySelector("input:checked");
        if (!picked) return;
        checks.push({ standard: set.getAttribute("data-standard"),
                      behaviour: set.getAttribute("data-behaviour"),
                      observed: picked.value === "yes" });
      });
      var note = section.querySelector("textarea").value;
      if (!checks.length && !note && !photos[tp]) return;
      steps.push({ touchpoint: tp, checks: checks, note: note, photo: photos[tp] || null });
    });
    var doc = {
      submission_key: newKey(), journey: root.getAttribute("data-journey"),
      walker_kind: value("walker_kind"), unit: value("unit") || null,
      walker_name: value("walker_name"), notes: value("notes"),
      visited_at: new Date().toISOString(), steps: steps
    };
    var round = root.getAttribute("data-round");
    if (round) doc.round = round;
    return doc;
  }

  function sent(url) {
    sentBox.hidden = false;
    var link = sentBox.querySelector("a");
    link.setAttribute("href", url);
  }

  function flush() {
    if (sending) return;
    var queue = load();
    showQueue();
    if (!queue.length) return;
    sending = true;
    var walk = queue[0];
    fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(walk),
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status === 429 || response.status >= 500) throw new Error("later");
      return response.json().then(function (body) {
        drop(walk.submission_key);
        sending = false;
        if (response.ok) {
          say("Sent: the walk-through is stored.");
          sent(body.url);
        } else {
          say("Not stored: " + (body.field ? body.field + ": " : "") + body.error);
          sendButton.disabled = false;  // the walker may correct it and send again
        }
        flush();
      });
    }).catch(function () {
      sending = false;
      showQueue();
    });
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-go]");
    if (!button) return;
    event.preventDefault();
    var go = button.getAttribute("data-go");
    if (go === "send") {
      var doc = collect();
      if (!doc.steps.some(function (s) { return s.checks.length; })) {
        say("Mark at least one behaviour observed or not observed before sending.");
        return;
      }
      if (!save(load().concat([doc]))) {
        say("The phone's storage is full: remove a photo and send again.");
        return;
      }
      button.disabled = true;
      flush();
      return;
    }
    show(at + (go === "next" ? 1 : -1));
  });

  root.querySelectorAll("input[type=file]").forEach(function (input) {
    input.addEventListener("change", function () {
      var tp = input.getAttribute("data-photo");
      var file = input.files && input.files[0];
      var note = document.getElementById(input.id + "-state");
      if (!file) { delete photos[tp]; note.textContent = ""; return; }
      note.textContent = "Preparing the photo…";
      shrink(file, function (url) {
        if (url) { photos[tp] = url; note.textContent = "Photo attached."; }
        else { delete photos[tp]; note.textContent = "This file is not a photo the browser can read."; }
      });
    });
  });

  window.addEventListener("online", flush);
  window.setInterval(flush, RETRY_MS);
  show(0);
  flush();
})();
