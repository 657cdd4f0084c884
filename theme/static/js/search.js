/* Search page of the Willkommensportal (plugin portal_search).
 *
 * A small interface on Pagefind's JavaScript API: the form on the page is a
 * plain GET form (?q=…&type=…), so without JavaScript it still leads here and
 * the page points to the lists. With JavaScript this script runs the query
 * from the address, searches as the reader types, shows the filters (OR within
 * a filter, AND between filters), and announces the number of results in a
 * live region. All texts come translated from the page (data-i18n); Pagefind
 * picks the index of the page's <html lang>.
 */
(function () {
  "use strict";

  const root = document.querySelector("[data-search]");
  if (!root) return;

  const PAGE_SIZE = 5; // results loaded at a time: each loads a bundle of fragments (make bench counts these)
  const TYPING_DELAY = 300;
  const lang = document.documentElement.lang;
  const i18n = JSON.parse(root.dataset.i18n);
  const form = root.querySelector("form");
  const input = form.elements.q;
  const facets = root.querySelector("[data-search-facets]");
  const browse = root.querySelector("[data-search-browse]");
  const status = root.querySelector("[data-search-status]");
  const list = root.querySelector("[data-search-results]");
  const more = root.querySelector("[data-search-more]");

  const plurals = tryOr(() => new Intl.PluralRules(lang), null);
  // Counts in the digits the build writes every number of this language in.
  const numbers = tryOr(() => new Intl.NumberFormat(lang, { numberingSystem: root.dataset.numbering }), null);

  let pagefind = null; // a promise of the initialised Pagefind module
  let generation = 0; // the newest search; older ones drop their results
  let results = [];
  let shown = 0;
  let timer = 0;

  function tryOr(make, fallback) {
    try { return make(); } catch (error) { return fallback; }
  }

  function fill(template, values) {
    return template.replace(/\[(COUNT|QUERY)\]/g, (match, key) => values[key]);
  }

  function countText(term, count) {
    if (count === 0) return term ? fill(i18n.none, { QUERY: term }) : i18n.none_listed;
    const forms = term ? i18n.found : i18n.listed;
    const category = plurals ? plurals.select(count) : "other";
    return fill(forms[category] || forms.other, { COUNT: numbers ? numbers.format(count) : String(count), QUERY: term });
  }

  function load() {
    if (!pagefind) {
      pagefind = import(root.dataset.bundle + "pagefind.js").then(async (module) => {
        await module.options({ excerptLength: 24, noWorker: true });
        await module.init();
        return module;
      });
      pagefind.catch(() => { pagefind = null; });
    }
    return pagefind;
  }

  function selectedFilters() {
    const filters = {};
    for (const box of form.querySelectorAll("input[type=checkbox]:checked")) {
      (filters[box.name] = filters[box.name] || { any: [] }).any.push(box.value);
    }
    return filters;
  }

  function readAddress() {
    const params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    for (const box of form.querySelectorAll("input[type=checkbox]")) {
      box.checked = params.getAll(box.name).includes(box.value);
      if (box.checked) box.closest("details").open = true;
    }
  }

  function writeAddress() {
    const params = new URLSearchParams(new FormData(form));
    if (!params.get("q")) params.delete("q");
    const query = params.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }

  function element(name, className, text) {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* One result: title link, what it is (and when), language note, excerpt. */
  function render(result) {
    const meta = result.meta || {};
    const foreign = meta.lang && meta.lang !== lang;
    const item = element("li", "search-result");
    const heading = element("h2", "search-result__title");
    const link = element("a", "", meta.title || result.url);
    link.href = meta.target || result.url;
    if (foreign) {
      heading.lang = meta.lang;
      heading.dir = "auto";
      // an item's result leads to its page in the reader's language; a link to the resource
      if (meta.type === "links") link.hreflang = meta.lang;
    }
    heading.append(link);
    item.append(heading);
    const facts = element("p", "search-result__facts", i18n.types[meta.type] || "");
    if (meta.date) {
      // Written by the build as lists write it (24-hour clock, the language's digits).
      const time = element("time", "", meta.when || meta.date);
      time.dateTime = meta.date;
      facts.append(" · ", time);
    }
    item.append(facts);
    if (foreign && meta.type !== "links") item.append(element("p", "search-result__language", i18n.only_in));
    if (result.excerpt) {
      const excerpt = element("p", "search-result__excerpt");
      excerpt.innerHTML = result.excerpt; // Pagefind escapes the text and adds only <mark>
      if (foreign) {
        excerpt.lang = meta.lang;
        excerpt.dir = "auto";
      }
      item.append(excerpt);
    }
    return item;
  }

  async function showMore(mine) {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const data = await Promise.all(batch.map((result) => result.data()));
    if (mine !== generation) return [];
    const items = data.map(render);
    list.append(...items);
    shown += batch.length;
    list.hidden = shown === 0;
    more.hidden = shown >= results.length;
    return items;
  }

  function clear() {
    results = [];
    shown = 0;
    list.replaceChildren();
    list.hidden = true;
    more.hidden = true;
  }

  function failed() {
    status.textContent = i18n.error;
    browse.hidden = false;
  }

  async function search() {
    clearTimeout(timer);
    const mine = ++generation;
    const term = input.value.trim();
    const filters = selectedFilters();
    writeAddress();
    if (!term && Object.keys(filters).length === 0) {
      clear();
      status.textContent = "";
      return;
    }
    list.setAttribute("aria-busy", "true");
    try {
      const found = await (await load()).search(term || null, { filters });
      if (mine !== generation) return;
      clear();
      results = found.results;
      await showMore(mine);
      if (mine !== generation) return;
      status.textContent = countText(term, results.length);
    } catch (error) {
      if (mine === generation) failed();
    } finally {
      if (mine === generation) list.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  /* While the reader types, Pagefind and the index chunks of the words already typed
   * to the end are fetched; the word still being typed waits for the search itself.
   * Pagefind splits its index by word, so every beginning of a word ("d", "de", "deu" …)
   * may need a chunk of its own that the finished word does not. */
  function finishedWords(value) {
    return value.replace(/\S*$/, "").trim();
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const finished = finishedWords(input.value);
    load().then((module) => finished && module.preload(finished)).catch(() => {});
    timer = setTimeout(search, TYPING_DELAY);
  });
  form.addEventListener("change", (event) => {
    if (event.target.type === "checkbox") search();
  });
  more.addEventListener("click", async () => {
    const items = await showMore(generation).catch(() => []);
    if (items.length) items[0].querySelector("a").focus();
  });

  browse.hidden = true;
  facets.hidden = false;
  readAddress();
  search();
})();
