// Show the "Afdrukken" button only when JavaScript can open the print dialog.
document.querySelectorAll(".js-print").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
