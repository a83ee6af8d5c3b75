"use strict";
// Posts the sign-up form to the handler and shows its answer: each message
// beside the field it names, or the normalized profile. Text is only ever
// set with textContent.
const form = document.getElementById("signup");
const general = document.getElementById("general");
const result = document.getElementById("result");
const output = document.getElementById("output");
const lang = document.getElementById("lang");

function clearMessages() {
  for (const el of form.querySelectorAll(".msg[data-for]")) {
    el.textContent = "";
    el.className = "msg";
  }
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  general.textContent = "";
  general.hidden = true;
  result.hidden = true;
  output.textContent = "";
}

function showGeneral(text) {
  general.textContent = general.textContent ? general.textContent + " " + text : text;
  general.hidden = false;
}

// show puts text beside the form field name; kind is "error" or "warning".
function show(name, text, kind) {
  const msg = form.querySelector('.msg[data-for="' + CSS.escape(name) + '"]');
  if (!msg) return showGeneral(text);
  msg.textContent = msg.textContent ? msg.textContent + " " + text : text;
  msg.className = "msg " + kind;
  const input = form.elements.namedItem(name);
  if (input && kind === "error") input.setAttribute("aria-invalid", "true");
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearMessages();
  const headers = {};
  if (lang.value) headers["Accept-Language"] = lang.value;
  let res, doc;
  try {
    res = await fetch(form.action, { method: "POST", body: new FormData(form), headers });
    doc = await res.json();
  } catch (err) {
    showGeneral("The server could not be reached.");
    return;
  }
  const warnings = (doc.meta && doc.meta.warnings) || [];
  for (const w of warnings) {
    if (w.meta && w.meta.field) show(w.meta.field, w.detail, "warning");
    else showGeneral(w.detail);
  }
  if (res.ok) {
    output.textContent = JSON.stringify({ data: doc.data }, null, 2);
    result.hidden = false;
    return;
  }
  for (const [name, messages] of Object.entries(doc.fields || {})) show(name, messages.join(" "), "error");
  for (const e of doc.errors || []) {
    if (!(e.meta && e.meta.field)) showGeneral(e.detail);
  }
  const first = form.querySelector('[aria-invalid="true"]');
  if (first) first.focus();
});
