// Move focus to an error summary so screen reader and keyboard users hear what went wrong.
function focusErrorSummary(root) {
  const summary = root.querySelector(".error-summary");
  if (summary) summary.focus();
}
document.addEventListener("DOMContentLoaded", () => focusErrorSummary(document));
document.addEventListener("htmx:afterSwap", (event) => focusErrorSummary(event.detail.target));
