/*
 * Charts of the trajectory page, drawn with the vendored Chart.js (static/vendor/chartjs/chart.umd.js).
 *
 * Each <canvas data-grafiek="NAME" data-bron="ID"> gets the chart NAME, drawn from the JSON in
 * <script type="application/json" id="ID"> (data, never executed, so CSP script-src 'self' holds). The server
 * decides every number; this file only draws them. Each chart has a table with the same numbers next to it.
 */
(function () {
  "use strict";

  var KLEUREN = {
    taal: "#1f5f8b",
    intensiteit: "#8a4b00",
    geoorloofd: "#7a8fa6",
    ongeoorloofd: "#b3261e",
    reeksen: ["#1f5f8b", "#2e7d32", "#8a4b00", "#6a1b9a", "#00695c"],
  };

  function getal(value) {
    return Number(value).toLocaleString("nl-NL", { maximumFractionDigits: 2 });
  }

  function basis(extra) {
    var options = {
      locale: "nl-NL",
      animation: false,
      responsive: true,
      maintainAspectRatio: true,
      aspectRatio: window.innerWidth < 600 ? 1.3 : 2.2, // taller on a phone: its labels stay readable
      interaction: { mode: "nearest", intersect: false },
      plugins: { legend: { position: "bottom" } },
    };
    Object.keys(extra || {}).forEach(function (key) { options[key] = extra[key]; });
    return options;
  }

  var GRAFIEKEN = {
    taaluren: function (d) {
      var datasets = [{
        label: "Taaluren aanwezig (opgeteld)", data: d.aanwezig, borderColor: KLEUREN.taal,
        backgroundColor: KLEUREN.taal, tension: 0, pointRadius: 3,
      }];
      if (d.intensiteit) {
        datasets.push({
          label: "Intensiteit (" + getal(d.intensiteit) + " uur)",
          data: d.labels.map(function () { return d.intensiteit; }),
          borderColor: KLEUREN.intensiteit, backgroundColor: KLEUREN.intensiteit, borderDash: [6, 4], pointRadius: 0,
        });
      }
      return {
        type: "line",
        data: { labels: d.labels, datasets: datasets },
        options: basis({
          scales: {
            x: { title: { display: true, text: "Tot en met" } },
            y: { beginAtZero: true, title: { display: true, text: "Uren" } },
          },
        }),
      };
    },

    verzuim: function (d) {
      return {
        type: "bar",
        data: {
          labels: d.labels,
          datasets: [
            { label: "Geoorloofd", data: d.geoorloofd, backgroundColor: KLEUREN.geoorloofd },
            { label: "Ongeoorloofd", data: d.ongeoorloofd, backgroundColor: KLEUREN.ongeoorloofd },
          ],
        },
        options: basis({
          scales: {
            x: { stacked: true },
            y: { stacked: true, beginAtZero: true, title: { display: true, text: "Uren verzuim" } },
          },
        }),
      };
    },

    toetsen: function (d) {
      var niveaus = d.niveaus.slice().reverse();
      return {
        type: "line",
        data: {
          labels: d.labels,
          datasets: d.reeksen.map(function (reeks, i) {
            var kleur = KLEUREN.reeksen[i % KLEUREN.reeksen.length];
            return {
              label: reeks.label, data: reeks.niveau, borderColor: kleur, backgroundColor: kleur, spanGaps: true,
              pointRadius: 5, pointHoverRadius: 7,
              pointStyle: reeks.behaald.map(function (b) { return b === false ? "crossRot" : "circle"; }),
              pointBorderWidth: 2,
            };
          }),
        },
        options: basis({
          scales: {
            x: { title: { display: true, text: "Toetsdatum" } },
            y: { type: "category", labels: niveaus, offset: true, title: { display: true, text: "Niveau" } },
          },
          plugins: {
            legend: { position: "bottom" },
            tooltip: {
              callbacks: {
                label: function (ctx) {
                  var reeks = d.reeksen[ctx.datasetIndex];
                  var score = reeks.score[ctx.dataIndex];
                  return reeks.label + ": " + reeks.niveau[ctx.dataIndex] +
                    (reeks.behaald[ctx.dataIndex] ? " behaald" : " niet behaald") +
                    (score === null || score === undefined ? "" : " (score " + getal(score) + ")");
                },
              },
            },
          },
        }),
      };
    },
  };

  function teken() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    var bronnen = {};
    document.querySelectorAll("canvas[data-grafiek]").forEach(function (canvas) {
      var id = canvas.getAttribute("data-bron");
      var naam = canvas.getAttribute("data-grafiek");
      var bron = document.getElementById(id);
      if (!bron || !GRAFIEKEN[naam]) {
        return;
      }
      if (!(id in bronnen)) {
        bronnen[id] = JSON.parse(bron.textContent);
      }
      new window.Chart(canvas, GRAFIEKEN[naam](bronnen[id][naam]));
      canvas.setAttribute("data-getekend", "ja");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", teken);
  } else {
    teken();
  }
})();
