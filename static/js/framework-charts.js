// Draw each Plotly figure whose JSON a template placed with json_script:
// <div data-chart="id-of-the-json-script"></div>
document.querySelectorAll("[data-chart]").forEach(function (element) {
  var figure = JSON.parse(document.getElementById(element.dataset.chart).textContent);
  Plotly.newPlot(element, figure.data, figure.layout, { displayModeBar: false, responsive: true })
    .then(function () { element.dataset.drawn = "true"; });
});
