/* ServiceGap kiosk: three faces, a thank-you, back to the faces after a few seconds.
   Every tap goes into a queue in localStorage first and is sent from there, so taps made during
   a network outage are sent when the network is back. Each tap carries an id generated here;
   the server stores a tap with an id it has seen once, so a retried send is never counted twice. */
(function () {
  "use strict";
  var root = document.getElementById("kiosk");
  if (!root) return;
  var endpoint = root.getAttribute("data-endpoint");
  var token = root.getAttribute("data-kiosk");
  var resetMs = (parseInt(root.getAttribute("data-reset"), 10) || 5) * 1000;
  var KEY = "servicegap-kiosk-queue:" + token;
  var RETRY_MS = 5000;
  var ask = document.getElementById("kiosk-ask");
  var thanks = document.getElementById("kiosk-thanks");
  var question = document.getElementById("kiosk-question");
  var thanksHeading = document.getElementById("kiosk-thanks-heading");
  var status = document.getElementById("kiosk-status");
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
  var sending = false;
  var timer = null;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(queue) {
    try { window.localStorage.setItem(KEY, JSON.stringify(queue)); } catch (e) { /* full */ }
  }
  function drop(id) {
    save(load().filter(function (t) { return t.client_id !== id; }));
  }
  function newId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);  // works without HTTPS, unlike randomUUID
    return Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }
  function showStatus() {
    var n = load().length;
    status.textContent = n ? n + (n === 1 ? " answer" : " answers") + " waiting to be sent" : "";
  }

  function flush() {
    if (sending) return;
    var queue = load();
    showStatus();
    if (!queue.length) return;
    sending = true;
    var tap = queue[0];
    fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(tap),
      credentials: "omit"
    }).then(function (response) {
      if (response.status === 429 || response.status >= 500) throw new Error("later");
      // Stored (201), stored before (200), or refused for good (4xx): it leaves the queue.
      drop(tap.client_id);
      sending = false;
      flush();
    }).catch(function () {
      sending = false;
      showStatus();
    });
  }

  function reset() {
    thanks.hidden = true;
    ask.hidden = false;
    question.focus();
  }

  function tap(moment) {
    var queue = load();
    queue.push({
      kiosk: token, moment: moment, client_id: newId(),
      tapped_at: new Date().toISOString(), time_zone: zone
    });
    save(queue);
    ask.hidden = true;
    thanks.hidden = false;
    thanksHeading.focus();
    window.clearTimeout(timer);
    timer = window.setTimeout(reset, resetMs);
    flush();
  }

  Array.prototype.forEach.call(document.querySelectorAll(".face"), function (button) {
    button.addEventListener("click", function () { tap(button.getAttribute("data-moment")); });
  });
  window.addEventListener("online", flush);
  window.setInterval(flush, RETRY_MS);
  flush();
})();
