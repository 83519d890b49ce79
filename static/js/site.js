// Small enhancements for keyboard and screen reader users; every page works without them.

// Move focus to an error summary so screen reader and keyboard users hear what went wrong.
function focusErrorSummary(root) {
  const summary = root.querySelector(".error-summary");
  if (summary) {
    summary.focus();
    return true;
  }
  return false;
}

// A polite live region on every page, for what an inline add or edit did.
function announce(text) {
  let region = document.getElementById("live-region");
  if (!region) {
    region = document.createElement("div");
    region.id = "live-region";
    region.className = "live-region";
    region.setAttribute("aria-live", "polite");
    region.setAttribute("role", "status");
    document.body.appendChild(region);
  }
  region.textContent = "";
  // A fresh text node after a pause is announced even when it repeats the last one.
  window.setTimeout(() => { region.textContent = text; }, 100);
}

// After an inline add or edit (an htmx swap a person asked for, not a poll), focus goes to
// the new item, to the form that opened for editing, or back to the item just saved or
// moved, and the polite live region says what happened (the sentences are on <body>, so
// they are translated with the page).
let before = null;

function idsIn(root) {
  return new Set(Array.from(root.querySelectorAll("[id]"), (element) => element.id));
}

function focusOn(element) {
  if (!element.matches("a, button, input, textarea, select, [tabindex]")) element.setAttribute("tabindex", "-1");
  element.focus();
}

document.addEventListener("htmx:beforeRequest", (event) => {
  const trigger = event.detail.elt;
  if (!trigger.matches("form, a, button")) {
    before = null;
    return;
  }
  const target = event.detail.target;
  const item = trigger.closest("li[id], tr[id], article[id]");
  before = { ids: idsIn(target), targetId: target.id, itemId: item && item.id, isForm: trigger.matches("form") };
});

document.addEventListener("htmx:afterSettle", (event) => {
  const asked = before;
  before = null;
  if (!asked) return;
  const target = (asked.targetId && document.getElementById(asked.targetId)) || event.detail.target;
  if (focusErrorSummary(target)) return;
  const said = document.body.dataset;
  const added = Array.from(target.querySelectorAll("li[id], tr[id], article[id]")).find(
    (element) => !asked.ids.has(element.id),
  );
  if (added && asked.isForm) {
    focusOn(added);
    announce(said.saidAdded || "");
    return;
  }
  const form = target.matches("form") ? target : target.querySelector("form");
  if (!asked.isForm && form) {
    const field = form.querySelector("input:not([type=hidden]), textarea, select");
    if (field) field.focus();
    return;
  }
  const item = (asked.itemId && document.getElementById(asked.itemId)) || (target.id === asked.targetId ? target : null);
  if (item) focusOn(item);
  const message = target.querySelector(".message");
  announce((message && message.textContent.trim()) || said.saidSaved || "");
});

// The project menu folds behind a button on a phone.
function foldProjectMenu() {
  const nav = document.querySelector(".project-nav");
  const toggle = nav && nav.querySelector(".project-nav__toggle");
  if (!toggle) return;
  nav.classList.add("project-nav--folding");
  toggle.hidden = false;
  toggle.setAttribute("aria-expanded", "false");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
  });
}

document.addEventListener("DOMContentLoaded", () => {
  focusErrorSummary(document);
  foldProjectMenu();
});
