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
 * The "new" button's plus sign is made a plain "+" in Decap's phrases (its
 * full-width plus showed as a broken glyph).
 *
 * The files of data/ get a format each ("portal-data-organisations" …), described
 * in formats.json (written by the build from the data files' schemas, see
 * portal_editors/decapdata.py): plain YAML, empty values left out as above;
 * a text that is one string (the same in every language) is shown as the
 * default language's; an id-keyed mapping (taxonomies.yaml's sections, a form
 * field's options) is shown as a list of {key, label} and written back as the
 * mapping; "drop" names fields the CMS asks for but does not write (a new
 * form's id, which becomes its file name); "numbers" are boxes for a number or
 * a date, whose "10" is written as the number 10.
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

  // Calls change(parent, key) for each place that a path such as "fields.*.options" names.
  function visit(node, parts, change) {
    if (!node || typeof node !== "object") {
      return;
    }
    var keys = parts[0] === "*" ? Object.keys(node) : (Object.prototype.hasOwnProperty.call(node, parts[0]) ? [parts[0]] : []);
    keys.forEach(function (key) {
      if (parts.length > 1) {
        visit(node[key], parts.slice(1), change);
      } else {
        change(node, key);
      }
    });
  }

  function each(data, paths, change) {
    paths.forEach(function (path) { visit(data, path.split("."), change); });
  }

  function isMapping(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // A format for files of data/, from its shape in formats.json.
  function dataFormat(shape) {
    return {
      fromFile: function (content) {
        var data = window.jsyaml.load(content) || {};
        each(data, shape.keyed, function (parent, key) {
          var mapping = parent[key];
          if (isMapping(mapping)) {
            parent[key] = Object.keys(mapping).map(function (id) { return { key: id, label: mapping[id] }; });
          }
        });
        each(data, shape.texts, function (parent, key) {
          if (typeof parent[key] === "string") {
            var text = {};
            text[shape.language] = parent[key];
            parent[key] = text;
          }
        });
        return data;
      },
      toFile: function (data) {
        var kept = withoutEmpty(data);
        shape.drop.forEach(function (key) { delete kept[key]; });
        each(kept, shape.numbers, function (parent, key) {
          if (typeof parent[key] === "string" && /^-?[0-9]+(\.[0-9]+)?$/.test(parent[key])) {
            parent[key] = Number(parent[key]);
          }
        });
        each(kept, shape.keyed, function (parent, key) {
          var list = parent[key];
          if (Array.isArray(list)) {
            var mapping = {};
            list.forEach(function (entry) {
              if (entry && entry.key) {
                mapping[entry.key] = entry.label === undefined ? "" : entry.label;
              }
            });
            parent[key] = mapping;
          }
        });
        return window.jsyaml.dump(kept, { lineWidth: -1, forceQuotes: true, quoteStyle: "double" });
      }
    };
  }

  // Decap's translations write "＋ Angebot" on the "new" button with U+FF0B (a full-width plus)
  // that common fonts lack: it showed as a broken glyph. Every phrase gets the plain "+".
  var LOCALES = ["bg", "ca", "cs", "da", "de", "en", "es", "fa", "fr", "gr", "he", "hr", "hu", "it", "ja",
                 "ko", "lt", "mk", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "th", "tr", "uk", "vi"];

  function plainPlus(phrases) {
    if (typeof phrases === "string") {
      return phrases.replace(/\uFF0B/g, "+");
    }
    if (phrases && typeof phrases === "object") {
      var fixed = Array.isArray(phrases) ? [] : {};
      Object.keys(phrases).forEach(function (key) { fixed[key] = plainPlus(phrases[key]); });
      return fixed;
    }
    return phrases;
  }

  LOCALES.forEach(function (code) {
    var phrases = window.CMS.getLocale(code);
    if (phrases) {
      window.CMS.registerLocale(code, plainPlus(phrases));
    }
  });

  // The preview: an item as its page shows it, in the site's own stylesheet (same origin, so the
  // admin's policy allows it). Facts are listed as the editor wrote them.
  var h = window.h;
  var STYLESHEET = new URL("../theme/css/portal.css", window.location.href).href;
  var PREVIEWED = ["offers", "trainings", "events", "donations", "pages"];
  var NOT_FACTS = ["title", "summary", "body", "draft", "minor_edit"];

  function shown(value) {
    if (value && typeof value.toJS === "function") {
      value = value.toJS();
    }
    if (Array.isArray(value)) {
      return value.map(shown).join(", ");
    }
    if (value && typeof value === "object") {
      return Object.keys(value).map(function (key) { return shown(value[key]); }).filter(Boolean).join(", ");
    }
    return value === undefined || value === null ? "" : String(value);
  }

  function ItemPreview(props) {
    var data = props.entry.get("data");
    var fields = [];
    props.collection.get("fields").forEach(function (field) {
      var name = field.get("name");
      var value = shown(data.get(name));
      if (NOT_FACTS.indexOf(name) < 0 && value) {
        fields.push(h("dt", { key: name + "-t" }, field.get("label")), h("dd", { key: name + "-d" }, value));
      }
    });
    return h("main", { className: "main" },
      h("article", { className: "detail detail--" + props.collection.get("name") },
        h("header", { className: "detail__header" },
          h("p", { className: "detail__section" }, props.collection.get("label")),
          h("h1", null, shown(data.get("title"))),
          data.get("summary") ? h("p", { className: "detail__summary" }, shown(data.get("summary"))) : null),
        fields.length ? h("dl", { className: "facts" }, fields) : null,
        h("div", { className: "detail__body prose" }, props.widgetFor("body"))));
  }

  window.CMS.registerPreviewStyle(STYLESHEET);
  PREVIEWED.forEach(function (name) { window.CMS.registerPreviewTemplate(name, ItemPreview); });

  window.CMS.registerCustomFormat("portal-frontmatter", "md", { fromFile: fromFile, toFile: toFile });
  BACKENDS.forEach(skipEmptyFiles);
  window.fetch("formats.json").then(function (response) { return response.json(); }).then(function (formats) {
    Object.keys(formats).forEach(function (name) {
      window.CMS.registerCustomFormat(name, "yaml", dataFormat(formats[name]));
    });
  }).finally(function () { window.CMS.init(); });
})();
