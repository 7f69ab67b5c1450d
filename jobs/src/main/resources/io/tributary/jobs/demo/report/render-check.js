// Render check: records what the browser actually drew for each chart (size, path length, paint, plot area), so a
// headless test, or a reader's developer tools, can tell a drawn chart from an empty one. Writes the JSON element
// #render-check once the page has loaded.
(function () {
  function box(b) { return { x: b.x, y: b.y, w: b.width, h: b.height }; }
  function painted(el) {
    var style = getComputedStyle(el);
    var stroke = style.stroke !== 'none' && parseFloat(style.strokeWidth) > 0;
    var fill = el.tagName !== 'path' && style.fill !== 'none';
    return style.visibility !== 'hidden' && style.display !== 'none' && parseFloat(style.opacity) > 0 && (stroke || fill);
  }
  function measure(svg) {
    var chart = { chart: svg.getAttribute('data-chart'), plot: null, series: [], markers: {}, verticalRules: 0, horizontalRules: 0 };
    var plot = svg.querySelector('.plot-area');
    if (plot) chart.plot = box(plot.getBBox());
    svg.querySelectorAll('.series').forEach(function (g) {
      var s = box(g.getBBox()), length = 0, marks = 0;
      g.querySelectorAll('path, circle').forEach(function (el) {
        if (!painted(el)) return;
        marks++;
        if (el.tagName === 'path') length += el.getTotalLength();
      });
      s.key = g.getAttribute('data-series');
      s.points = Number(g.getAttribute('data-points'));
      s.paintedMarks = marks;
      s.length = length;
      chart.series.push(s);
    });
    svg.querySelectorAll('.marker').forEach(function (m) {
      var b = m.getBBox(), kind = m.getAttribute('data-kind');
      if (b.width > 0 && b.height > 0) chart.markers[kind] = (chart.markers[kind] || 0) + 1;
    });
    svg.querySelectorAll('.rule').forEach(function (r) {
      var b = r.querySelector('line').getBBox();
      if (b.width + b.height > 0) r.classList.contains('vertical') ? chart.verticalRules++ : chart.horizontalRules++;
    });
    return chart;
  }
  function check() {
    var out = { charts: [], errors: [] };
    document.querySelectorAll('svg.chart').forEach(function (svg) {
      try { out.charts.push(measure(svg)); } catch (e) { out.errors.push(svg.getAttribute('data-chart') + ': ' + e); }
    });
    var el = document.createElement('script');
    el.type = 'application/json';
    el.id = 'render-check';
    el.textContent = JSON.stringify(out).replace(/</g, '\\u003c');
    document.body.appendChild(el);
  }
  if (document.readyState === 'complete') check(); else window.addEventListener('load', check);
})();
