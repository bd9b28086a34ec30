// Polls an import run's status and shows its progress until it finishes. A percentage is shown
// only when the server has one (rows checked of rows in the file); otherwise the bar is
// indeterminate and says what is happening ("importing…"), never a made-up figure.
(function () {
  const card = document.getElementById("progress-card");
  if (card.dataset.finished === "1") return;
  const shown = card.dataset.status;
  const bar = document.getElementById("progress");
  const percent = document.getElementById("percent");
  async function poll() {
    try {
      const response = await fetch(card.dataset.statusUrl, {headers: {Accept: "application/json"}});
      const data = await response.json();
      document.getElementById("status").textContent = data.status_display;
      if (data.percent === null) {
        bar.removeAttribute("value");
        percent.textContent = data.phase;
      } else {
        bar.value = data.percent;
        percent.textContent = data.percent + "%" + (data.finished ? "" : " · " + data.phase);
      }
      document.getElementById("rows-read").textContent = data.rows_read;
      document.getElementById("rows-validated").textContent = data.rows_validated;
      document.getElementById("rows-written").textContent = data.rows_written;
      if (data.finished && data.status !== shown) { window.location.reload(); return; }
    } catch (error) { /* a missed poll is retried */ }
    window.setTimeout(poll, 500);
  }
  poll();
})();
