/*
 * Instrument page behaviour (progressive enhancement; the page is complete without it).
 *   [data-market]          root element; data-market holds the initial {update, series} JSON,
 *                          data-stream the Server-Sent Events URL
 *   [data-depth]           tbody of the depth table, redrawn from each update
 *   [data-trades]          tbody of recent trades, redrawn from each update
 *   [data-quote=...]       bestBid, bestAsk, last, askPerScu (with data-scu)
 *   [data-chart]           the price chart on a time axis; the line is redrawn from the series of trades
 *   [data-depth-chart-card] the cumulative depth chart (bids and asks by price), drawn here from each book
 *   [data-live-indicator]  shows whether the live feed is connected
 *   form[data-ticket]      order ticket: hides the price for market orders and shows the bid's reserve
 *                          (GPUs x data-hours x price x (1 + data-fee-bps / 10,000))
 */
(function () {
  "use strict";

  var WIDTH = 600, HEIGHT = 200, PAD = 12, MAX_SERIES = 200, MAX_TRADES_SHOWN = 30;

  function cents(text) {
    if (text === null || text === undefined || !/^\d+(\.\d{1,2})?$/.test(String(text).trim())) return null;
    var parts = String(text).trim().split(".");
    return parseInt(parts[0], 10) * 100 + (parts[1] ? parseInt((parts[1] + "0").slice(0, 2), 10) : 0);
  }

  function money(centsValue) {
    var negative = centsValue < 0, abs = Math.abs(Math.round(centsValue));
    var whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (negative ? "-" : "") + whole + "." + ("0" + (abs % 100)).slice(-2);
  }

  function cell(text, className) {
    var td = document.createElement("td");
    if (className) td.className = className;
    td.textContent = text === null || text === undefined ? "" : String(text);
    return td;
  }

  function emptyRow(colspan, text) {
    var tr = document.createElement("tr");
    var td = cell(text, "muted");
    td.colSpan = colspan;
    tr.appendChild(td);
    return tr;
  }

  function renderDepth(tbody, book) {
    var rows = Math.max(book.bids.length, book.asks.length);
    var fragment = document.createDocumentFragment();
    if (rows === 0) fragment.appendChild(emptyRow(6, "No orders in the book yet."));
    for (var i = 0; i < rows; i++) {
      var bid = book.bids[i], ask = book.asks[i], tr = document.createElement("tr");
      tr.appendChild(cell(bid ? bid.orderCount : "", "num muted"));
      tr.appendChild(cell(bid ? bid.quantity : "", "num"));
      tr.appendChild(cell(bid ? bid.price : "", "num bid-price"));
      tr.appendChild(cell(ask ? ask.price : "", "num ask-price"));
      tr.appendChild(cell(ask ? ask.quantity : "", "num"));
      tr.appendChild(cell(ask ? ask.orderCount : "", "num muted"));
      fragment.appendChild(tr);
    }
    tbody.replaceChildren(fragment);
  }

  var timeFormat = window.Intl ? new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  }) : null;

  function renderTrades(tbody, trades) {
    var fragment = document.createDocumentFragment();
    if (!trades.length) fragment.appendChild(emptyRow(4, "No trades yet."));
    trades.slice(0, MAX_TRADES_SHOWN).forEach(function (t) {
      var tr = document.createElement("tr");
      var td = document.createElement("td");
      td.className = "nowrap";
      var time = document.createElement("time");
      time.setAttribute("datetime", t.executedAt);
      var when = new Date(t.executedAt);
      time.textContent = timeFormat && !isNaN(when.getTime()) ? timeFormat.format(when) : t.executedAt;
      time.title = t.executedAt;
      td.appendChild(time);
      tr.appendChild(td);
      tr.appendChild(cell(t.price, "num"));
      tr.appendChild(cell(t.quantity, "num"));
      var side = document.createElement("td");
      var span = document.createElement("span");
      span.className = "side " + (t.aggressorSide === "BUY" ? "side-buy" : "side-sell");
      span.textContent = t.aggressorSide === "BUY" ? "Buyer" : "Seller";
      side.appendChild(span);
      tr.appendChild(side);
      fragment.appendChild(tr);
    });
    tbody.replaceChildren(fragment);
  }

  function setQuote(root, name, value) {
    var el = root.querySelector('[data-quote="' + name + '"]');
    if (!el) return;
    var text = value === null || value === undefined ? "\u2014" : value;
    if (el.textContent !== text) {
      el.textContent = text;
      el.classList.remove("flash");
      void el.offsetWidth;
      el.classList.add("flash");
    }
  }

  function renderQuotes(root, book) {
    setQuote(root, "bestBid", book.bestBid);
    setQuote(root, "bestAsk", book.bestAsk);
    setQuote(root, "last", book.last);
    var perScu = root.querySelector('[data-quote="askPerScu"]');
    var scu = perScu && parseFloat(perScu.getAttribute("data-scu"));
    if (perScu && scu > 0) {
      setQuote(root, "askPerScu", book.bestAsk === null ? null : (cents(book.bestAsk) / 100 / scu).toFixed(4));
    }
  }

  /* The same geometry as PriceChart.java: x is the execution time from the oldest to the newest trade drawn, a step
     line, 12px padding top and bottom. Series entries are [tradeId, price, executedAt]. */
  function renderChart(root, series) {
    var chart = root.querySelector("[data-chart]");
    if (!chart) return;
    var line = chart.querySelector("[data-chart-line]"), area = chart.querySelector("[data-chart-area]");
    var empty = chart.querySelector("[data-chart-empty]");
    var axis = chart.querySelector("[data-chart-axis]");
    var caption = root.querySelector("[data-chart-caption]");
    if (!series.length) {
      line.setAttribute("d", "");
      area.setAttribute("d", "");
      if (empty) empty.hidden = false;
      if (axis) axis.hidden = true;
      return;
    }
    var prices = series.map(function (p) { return cents(p[1]); });
    var times = series.map(function (p) { return Date.parse(p[2]); });
    var high = Math.max.apply(null, prices), low = Math.min.apply(null, prices);
    var from = times[0], span = times[times.length - 1] - from;
    function x(time) { return span > 0 ? (time - from) * WIDTH / span : 0; }
    function y(price) { return high === low ? HEIGHT / 2 : PAD + (high - price) * (HEIGHT - 2 * PAD) / (high - low); }
    var d = "", lastX = 0;
    prices.forEach(function (price, i) {
      lastX = x(times[i]);
      d += i === 0 ? "M" + lastX.toFixed(1) + " " + y(price).toFixed(1)
          : " H" + lastX.toFixed(1) + " V" + y(price).toFixed(1);
    });
    if (lastX < WIDTH) d += " H" + WIDTH;
    line.setAttribute("d", d);
    area.setAttribute("d", d + " V" + HEIGHT + " H0 Z");
    if (empty) empty.hidden = true;
    chart.querySelector("[data-chart-high]").textContent = money(high);
    chart.querySelector("[data-chart-low]").textContent = money(low);
    if (axis) {
      setTime(axis.querySelector("[data-chart-from]"), series[0][2]);
      setTime(axis.querySelector("[data-chart-to]"), series[series.length - 1][2]);
      axis.hidden = false;
    }
    if (caption) caption.textContent = "last " + series.length + " trades, at their execution times";
  }

  function setTime(el, iso) {
    if (!el) return;
    var when = new Date(iso);
    el.setAttribute("datetime", iso);
    el.title = iso;
    el.textContent = timeFormat && !isNaN(when.getTime()) ? timeFormat.format(when) : iso;
  }

  /*
   * Cumulative depth: at each price, the GPUs bid at that price or higher (a step falling to the left of the best
   * bid) and the GPUs offered at that price or lower (a step rising to the right of the best ask).
   */
  function renderDepthChart(root, book) {
    var card = root.querySelector("[data-depth-chart-card]");
    if (!card) return;
    card.hidden = false;
    var bidsPath = card.querySelector("[data-depth-bids]"), asksPath = card.querySelector("[data-depth-asks]");
    var bids = book.bids.map(function (l) { return [cents(l.price), l.quantity]; });
    var asks = book.asks.map(function (l) { return [cents(l.price), l.quantity]; });
    var empty = !bids.length && !asks.length;
    card.querySelector("[data-depth-empty]").hidden = !empty;
    if (empty) {
      bidsPath.setAttribute("d", "");
      asksPath.setAttribute("d", "");
      ["max", "low", "mid", "high"].forEach(function (k) { card.querySelector("[data-depth-" + k + "]").textContent = ""; });
      card.querySelector("[data-depth-summary]").textContent = "No orders in the book.";
      return;
    }
    var all = bids.concat(asks).map(function (l) { return l[0]; });
    var low = Math.min.apply(null, all), high = Math.max.apply(null, all);
    // One price level alone: a band of 10 cents either side keeps it in the middle.
    var margin = Math.max(10, Math.round((high - low) * 0.05));
    low = Math.max(0, low - margin);
    high = high + margin;
    var totalBid = bids.reduce(function (sum, l) { return sum + l[1]; }, 0);
    var totalAsk = asks.reduce(function (sum, l) { return sum + l[1]; }, 0);
    var most = Math.max(totalBid, totalAsk, 1);
    function x(price) { return (price - low) * WIDTH / (high - low); }
    function y(quantity) { return HEIGHT - PAD - quantity * (HEIGHT - 2 * PAD) / most; }
    function curve(levels, edge) {
      if (!levels.length) return "";
      var cumulative = 0, d = "M" + x(levels[0][0]).toFixed(1) + " " + y(0).toFixed(1);
      levels.forEach(function (level, i) {
        cumulative += level[1];
        d += " V" + y(cumulative).toFixed(1);
        var next = i + 1 < levels.length ? levels[i + 1][0] : edge;
        d += " H" + x(next).toFixed(1);
      });
      return d + " V" + y(0).toFixed(1) + " Z";
    }
    bidsPath.setAttribute("d", curve(bids, low));
    asksPath.setAttribute("d", curve(asks, high));
    card.querySelector("[data-depth-max]").textContent = String(most);
    card.querySelector("[data-depth-low]").textContent = money(low);
    card.querySelector("[data-depth-mid]").textContent = money(Math.round((low + high) / 2));
    card.querySelector("[data-depth-high]").textContent = money(high);
    card.querySelector("[data-depth-summary]").textContent =
        totalBid + " GPUs bid" + (bids.length ? " from " + money(bids[0][0]) + " down to " + money(bids[bids.length - 1][0]) : "")
        + "; " + totalAsk + " GPUs offered" + (asks.length ? " from " + money(asks[0][0]) + " up to " + money(asks[asks.length - 1][0]) : "") + ".";
  }

  function mergeSeries(series, trades) {
    var lastId = series.length ? series[series.length - 1][0] : 0;
    trades.slice().reverse().forEach(function (t) {
      if (t.tradeId > lastId) {
        series.push([t.tradeId, t.price, t.executedAt]);
        lastId = t.tradeId;
      }
    });
    return series.length > MAX_SERIES ? series.slice(series.length - MAX_SERIES) : series;
  }

  function setupFeed(root, state) {
    var url = root.getAttribute("data-stream");
    var indicator = root.querySelector("[data-live-indicator]");
    if (!url || !window.EventSource || !indicator) return;
    var label = indicator.querySelector("[data-live-text]");
    indicator.hidden = false;
    function status(connected) {
      indicator.classList.toggle("connected", connected);
      label.textContent = connected ? "Live" : "Reconnecting\u2026";
      indicator.title = connected ? "Prices update as trades happen" : "The live feed is reconnecting; prices may be stale";
    }
    status(false);
    var source = new EventSource(url);
    source.addEventListener("open", function () { status(true); });
    source.addEventListener("error", function () { status(false); });
    source.addEventListener("market", function (event) {
      status(true);
      var update;
      try { update = JSON.parse(event.data); } catch (ignored) { return; }
      apply(root, state, update);
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  function apply(root, state, update) {
    var depth = root.querySelector("[data-depth]"), trades = root.querySelector("[data-trades]");
    if (depth) renderDepth(depth, update.book);
    if (trades) renderTrades(trades, update.trades);
    renderQuotes(root, update.book);
    renderDepthChart(root, update.book);
    var before = state.series.length ? state.series[state.series.length - 1][0] : 0;
    state.series = mergeSeries(state.series, update.trades);
    renderChart(root, state.series);
    var after = state.series.length ? state.series[state.series.length - 1][0] : 0;
    // A new trade may be one of this organization's fills: the header's Fills check looks at once.
    if (after > before && window.CustomEvent) document.dispatchEvent(new CustomEvent("cpx:market-update"));
  }

  function setupTicket(root) {
    var form = root.querySelector("form[data-ticket]");
    if (!form) return;
    var hours = parseInt(form.getAttribute("data-hours"), 10) || 24;
    var feeBps = parseInt(form.getAttribute("data-fee-bps"), 10) || 0;
    var type = form.querySelector("[data-ticket-type]");
    var priceField = form.querySelector("[data-price-field]");
    var price = form.querySelector("[name=price]");
    var quantity = form.querySelector("[name=quantity]");
    var estimate = form.querySelector("[data-estimate]");
    var value = form.querySelector("[data-estimate-value]");
    var submit = form.querySelector("[data-ticket-submit]");
    function side() {
      var checked = form.querySelector("[name=side]:checked");
      return checked ? checked.value : null;
    }
    function update() {
      var market = type && type.value === "MARKET";
      if (priceField) priceField.hidden = market;
      var buy = side() === "BUY";
      if (submit) {
        submit.textContent = (buy ? "Place bid" : side() === "SELL" ? "Place ask" : "Place order");
        submit.classList.toggle("btn-danger", side() === "SELL");
        submit.classList.toggle("btn-primary", side() !== "SELL");
      }
      var p = cents(price ? price.value : null), q = parseInt(quantity ? quantity.value : "", 10);
      if (!estimate) return;
      if (!buy || market || p === null || !(q > 0)) {
        estimate.hidden = !(buy && market);
        if (buy && market) value.textContent = "up to the asks it takes";
        return;
      }
      var base = q * hours * p;
      var total = base + Math.round(base * feeBps / 10000);
      value.textContent = money(total);
      estimate.hidden = false;
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }

  function init() {
    var root = document.querySelector("[data-market]");
    if (!root) return;
    var initial;
    try { initial = JSON.parse(root.getAttribute("data-market")); } catch (ignored) { initial = null; }
    var state = { series: initial && initial.series ? initial.series : [] };
    renderChart(root, state.series);
    if (initial && initial.update) renderDepthChart(root, initial.update.book);
    setupTicket(root);
    // A closed instrument trades no more: no feed, so nothing claims to be live (the badge says Closed).
    if (root.getAttribute("data-open") === "true") setupFeed(root, state);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
