// Polls an import run's status and shows its progress until it finishes.
(function () {
  const card = document.getElementById("progress-card");
  if (card.dataset.finished === "1") return;
  const shown = card.dataset.status;
  async function poll() {
    try {
      const response = await fetch(card.dataset.statusUrl, {headers: {Accept: "application/json"}});
      const data = await response.json();
      document.getElementById("status").textContent = data.status_display;
      document.getElementById("progress").value = data.percent;
      document.getElementById("percent").textContent = data.percent + "%";
      document.getElementById("rows-read").textContent = data.rows_read;
      document.getElementById("rows-validated").textContent = data.rows_validated;
      document.getElementById("rows-written").textContent = data.rows_written;
      if (data.finished && data.status !== shown) { window.location.reload(); return; }
    } catch (error) { /* a missed poll is retried */ }
    window.setTimeout(poll, 500);
  }
  poll();
})();
