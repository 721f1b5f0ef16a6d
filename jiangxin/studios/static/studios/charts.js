// The creation-rate bar chart: data from <script type="application/json" id="jx-rate-data">
// (json_script), no inline script (the CSP forbids it). A bar opens that org's drill-down.
(function () {
  "use strict";
  function init() {
    var box = document.getElementById("jx-rate-chart");
    var source = document.getElementById("jx-rate-data");
    if (!box || !source || typeof echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(box, null, { renderer: "svg" });
    var rateName = box.getAttribute("data-rate-label") || "%";
    var targetName = box.getAttribute("data-target-label") || "";
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { data: [rateName, targetName] },
      grid: { left: 48, right: 16, bottom: 96, top: 40 },
      xAxis: { type: "category", data: data.labels, axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: rateName, type: "bar", data: data.rates, itemStyle: { color: "#9a1b1b" } },
        { name: targetName, type: "line", data: data.targets, symbol: "none", lineStyle: { type: "dashed" } }
      ]
    });
    chart.on("click", function (params) {
      var url = data.urls && data.urls[params.dataIndex];
      if (url) window.location.href = url;
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
