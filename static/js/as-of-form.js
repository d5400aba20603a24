// Once gcds-date-input runs it sends the date itself: the plain field it stands in for
// (shown when JavaScript is off) is disabled, so that the date is not sent twice.
customElements.whenDefined("gcds-date-input").then(() => {
  for (const input of document.querySelectorAll(".as-of-form__plain input")) {
    input.disabled = true;
  }
});

// Enter in a plain field sends its form; the component's fields, in its shadow DOM, don't.
for (const dateInput of document.querySelectorAll(".as-of-form gcds-date-input")) {
  dateInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      dateInput.closest("form").requestSubmit();
    }
  });
}
