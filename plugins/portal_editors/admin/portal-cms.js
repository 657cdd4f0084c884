/*
 * Decap CMS for the portal (admin only), loaded after js-yaml and decap-cms.js.
 *
 * Registers the portal's file format, "portal-frontmatter": YAML front matter
 * between "---" lines, then Markdown, as Decap's own "yaml-frontmatter", but
 * fields without a value are left out (hidden widgets of a translation leave
 * values such as `areas: []`, which a translation may not carry). Strings are
 * always quoted, so that no value changes its type between YAML 1.2 (js-yaml)
 * and the build's reader.
 *
 * Decap 3.16 writes a file for every language of a new entry, empty ones too
 * (decap-cms issue 6932), and an empty translation would stop the build: each
 * backend is wrapped so that files with nothing in them are not saved.
 *
 * "minor_edit" (the checkbox "Minor edit": translations stay current) holds
 * for one save only: it is left out when a file is read, so the box is
 * unticked each time an entry is opened, and written only when ticked.
 *
 * Then starts Decap (portal-setup.js asked it not to start by itself).
 */
(function () {
  "use strict";

  var MINOR = "minor_edit";
  var FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

  function isEmpty(value) {
    if (value === null || value === undefined || value === "") {
      return true;
    }
    if (Array.isArray(value)) {
      return value.every(isEmpty);
    }
    if (typeof value === "object") {
      return Object.keys(value).every(function (key) { return isEmpty(value[key]); });
    }
    return false;
  }

  function withoutEmpty(value) {
    if (Array.isArray(value)) {
      return value.filter(function (entry) { return !isEmpty(entry); }).map(withoutEmpty);
    }
    if (value && typeof value === "object") {
      var kept = {};
      Object.keys(value).forEach(function (key) {
        if (!isEmpty(value[key])) {
          kept[key] = withoutEmpty(value[key]);
        }
      });
      return kept;
    }
    return value;
  }

  function fromFile(content) {
    var match = FRONT_MATTER.exec(content);
    if (!match) {
      return { body: content };
    }
    var data = window.jsyaml.load(match[1]) || {};
    delete data[MINOR];
    data.body = content.slice(match[0].length).replace(/^\r?\n/, "");
    return data;
  }

  function toFile(data, sortedKeys) {
    var fields = withoutEmpty(data);
    var body = typeof fields.body === "string" ? fields.body.trim() : "";
    delete fields.body;
    if (fields[MINOR] !== true) {
      delete fields[MINOR];
    }
    if (!Object.keys(fields).length && !body) {
      return "";
    }
    var ordered = {};
    (sortedKeys || []).concat(Object.keys(fields)).forEach(function (key) {
      if (key in fields && !(key in ordered)) {
        ordered[key] = fields[key];
      }
    });
    var yaml = window.jsyaml.dump(ordered, { lineWidth: -1, forceQuotes: true, quoteStyle: "double" });
    return "---\n" + yaml + "---\n" + (body ? "\n" + body + "\n" : "");
  }

  // Every backend Decap can be configured with (proxy: local_backend; test-repo: tests).
  var BACKENDS = ["git-gateway", "github", "gitlab", "gitea", "forgejo", "bitbucket", "azure",
                  "aws-cognito-github-proxy", "proxy", "test-repo"];

  function skipEmptyFiles(name) {
    var registered = window.CMS.getBackend(name);
    if (!registered) {
      return;
    }
    var init = registered.init;
    registered.init = function () {
      var backend = init.apply(null, arguments);
      var persistEntry = backend.persistEntry.bind(backend);
      backend.persistEntry = function (entry, options) {
        var files = entry.dataFiles.filter(function (file) { return file.raw.trim() !== ""; });
        return persistEntry(Object.assign({}, entry, { dataFiles: files }), options);
      };
      return backend;
    };
  }

  window.CMS.registerCustomFormat("portal-frontmatter", "md", { fromFile: fromFile, toFile: toFile });
  BACKENDS.forEach(skipEmptyFiles);
  window.CMS.init();
})();
