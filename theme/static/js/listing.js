/* Combines a listing's filters in place (theme/templates/listing.html, portal_site/filters.py).
   Without this script every chip links to its value's own page. With it, chips toggle filters;
   the URL query says which are set (?district=nordviertel&when=weekends), so a link, a reload and
   the back button keep them; the items come from the listing's data file (items.json), the count
   is announced (aria-live), the filter panel's button says how many are set, and the language
   switcher's links carry the query. */
(function () {
  "use strict";
  var root = document.querySelector("[data-listing]");
  if (!root || !window.fetch || !window.history || !window.URLSearchParams) return;
  var base = root.getAttribute("data-base");
  var results = root.querySelector("[data-results]");
  var count = root.querySelector("[data-count]");
  var empty = root.querySelector("[data-empty]");
  var reset = root.querySelector("[data-reset]");
  var button = root.querySelector("[data-filter-panel] > summary");  // "Filter (2)": how many are set
  var buttonLabels = button ? JSON.parse(button.getAttribute("data-labels") || "[]") : [];
  var words = JSON.parse(root.getAttribute("data-words") || "{}");  // "Pages", "Previous", "Next" in the page's language
  var data = null;
  var order = [];  // filters in the order the reader set them (the last one is removed first)

  function state() {
    var query = new URLSearchParams(location.search);
    var set = {};
    order = [];
    query.forEach(function (value, name) {
      if (name !== "page" && data && data.filters.indexOf(name) >= 0) { set[name] = value; order.push(name); }
    });
    if (!query.toString() && root.hasAttribute("data-current") && location.pathname !== new URL(base, location.href).pathname) {
      var current = root.getAttribute("data-current").split("=");
      set[current[0]] = current[1];
      order.push(current[0]);
    }
    var first = query.toString() ? "1" : root.getAttribute("data-page") || "1";
    return {set: set, page: Math.max(1, parseInt(query.get("page") || first, 10) || 1)};
  }

  function queryOf(set, page) {
    var query = new URLSearchParams();
    order.forEach(function (name) { if (set[name]) query.set(name, set[name]); });
    if (page > 1) query.set("page", String(page));
    var text = query.toString();
    return text ? "?" + text : "";
  }

  function go(set, page) {
    order = order.filter(function (name) { return set[name]; });
    Object.keys(set).forEach(function (name) { if (order.indexOf(name) < 0) order.push(name); });
    history.pushState(null, "", base + queryOf(set, page));
    render();
  }

  function matches(item, set) {
    return Object.keys(set).every(function (name) {
      return (item.f[name] || []).indexOf(set[name]) >= 0;
    });
  }

  function pagination(pages, page, set) {
    if (pages < 2) return "";
    var html = '<nav class="pagination" aria-label="' + words.pages + '"><ul>';
    if (page > 1) html += '<li><a href="' + base + queryOf(set, page - 1) + '" data-page="' + (page - 1) + '" rel="prev">' + words.previous + "</a></li>";
    for (var n = 1; n <= pages; n++) {
      if (n === 1 || n === pages || Math.abs(n - page) <= 2) {
        html += '<li><a href="' + base + queryOf(set, n) + '" data-page="' + n + '"' +
          (n === page ? ' aria-current="page"' : "") + ">" + (data.pages[n - 1] || n) + "</a></li>";
      } else if (Math.abs(n - page) === 3) {
        html += '<li aria-hidden="true">…</li>';
      }
    }
    if (page < pages) html += '<li><a href="' + base + queryOf(set, page + 1) + '" data-page="' + (page + 1) + '" rel="next">' + words.next + "</a></li>";
    return html + "</ul></nav>";
  }

  function render() {
    var now = state();
    var set = now.set;
    var found = data.items.filter(function (item) { return matches(item, set); });
    var pages = Math.max(1, Math.ceil(found.length / data.size));
    var page = Math.min(now.page, pages);
    var shown = found.slice((page - 1) * data.size, page * data.size);
    results.innerHTML = (shown.length ? '<div class="cards">' + shown.map(function (item) { return item.h; }).join("") + "</div>" : "") +
      pagination(pages, page, set);
    count.textContent = data.counts[found.length];
    var any = order.length > 0;
    empty.hidden = found.length > 0;
    if (reset) reset.hidden = !any;
    var active = Object.keys(set).length;
    if (buttonLabels.length) button.textContent = buttonLabels[Math.min(active, buttonLabels.length - 1)];
    root.querySelectorAll("[data-filter]").forEach(function (chip) {
      var on = set[chip.getAttribute("data-filter")] === chip.getAttribute("data-value");
      if (on) chip.setAttribute("aria-current", "true"); else chip.removeAttribute("aria-current");
    });
    var query = queryOf(set, 1);
    document.querySelectorAll("header a[hreflang]").forEach(function (link) {
      // The same listing in the other language, with the same filters (their values are ids).
      var href = link.getAttribute("data-href") || link.getAttribute("href");
      link.setAttribute("data-href", href);
      link.setAttribute("href", href.split("?")[0] + query);
    });
  }

  // The data file is fetched when a reader first filters (or opens a filtered address), not before.
  var loading = null;
  function load() {
    if (!loading) {
      loading = fetch(root.getAttribute("data-listing"), {credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (json) { data = json; return json; });
    }
    return loading;
  }

  function act(link) {
    var now = state();
    if (link.hasAttribute("data-filter")) {
      var name = link.getAttribute("data-filter"), value = link.getAttribute("data-value");
      if (now.set[name] === value) delete now.set[name]; else now.set[name] = value;
      go(now.set, 1);
    } else if (link.hasAttribute("data-page")) {
      go(now.set, parseInt(link.getAttribute("data-page"), 10));
      root.scrollIntoView();
    } else if (link.hasAttribute("data-reset")) {
      order = [];
      go({}, 1);
    } else if (link.hasAttribute("data-undo")) {
      delete now.set[order[order.length - 1]];
      go(now.set, 1);
    }
  }

  root.addEventListener("click", function (event) {
    // a[data-page]: the listing itself carries data-page too, and every other click in it (a card,
    // the filter panel's button) must keep its own action
    var link = event.target.closest("[data-filter], a[data-page], [data-reset], [data-undo]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    load().then(function () { act(link); }, function () {
      if (link.href) location.href = link.href;  // no data: the chip's own page
    });
  });
  window.addEventListener("popstate", function () { load().then(render); });
  root.classList.add("listing--live");
  if (location.search) load().then(render);
})();
