// The regions' ordering screen: drag a row, or use its Up and Down buttons; the position
// inputs are renumbered to match, and the form saves them (it works without this file).
document.addEventListener("DOMContentLoaded", () => {
  const body = document.querySelector("[data-sortable]");
  if (!body) return;
  const rows = () => [...body.querySelectorAll("tr.order-row")];
  const renumber = () => {
    rows().forEach((row, index) => {
      row.querySelector("input[name$='-position']").value = (index + 1) * 10;
    });
  };
  const labels = { up: body.dataset.up, down: body.dataset.down };
  let dragged = null;
  rows().forEach((row) => {
    row.draggable = true;
    row.addEventListener("dragstart", (event) => {
      dragged = row;
      row.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.dataset.region);
    });
    row.addEventListener("dragend", () => {
      row.classList.remove("dragging");
      dragged = null;
      renumber();
    });
    row.addEventListener("dragover", (event) => {
      if (!dragged || dragged === row) return;
      event.preventDefault();
      const box = row.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      body.insertBefore(dragged, after ? row.nextSibling : row);
    });
    row.addEventListener("drop", (event) => event.preventDefault());
    const cell = row.querySelector(".order-buttons");
    for (const [name, label] of Object.entries(labels)) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = label;
      button.addEventListener("click", () => {
        const sibling = name === "up" ? row.previousElementSibling : row.nextElementSibling;
        if (!sibling) return;
        body.insertBefore(row, name === "up" ? sibling : sibling.nextSibling);
        renumber();
        button.focus();
      });
      cell.append(button);
    }
  });
});
