// Behaviour every page shares; no inline scripts, so the Content Security Policy holds.
document.addEventListener("change", function (event) {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.submit();
});
