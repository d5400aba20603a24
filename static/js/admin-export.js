// The export page's "Select every field" box, bound here rather than by an inline
// onchange attribute, which the site's Content-Security-Policy blocks.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", window.onSelectToggleChange);
  });
});
