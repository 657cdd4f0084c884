/* Notices for notice boards (templates/partials/print.html): the links to #notice show the
   notice (CSS :target) and, with this file, open the print dialog, which then prints the
   notice alone. Without it the reader prints with the browser's menu. Loaded with defer. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll(".notice-sheet__print"), function (link) {
    link.hidden = false;
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest('a[href="#notice"]') : null;
    if (!link) { return; }
    event.preventDefault();
    if (window.location.hash !== "#notice") { window.location.hash = "notice"; }
    window.setTimeout(function () { window.print(); }, 50);
  });
}());
