// Draw every chart of the page from the JSON the server placed with json_script.
(function () {
  "use strict";
  var source = document.getElementById("pacer-figures");
  if (!source || !window.Plotly) { return; }
  var figures = JSON.parse(source.textContent);
  Object.keys(figures).forEach(function (id) {
    var element = document.getElementById("chart-" + id);
    if (!element) { return; }
    var figure = figures[id];
    window.Plotly.newPlot(element, figure.data, figure.layout, {
      responsive: true,
      displaylogo: false,
      displayModeBar: false,
    });
  });
})();
