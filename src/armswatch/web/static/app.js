// The workbench's few scripts: drag-and-drop upload, live progress of runs, confirmations.
// Plain JavaScript shipped with the package: the pages work without it.
"use strict";

function escapeText(text) {
  const div = document.createElement("div");
  div.textContent = text == null ? "" : String(text);
  return div.innerHTML;
}

function setUpDropzone() {
  const form = document.getElementById("upload-form");
  const input = document.getElementById("files");
  if (!form || !input) return;
  ["dragenter", "dragover"].forEach((name) => form.addEventListener(name, (event) => {
    event.preventDefault();
    form.classList.add("dragging");
  }));
  ["dragleave", "drop"].forEach((name) => form.addEventListener(name, () => form.classList.remove("dragging")));
  form.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      form.submit();
    }
  });
}

function renderJob(row, job) {
  row.dataset.state = job.state;
  row.querySelector(".state").textContent = job.state + (job.error ? ": " + job.error : "");
  let progress = job.done + " steps" + (job.current ? " · " + job.current : "");
  if (job.summary && job.summary.events !== undefined) {
    progress += " · " + job.summary.new + " new, " + job.summary.events + " events";
  }
  row.querySelector(".progress").textContent = progress;
  const skipped = (job.skipped || []).map((s) => '<div class="error">' + escapeText(s.source) + ": " +
    escapeText(s.reason) + "</div>");
  row.querySelector(".skipped").innerHTML = skipped.length ? skipped.join("") : "—";
}

function followJobs() {
  const rows = Array.from(document.querySelectorAll("tr.job"))
    .filter((row) => row.dataset.state === "queued" || row.dataset.state === "running");
  if (!rows.length) return;
  Promise.all(rows.map((row) => fetch("/api/jobs/" + encodeURIComponent(row.dataset.job),
    { credentials: "same-origin" })
    .then((response) => response.ok ? response.json() : null)
    .then((job) => { if (job) renderJob(row, job); })))
    .finally(() => setTimeout(followJobs, 1000));
}

function setUpConfirmations() {
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setUpDropzone();
  followJobs();
  setUpConfirmations();
});
