// Draw each OKR chart from the figure data the page placed beside it (json_script).
document.querySelectorAll("[data-chart]").forEach(function (element) {
  var source = document.getElementById(element.dataset.chart);
  if (!source || !window.Plotly) return;
  var figure = JSON.parse(source.textContent);
  window.Plotly.newPlot(element, figure.data, figure.layout, {displayModeBar: false, responsive: true});
});
