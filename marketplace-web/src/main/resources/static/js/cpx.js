/*
 * CPX portal behaviour. Progressive enhancement only: every page works without it.
 *   [data-nav-toggle]            opens and closes the main navigation on narrow screens
 *   [data-copy]                  copies text to the clipboard; the attribute names a CSS selector
 *                                whose text (or value) is copied, or is empty to copy the
 *                                button's own data-copy-text
 *   time[datetime][data-local]   shows a UTC instant in the reader's zone; the UTC text stays in title.
 *                                data-local="date" shows the date only
 *   [data-fill-login]            fills the sign-in form from data-email / data-password
 *   [data-confirm]               asks before a form is submitted or a link is followed
 *   a[data-fills]                the header's Fills link: new fills of the organization since this browser last
 *                                looked (data-fills-url answers them as JSON) become toasts in [data-toasts] and a
 *                                count on the link; checked at each page load, every 20 s while the page is seen,
 *                                and at once on a "cpx:market-update" event (the instrument page's live feed)
 *   .table-wrap > table.data     a table wider than its wrapper (a phone) is shown as one card per row, each cell
 *                                labelled with its column's heading (class "stacked"), so no figure is off-screen
 */
(function () {
  "use strict";

  function setupNavToggle() {
    var button = document.querySelector("[data-nav-toggle]");
    var header = document.querySelector("[data-site-header]");
    if (!button || !header) return;
    function setOpen(open) {
      header.classList.toggle("nav-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.addEventListener("click", function (event) {
      event.preventDefault();
      setOpen(!header.classList.contains("nav-open"));
    });
    button.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        button.click();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("nav-open")) {
        setOpen(false);
        button.focus();
      }
    });
  }

  function textToCopy(trigger) {
    var selector = trigger.getAttribute("data-copy");
    if (!selector) return trigger.getAttribute("data-copy-text") || "";
    var source = document.querySelector(selector);
    if (!source) return "";
    return ("value" in source && source.value !== undefined ? source.value : source.textContent).trim();
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (ignored) { copied = false; }
    document.body.removeChild(area);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function setupCopy() {
    document.addEventListener("click", function (event) {
      var trigger = event.target.closest("[data-copy]");
      if (!trigger) return;
      event.preventDefault();
      var label = trigger.getAttribute("data-copy-label") || trigger.textContent;
      trigger.setAttribute("data-copy-label", label);
      copy(textToCopy(trigger)).then(function () {
        trigger.textContent = "Copied";
        trigger.classList.add("copied");
      }, function () {
        trigger.textContent = "Select and copy";
      }).then(function () {
        window.setTimeout(function () {
          trigger.textContent = label;
          trigger.classList.remove("copied");
        }, 2000);
      });
    });
  }

  function setupLocalTimes() {
    var times = document.querySelectorAll("time[datetime][data-local]");
    if (!times.length || !window.Intl) return;
    var full = new Intl.DateTimeFormat(undefined, {
      year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
    var dateOnly = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
    Array.prototype.forEach.call(times, function (el) {
      var iso = el.getAttribute("datetime");
      var when = new Date(iso);
      if (isNaN(when.getTime())) return;
      var utc = when.toISOString().replace("T", " ").replace(/:\d\d\.\d{3}Z$/, " UTC");
      el.setAttribute("title", utc);
      el.textContent = (el.getAttribute("data-local") === "date" ? dateOnly : full).format(when);
    });
  }

  function setupLoginFill() {
    document.addEventListener("click", function (event) {
      var trigger = event.target.closest("[data-fill-login]");
      if (!trigger) return;
      var form = document.querySelector("[data-login-form]") || document.querySelector("form");
      if (!form) return;
      var user = form.querySelector("[name=username]");
      var pass = form.querySelector("[name=password]");
      if (user) user.value = trigger.getAttribute("data-email") || "";
      if (pass) pass.value = trigger.getAttribute("data-password") || "";
      var submit = form.querySelector("[type=submit]");
      (submit || pass || user).focus();
    });
  }

  function setupConfirm() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
      if (message && !window.confirm(message)) event.preventDefault();
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-confirm]");
      if (link && !window.confirm(link.getAttribute("data-confirm"))) event.preventDefault();
    });
  }

  /** Gives every cell the heading of its column, as the stacked layout's label. */
  function labelCells(table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr, tfoot tr"), function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        if (!cell.hasAttribute("data-label") && headings[column]) cell.setAttribute("data-label", headings[column]);
        column += cell.colSpan || 1;
      });
    });
  }

  function fitTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap > table.data"), function (table) {
      var wrap = table.parentElement;
      table.classList.remove("stacked");
      if (wrap.offsetParent === null || wrap.scrollWidth <= wrap.clientWidth + 1) return;
      labelCells(table);
      table.classList.add("stacked");
    });
  }

  function setupStackedTables() {
    if (!document.querySelector(".table-wrap > table.data")) return;
    fitTables();
    var pending = false;
    window.addEventListener("resize", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; fitTables(); });
    });
    // Live tables (the order book, trades) add rows: label them too.
    if (window.MutationObserver) {
      new MutationObserver(function (changes) {
        changes.forEach(function (change) {
          var table = change.target.closest && change.target.closest("table.stacked");
          if (table) labelCells(table);
        });
      }).observe(document.body, { childList: true, subtree: true });
    }
  }

  var FILL_CHECK_MS = 20000, TOAST_MS = 15000;

  function fillText(f) {
    var fee = f.feeAtSettlement ? "fee " + f.fee + " at settlement" : "fee " + f.fee;
    return (f.side === "BUY" ? "Bought " : "Sold ") + f.quantity + (f.quantity === 1 ? " GPU of " : " GPUs of ") + f.instrument + " at " + f.price
        + " (" + fee + "), order " + f.orderId + ".";
  }

  function toast(container, text, href, sell) {
    var box = document.createElement("div");
    box.className = "toast" + (sell ? " toast-sell" : "");
    var p = document.createElement("p");
    var link = document.createElement("a");
    link.href = href;
    link.textContent = text;
    p.appendChild(link);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(p);
    box.appendChild(close);
    container.appendChild(box);
    window.setTimeout(function () { box.remove(); }, TOAST_MS);
  }

  function setupFills() {
    var link = document.querySelector("a[data-fills]");
    var container = document.querySelector("[data-toasts]");
    if (!link || !container || !window.fetch || !window.localStorage) return;
    var url = link.getAttribute("data-fills-url");
    var key = "cpx.fills.seen." + link.getAttribute("data-fills-key");
    var count = link.querySelector("[data-fills-count]");
    var onPage = link.getAttribute("aria-current") === "page";
    var busy = false, again = false;
    function seen() {
      var value = parseInt(window.localStorage.getItem(key), 10);
      return isNaN(value) ? null : value;
    }
    function showCount(n) {
      if (!count) return;
      count.hidden = n <= 0;
      count.textContent = n > 0 ? String(n) : "";
      link.setAttribute("title", n > 0 ? n + " new fills" : "Fills of your organization's orders");
    }
    function check() {
      // A trade journaled while a check is on its way is looked for once that check is back.
      if (busy) { again = true; return; }
      busy = true;
      again = false;
      var last = seen();
      fetch(url + (last === null ? "" : "?after=" + last), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (update) {
          if (!update) return;
          if (last !== null && update.latest > last && !onPage) {
            update.fills.slice().reverse().forEach(function (f) {
              toast(container, fillText(f), link.getAttribute("href") + "#fill-" + f.tradeId, f.side !== "BUY");
            });
            if (update.more) toast(container, "More fills: see them all.", link.getAttribute("href"), false);
            showCount(update.fills.length + (update.more ? 1 : 0));
          }
          // The first visit only learns where it stands: nothing old is announced.
          window.localStorage.setItem(key, String(Math.max(update.latest, last || 0)));
        })
        .catch(function () { /* offline or signed out: the next check tries again */ })
        .then(function () {
          busy = false;
          if (again) check();
        });
    }
    check();
    window.setInterval(function () { if (document.visibilityState === "visible") check(); }, FILL_CHECK_MS);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") check(); });
    document.addEventListener("cpx:market-update", check);
  }

  function init() {
    setupNavToggle();
    setupStackedTables();
    setupCopy();
    setupLocalTimes();
    setupLoginFill();
    setupConfirm();
    setupFills();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
