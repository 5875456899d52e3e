// Keep the client's first name and appointment lines in this browser tab only (sessionStorage),
// so they survive "Hoger", "Lager" and "Keuzes bewaren". The server never stores them.
(() => {
  const key = "wegwijs-kaart-clientgegevens";
  if (!window.sessionStorage) return;
  const clearForm = document.querySelector(".editor-clear");
  if (clearForm) clearForm.addEventListener("submit", () => sessionStorage.removeItem(key));
  const form = document.getElementById("kaart");
  if (!form) return;
  const fields = () => form.querySelectorAll("[data-client-data]");
  let saved = {};
  try { saved = JSON.parse(sessionStorage.getItem(key) || "{}"); } catch (error) { saved = {}; }
  fields().forEach((field) => {
    if (!field.value && saved[field.name]) field.value = saved[field.name];
  });
  const store = () => {
    const values = {};
    fields().forEach((field) => { if (field.value) values[field.name] = field.value; });
    sessionStorage.setItem(key, JSON.stringify(values));
  };
  form.addEventListener("input", store);
  form.addEventListener("submit", store);
})();
