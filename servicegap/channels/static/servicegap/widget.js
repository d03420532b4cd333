/* ServiceGap feedback widget. Paste on any page of a site in the workspace's allow-list:
     <script src="https://servicegap.example/static/servicegap/widget.js"
             data-servicegap-workspace="acme" defer></script>
   Optional: data-touchpoint="CODE", data-unit="CODE". It adds "Compliment", "Complaint" and "Idea"
   buttons; each opens a small dialog that posts to /api/v1/public/<workspace>/feedback.
   No framework, no other file; text is always inserted as text, never as HTML. */
(function () {
  "use strict";
  var script = document.currentScript ||
    document.querySelector("script[data-servicegap-workspace]");
  if (!script || window.servicegapWidget) return;
  window.servicegapWidget = true;
  var workspace = script.getAttribute("data-servicegap-workspace") || "";
  // The workspace's brand, from the snippet (colours already made readable by the server);
  // anything that is not a plain #rrggbb falls back to the default blue.
  function colour(name, fallback) {
    var value = script.getAttribute("data-" + name) || "";
    return /^#[0-9a-fA-F]{6}$/.test(value) ? value : fallback;
  }
  var accent = colour("accent", "#1d4ed8"), accentDark = colour("accent-dark", "#1e3a8a");
  var onAccent = colour("on-accent", "#ffffff"), onAccentDark = colour("on-accent-dark", "#ffffff");
  var company = script.getAttribute("data-name") || "";
  var endpoint = new URL(script.src, window.location.href).origin +
    "/api/v1/public/" + encodeURIComponent(workspace) + "/feedback";
  var KINDS = [
    ["compliment", "Compliment", "Your compliment"],
    ["complaint", "Complaint", "Your complaint"],
    ["idea", "Idea", "Your idea"]
  ];
  var CSS = [
    ".sgw-bar{position:fixed;right:.5rem;bottom:.5rem;z-index:2147483000;display:flex;gap:.4rem;",
    "flex-wrap:wrap;justify-content:flex-end;margin:0;padding:0;font:16px/1.4 system-ui,sans-serif}",
    ".sgw-bar button,.sgw-dialog button{font:600 15px/1.2 system-ui,sans-serif;cursor:pointer;",
    "padding:.6rem .9rem;min-height:44px;border-radius:6px;border:1px solid " + accent + ";",
    "background:" + accent + ";color:" + onAccent + "}",
    ".sgw-bar button:hover,.sgw-dialog button:hover{background:" + accentDark + ";color:" +
      onAccentDark + "}",
    ".sgw-dialog button.sgw-secondary{background:#fff;color:" + accent + "}",
    ".sgw-bar button:focus-visible,.sgw-dialog :focus-visible{outline:3px solid #b45309;",
    "outline-offset:2px}",
    ".sgw-dialog{width:min(28rem,calc(100vw - 1.5rem));max-height:calc(100vh - 2rem);",
    "overflow:auto;padding:1.25rem;border:1px solid #8592a6;border-radius:8px;background:#fff;",
    "color:#1c2430;font:16px/1.5 system-ui,sans-serif;box-sizing:border-box}",
    ".sgw-dialog::backdrop{background:rgba(15,23,42,.55)}",
    ".sgw-dialog h2{font-size:1.25rem;margin:0 0 .75rem;color:#1c2430}",
    ".sgw-dialog label{display:block;font-weight:600;margin:.75rem 0 .3rem;color:#1c2430}",
    ".sgw-dialog label.sgw-check{display:flex;gap:.5rem;align-items:center;font-weight:400}",
    ".sgw-dialog textarea,.sgw-dialog input[type=text]{box-sizing:border-box;width:100%;",
    "font:inherit;color:#1c2430;background:#fff;padding:.5rem;border:1px solid #8592a6;",
    "border-radius:6px}",
    ".sgw-dialog input[type=checkbox]{width:1.2rem;height:1.2rem;margin:0}",
    ".sgw-dialog [aria-invalid=true]{border-color:#b42318}",
    ".sgw-msg{min-height:1.5rem;margin:.75rem 0 0}",
    ".sgw-msg.sgw-error{color:#a3190f;font-weight:600}",
    ".sgw-actions{display:flex;gap:.75rem;margin-top:1rem;flex-wrap:wrap}",
    ".sgw-hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}"
  ].join("");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  var style = el("style");
  style.textContent = CSS;
  document.head.appendChild(style);

  var bar = el("aside", { "class": "sgw-bar", "aria-label": "Feedback" });
  var dialog = el("dialog", { "class": "sgw-dialog", "aria-labelledby": "sgw-title" });
  var form = el("form", { novalidate: "" });
  var title = el("h2", { id: "sgw-title" });
  var textLabel = el("label", { "for": "sgw-text" });
  var text = el("textarea", { id: "sgw-text", rows: "5", maxlength: "10000", required: "" });
  var contactLabel = el("label", { "for": "sgw-contact" }, "E-mail or phone (optional, for a reply)");
  var contact = el("input", { id: "sgw-contact", type: "text", autocomplete: "email" });
  var consentLabel = el("label", { "class": "sgw-check" });
  var consent = el("input", { id: "sgw-consent", type: "checkbox" });
  consentLabel.appendChild(consent);
  consentLabel.appendChild(document.createTextNode("You may contact me about this."));
  var hp = el("div", { "class": "sgw-hp", "aria-hidden": "true" });
  hp.appendChild(el("label", { "for": "sgw-website" }, "Leave this field empty"));
  var website = el("input", { id: "sgw-website", type: "text", tabindex: "-1", autocomplete: "off" });
  hp.appendChild(website);
  var msg = el("p", { "class": "sgw-msg", role: "status" });
  var actions = el("div", { "class": "sgw-actions" });
  var send = el("button", { type: "submit" }, "Send");
  var cancel = el("button", { type: "button", "class": "sgw-secondary" }, "Cancel");
  actions.appendChild(send);
  actions.appendChild(cancel);
  [title, textLabel, text, contactLabel, contact, consentLabel, hp, msg, actions].forEach(
    function (node) { form.appendChild(node); }
  );
  dialog.appendChild(form);

  var kind = null;
  var opener = null;
  var done = false;

  function say(message, isError) {
    msg.textContent = message;
    msg.className = "sgw-msg" + (isError ? " sgw-error" : "");
  }
  function invalid(field, message) {
    field.setAttribute("aria-invalid", "true");
    say(message, true);
    field.focus();
  }
  function setFormVisible(visible) {
    [textLabel, text, contactLabel, contact, consentLabel, send].forEach(function (node) {
      node.hidden = !visible;
    });
    cancel.textContent = visible ? "Cancel" : "Close";
  }
  function open(k, button) {
    kind = k;
    opener = button;
    done = false;
    title.textContent = company ? k[1] + " for " + company : k[1];
    textLabel.textContent = k[2];
    text.value = "";
    contact.value = "";
    consent.checked = false;
    text.removeAttribute("aria-invalid");
    consent.removeAttribute("aria-invalid");
    say("", false);
    setFormVisible(true);
    dialog.showModal();
    text.focus();
  }
  function close() {
    if (dialog.open) dialog.close();
  }
  dialog.addEventListener("close", function () {
    if (opener) opener.focus();
  });
  cancel.addEventListener("click", close);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (done) return;
    text.removeAttribute("aria-invalid");
    consent.removeAttribute("aria-invalid");
    if (!text.value.trim()) return invalid(text, "Please write your message first.");
    if (contact.value.trim() && !consent.checked) {
      return invalid(consent, "Tick the box if we may use your contact details to reply.");
    }
    send.disabled = true;
    say("Sending…", false);
    fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "omit",
      body: JSON.stringify({
        kind: kind[0], text: text.value, contact: contact.value.trim(),
        consent: consent.checked, website: website.value,
        touchpoint: script.getAttribute("data-touchpoint") || null,
        unit: script.getAttribute("data-unit") || null
      })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        send.disabled = false;
        if (response.ok) {
          done = true;
          setFormVisible(false);
          say("Thank you! We have received your " + kind[1].toLowerCase() + ".", false);
          cancel.focus();
          return;
        }
        var field = { text: text, contact: contact, consent: consent }[body.field];
        var reason = body.error || "It could not be sent.";
        if (field) return invalid(field, reason);
        say("Not sent: " + reason, true);
      });
    }).catch(function () {
      send.disabled = false;
      say("Not sent: the connection failed. Please try again.", true);
    });
  });

  KINDS.forEach(function (k) {
    var button = el("button", { type: "button", "aria-haspopup": "dialog" }, k[1]);
    button.addEventListener("click", function () { open(k, button); });
    bar.appendChild(button);
  });

  function mount() {
    document.body.appendChild(bar);
    document.body.appendChild(dialog);
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
