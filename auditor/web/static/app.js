// Small progressive help only: every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // "select all shown" for bulk decisions
  const all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", () => {
      document.querySelectorAll('#bulk input[name="fingerprint"]').forEach((box) => { box.checked = all.checked; });
    });
  }
  // filters apply as soon as a choice changes
  const filters = document.getElementById("filters");
  if (filters) {
    filters.querySelectorAll("select").forEach((sel) => sel.addEventListener("change", () => filters.submit()));
  }
  // the article page: the card of a finding lights its span in the text, and the other way round
  const light = (id) => {
    document.querySelectorAll("mark.active").forEach((m) => m.classList.remove("active"));
    document.querySelectorAll("mark").forEach((m) => {
      if (m.id === "f-" + id || (m.dataset.findings || "").split(" ").includes(id)) m.classList.add("active");
    });
  };
  document.querySelectorAll(".card").forEach((card) => {
    card.addEventListener("mouseenter", () => light(card.id.replace(/^card-/, "")));
  });
  document.querySelectorAll("mark[data-findings]").forEach((m) => {
    m.addEventListener("click", () => {
      const first = (m.dataset.findings || "").split(" ")[0];
      const card = document.getElementById("card-" + first);
      if (card) card.scrollIntoView({ behavior: "smooth", block: "center" });
    });
  });
});
