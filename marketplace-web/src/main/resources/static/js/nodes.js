/*
 * Nodes page: the CPID helper (progressive enhancement; the form takes a typed CPID without it).
 *   form[data-cpid-form]    the registration form; data-provider is the organization's code
 *   [data-cpid-helper]      region, site and node fields ([data-cpid-part]); shown only when this script runs
 *   [data-cpid-status]      says what is missing or what the CPID will be
 * The rule is the server's (Cpid.java, docs/api-contract.md "Resource identifier"): ISO 7064 MOD 97-10 check digits
 * over every character before the last dot except "." and "-", letters A..Z as 10..35; the server checks again.
 */
(function () {
  "use strict";

  var PARTS = {
    region: { pattern: /^[A-Z]{2}-[A-Z]{2,10}$/, expected: "choose a region" },
    site: { pattern: /^[A-Z0-9]{2,8}$/, expected: "site: 2-8 letters A-Z or digits" },
    node: { pattern: /^[A-Z0-9]{1,12}$/, expected: "node: 1-12 letters A-Z or digits" }
  };

  /** The two check digits for body, as Cpid.checkDigits computes them. */
  function checkDigits(body) {
    var remainder = 0;
    var chars = body.replace(/[.-]/g, "");
    for (var i = 0; i < chars.length; i++) {
      var c = chars.charCodeAt(i);
      var value = c >= 48 && c <= 57 ? c - 48 : c - 55;
      // One or two digits at a time keeps the running number small: (r * 10^k + value) mod 97.
      remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
    }
    var check = 98 - (remainder * 100) % 97;
    return (check < 10 ? "0" : "") + check;
  }

  function setup(form) {
    var helper = form.querySelector("[data-cpid-helper]");
    var target = form.querySelector("[name=cpid]");
    var status = form.querySelector("[data-cpid-status]");
    var provider = form.getAttribute("data-provider");
    if (!helper || !target || !provider) return;
    var fields = {};
    Array.prototype.forEach.call(helper.querySelectorAll("[data-cpid-part]"), function (el) {
      fields[el.getAttribute("data-cpid-part")] = el;
    });
    var sites = Array.prototype.map.call(form.querySelectorAll("#own-sites option"), function (o) { return o.value; });
    var newSite = form.querySelector("[name=newSite]");

    function update() {
      var values = {}, missing = [];
      Object.keys(PARTS).forEach(function (name) {
        var el = fields[name];
        if (el.tagName === "INPUT" && el.value !== el.value.toUpperCase()) el.value = el.value.toUpperCase();
        values[name] = el.value.trim();
        if (!PARTS[name].pattern.test(values[name])) missing.push(PARTS[name].expected);
      });
      if (missing.length) {
        status.textContent = "To compute the CPID: " + missing.join("; ") + ".";
        status.classList.remove("ready");
        return;
      }
      var body = ["CP1", values.region, provider, values.site, values.node].join(".");
      target.value = body + "." + checkDigits(body);
      var fresh = sites.indexOf(values.site) < 0;
      status.textContent = "CPID " + target.value + (fresh
          ? ". " + values.site + " is not one of your sites: tick the new-site box below if it really is one."
          : ".");
      status.classList.add("ready");
      if (newSite && !fresh) newSite.checked = false;
    }

    helper.hidden = false;
    helper.addEventListener("input", update);
    helper.addEventListener("change", update);
    update();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-cpid-form]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
